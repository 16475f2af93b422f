package dev.gracefulshutdown.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.gracefulshutdown.ShutdownReason;
import dev.gracefulshutdown.ShutdownReport;
import dev.gracefulshutdown.actuate.GracefulShutdownEndpoint;
import dev.gracefulshutdown.core.internal.ShutdownCoordinator;
import dev.gracefulshutdown.report.LastShutdownReport;
import dev.gracefulshutdown.report.ShutdownReportFile;
import dev.gracefulshutdown.report.ShutdownReportLogger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests for the report beans of {@link GracefulShutdownAutoConfiguration} and the
 * {@code lastShutdown} of the endpoint.
 */
@ExtendWith(OutputCaptureExtension.class)
class ShutdownReportAutoConfigurationTests {

	private static final Duration UPPER_BOUND = Duration.ofSeconds(30);

	private static final Duration STARTUP_BOUND = Duration.ofSeconds(30);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GracefulShutdownAutoConfiguration.class,
				GracefulShutdownEndpointAutoConfiguration.class))
		.withPropertyValues("graceful-shutdown.signals.enabled=false",
				"management.endpoints.web.exposure.include=shutdown-graceful",
				"management.endpoint.shutdown-graceful.access=READ_ONLY");

	@TempDir
	Path directory;

	@Test
	void withoutAReportFileTheSummaryIsLoggedAndNothingIsRead() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ShutdownReportLogger.class);
			assertThat(context).doesNotHaveBean(ShutdownReportFile.class);
			assertThat(context.getBean(LastShutdownReport.class).report()).isEmpty();
			assertThat(context.getBean(GracefulShutdownEndpoint.class).status()).doesNotContainKey("lastShutdown");
		});
	}

	@Test
	void theSummaryTableFollowsTheOneLineSummary(CapturedOutput output) {
		this.contextRunner.run((context) -> closeAndAwait(context.getBean(ShutdownCoordinator.class), context));
		String out = output.getOut();
		assertThat(out).contains("Graceful shutdown complete in ").contains("Shutdown report ");
		assertThat(out.indexOf("Shutdown report ")).isGreaterThan(out.indexOf("Graceful shutdown complete in "));
		assertThat(out).contains("context close (ApplicationContext.close()), completed in ")
			.containsPattern("\\n  stage +start +duration\\n  announce ");
	}

	@Test
	void theReportCanBeLoggedAsJsonOrNotAtAll(CapturedOutput output) {
		this.contextRunner.withPropertyValues("graceful-shutdown.report.log=json")
			.run((context) -> closeAndAwait(context.getBean(ShutdownCoordinator.class), context));
		assertThat(output).contains("Shutdown report: {\"format\":1,").doesNotContain("Shutdown report ");
		this.contextRunner.withPropertyValues("graceful-shutdown.report.log=none")
			.run((context) -> closeAndAwait(context.getBean(ShutdownCoordinator.class), context));
		assertThat(output.getOut().split("Shutdown report: ", -1)).hasSize(2);
	}

	@Test
	void aShutdownWritesTheReportFileAndTheNextStartShowsIt() {
		Path file = this.directory.resolve("state/report.json");
		String[] reportFile = { "graceful-shutdown.report.file=" + file };
		String[] id = new String[1];
		this.contextRunner.withPropertyValues(reportFile).run((context) -> {
			assertThat(context.getBean(LastShutdownReport.class).report()).isEmpty();
			ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
			closeAndAwait(coordinator, context);
			id[0] = coordinator.handle().id();
		});
		assertThat(file).isRegularFile();
		this.contextRunner.withPropertyValues(reportFile).run((context) -> {
			ShutdownReport last = context.getBean(LastShutdownReport.class).report().orElseThrow();
			assertThat(last.id()).isEqualTo(id[0]);
			assertThat(last.reason()).isEqualTo(ShutdownReason.CONTEXT_CLOSED);
			Map<String, Object> status = context.getBean(GracefulShutdownEndpoint.class).status();
			assertThat(status).containsEntry("state", "RUNNING").containsKey("lastShutdown");
			@SuppressWarnings("unchecked")
			Map<String, Object> lastShutdown = (Map<String, Object>) status.get("lastShutdown");
			assertThat(lastShutdown).containsEntry("id", id[0])
				.containsEntry("reason", "CONTEXT_CLOSED")
				.containsEntry("outcome", "COMPLETED")
				.containsKeys("stages", "phases", "requests", "durationMillis");
		});
	}

	@Test
	void aCorruptReportFileDoesNotStopStartup(CapturedOutput output) throws Exception {
		Path file = Files.writeString(this.directory.resolve("report.json"), "not json at all");
		this.contextRunner.withPropertyValues("graceful-shutdown.report.file=" + file).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(LastShutdownReport.class).report()).isEmpty();
			assertThat(context.getBean(GracefulShutdownEndpoint.class).status()).doesNotContainKey("lastShutdown");
		});
		assertThat(output).containsOnlyOnce("Ignoring the report of the previous shutdown in " + file);
	}

	@Test
	void aDirectoryAsReportFileFailsStartupNamingTheKey() {
		this.contextRunner.withPropertyValues("graceful-shutdown.report.file=" + this.directory).run((context) -> {
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
						(ex) -> assertThat(ex.getName()).isEqualTo("graceful-shutdown.report.file"))
				.hasMessageContaining("it is a directory; name a file in it, such as "
						+ this.directory.resolve("shutdown-report.json"));
		});
	}

	@Test
	void aFileAsReportDirectoryFailsStartupNamingTheKey() throws Exception {
		Path blocker = Files.writeString(this.directory.resolve("blocker"), "x");
		this.contextRunner.withPropertyValues("graceful-shutdown.report.file=" + blocker.resolve("report.json"))
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("Property graceful-shutdown.report.file with value '")
				.hasMessageContaining(blocker + " is not a directory"));
	}

	@Test
	void aFifoAsReportFileFailsStartupNamingTheKeyInsteadOfHanging() throws Exception {
		Path fifo = this.directory.resolve("report.json");
		Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
		assumeTrue(mkfifo.waitFor(30, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "needs mkfifo");
		CompletableFuture<Throwable> failure = startInTheBackground("graceful-shutdown.report.file=" + fifo);
		try {
			assertThat(failure).succeedsWithin(STARTUP_BOUND)
				.satisfies((startupFailure) -> assertThat(startupFailure).rootCause()
					.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
							(ex) -> assertThat(ex.getName()).isEqualTo("graceful-shutdown.report.file"))
					.hasMessageContaining("it is a FIFO, not a regular file"));
		}
		finally {
			if (!failure.isDone()) {
				// Let the read that hangs on opening the FIFO go.
				Files.newOutputStream(fifo).close();
			}
		}
	}

	@Test
	void aDeviceAsReportFileFailsStartupNamingTheKey() {
		assumeTrue(Files.exists(Path.of("/dev/zero")), "needs /dev/zero");
		CompletableFuture<Throwable> failure = startInTheBackground("graceful-shutdown.report.file=/dev/zero");
		assertThat(failure).succeedsWithin(STARTUP_BOUND)
			.satisfies((startupFailure) -> assertThat(startupFailure).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("Property graceful-shutdown.report.file with value '")
				.hasMessageContaining("it is a character device, not a regular file"));
	}

	@Test
	void aDirectoryThatAcceptsNoFilesFailsStartupNamingTheKey() {
		// procfs refuses new files to every user, root included, where permission bits
		// would not.
		assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs Linux's /proc");
		this.contextRunner.withPropertyValues("graceful-shutdown.report.file=/proc/self/report.json")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("Property graceful-shutdown.report.file with value '")
				.hasMessageContaining("the report cannot be written in /proc/self"));
	}

	@Test
	void aReadOnlyDirectoryFailsStartupNamingTheKey() throws Exception {
		Path readOnly = Files.createDirectory(this.directory.resolve("read-only"));
		Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
		try {
			assumeFalse(Files.isWritable(readOnly),
					"permission bits do not stop this user (root) from writing; see the /proc test");
			this.contextRunner.withPropertyValues("graceful-shutdown.report.file=" + readOnly.resolve("report.json"))
				.run((context) -> assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidConfigurationPropertyValueException.class)
					.hasMessageContaining("Property graceful-shutdown.report.file with value '")
					.hasMessageContaining("the report cannot be written in " + readOnly)
					.hasMessageContaining("(permission denied)"));
		}
		finally {
			Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
		}
	}

	@Test
	void aMissingDirectoryIsCreatedAtStartup() {
		Path file = this.directory.resolve("new/dir/report.json");
		this.contextRunner.withPropertyValues("graceful-shutdown.report.file=" + file).run((context) -> {
			assertThat(context).hasNotFailed();
			// Created and tried, with nothing left in it until the first shutdown.
			assertThat(file.getParent()).isEmptyDirectory();
		});
	}

	/**
	 * Start a context on a thread of its own, so that a startup that hangs fails the test
	 * instead of hanging it.
	 * @param properties the properties
	 * @return the startup failure, {@code null} if it started
	 */
	private CompletableFuture<Throwable> startInTheBackground(String... properties) {
		return CompletableFuture.supplyAsync(() -> {
			Throwable[] failure = new Throwable[1];
			this.contextRunner.withPropertyValues(properties)
				.run((context) -> failure[0] = context.getStartupFailure());
			return failure[0];
		}, (task) -> {
			Thread thread = new Thread(task, "start-context");
			thread.setDaemon(true);
			thread.start();
		});
	}

	private static void closeAndAwait(ShutdownCoordinator coordinator,
			org.springframework.context.ConfigurableApplicationContext context) throws InterruptedException {
		context.close();
		assertThat(coordinator.awaitCompletion(UPPER_BOUND)).isTrue();
	}

}
