package dev.gracefulshutdown.sample;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Order;

import static dev.gracefulshutdown.sample.StackFrames.frame;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole-process tests of a shutdown requested while the application is still starting.
 * <p>
 * Once the starter's signal handlers are installed (when every singleton exists), a
 * {@code SIGTERM} is a graceful shutdown like any other: the request is recorded at once,
 * Spring's close waits until the refresh is done, then the sequence runs while
 * {@code SpringApplication.run} finishes on the main thread. Before that, the signal
 * meets the JVM's own handler: the JVM exits with 143 and Spring Boot's shutdown hook
 * closes the context once it has refreshed.
 */
@Order(2)
@WholeProcessTest
class ShutdownDuringStartupIT {

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

	private static final Duration LINE_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(40);

	/**
	 * The sample's deadline: the watchdog is armed when the signal is handled, startup
	 * included.
	 */
	private static final Duration DEADLINE = Duration.ofSeconds(25);

	/**
	 * Slack for the watchdog to write the hang report and halt, and for this JVM to see
	 * the exit.
	 */
	private static final Duration HALT_SLACK = Duration.ofSeconds(3);

	private static final Pattern STACK_FRAME = Pattern.compile("^\\s+at ");

	private static final String SUMMARY = "Graceful shutdown complete in ";

	private final WholeProcessHttp http = new WholeProcessHttp(Duration.ofSeconds(10));

	@Test
	void sigtermDuringAStartupShutsDownOnceStartedAndReadinessNeverFlipsBack(TestInfo testInfo) throws Exception {
		// The drain lasts 3s at least: SpringApplication.run reports the application
		// ready while it is under way, with the application's port still open.
		try (SampleAppProcess app = SampleAppProcess.launch(testInfo, SampleAppProcess.MANAGEMENT_SERVER,
				"--sample.fault.slow-startup=5s", "--graceful-shutdown.drain.min-delay=3s")) {
			app.waitForLine("Slow startup: warming up for 5000 ms", STARTUP_TIMEOUT);
			app.usePortsLoggedSoFar();
			assertThat(readyz(app)).as("/readyz while starting").isEqualTo(503);
			app.signal("TERM");
			app.waitForLine("Graceful shutdown started by signal (SIGTERM)", LINE_TIMEOUT);
			app.waitForLine("Readiness changed to ACCEPTING_TRAFFIC during shutdown ", LINE_TIMEOUT);
			assertThat(readyz(app)).as("/readyz once the application has reported ready").isEqualTo(503);
			assertThat(app.awaitExit(EXIT_TIMEOUT)).as("exit code").isZero();
			assertThat(app.signalToExit()).isLessThan(DEADLINE);
			// The close waited for the refresh: the sequence began after the warm-up.
			assertThat(app.indexOfLine("Slow startup: warm-up done")).isBetween(0,
					app.indexOfLine("Graceful shutdown started"));
			assertThat(app.linesContaining("Started SampleApplication in ")).hasSize(1);
			assertOneCleanSequence(app, "reason signal (SIGTERM)", "exit code 0");
			assertThat(app.linesContaining("Farewell: graceful shutdown done, exiting with code 0")).hasSize(1);
		}
	}

	@Test
	void sigtermDuringAStartupWithTheDefaultDrainExitsCleanly(TestInfo testInfo) throws Exception {
		// Nothing is in flight, so the drain ends at once and the close races the end of
		// SpringApplication.run on the main thread.
		try (SampleAppProcess app = SampleAppProcess.launch(testInfo, SampleAppProcess.MANAGEMENT_SERVER,
				"--sample.fault.slow-startup=3s")) {
			app.waitForLine("Slow startup: warming up for 3000 ms", STARTUP_TIMEOUT);
			app.signal("TERM");
			assertThat(app.awaitExit(EXIT_TIMEOUT)).as("exit code").isZero();
			assertThat(app.signalToExit()).isLessThan(DEADLINE);
			assertThat(app.indexOfLine("Slow startup: warm-up done")).isBetween(0,
					app.indexOfLine("Graceful shutdown started"));
			assertOneCleanSequence(app, "reason signal (SIGTERM)", "exit code 0");
			assertThat(app.linesContaining("Farewell: graceful shutdown done, exiting with code 0")).hasSize(1);
		}
	}

	@Test
	void startupThatOutlastsTheDeadlineIsHaltedAtTheDeadline(TestInfo testInfo) throws Exception {
		// The deadline counts from the signal, startup included. The sequence never
		// begins: the close still waits for the refresh when the watchdog halts.
		Duration deadline = Duration.ofSeconds(3);
		try (SampleAppProcess app = SampleAppProcess.launch(testInfo, SampleAppProcess.MANAGEMENT_SERVER,
				"--sample.fault.slow-startup=60s", "--graceful-shutdown.deadline=" + deadline.toSeconds() + "s")) {
			app.waitForLine("Slow startup: warming up for 60000 ms", STARTUP_TIMEOUT);
			app.signal("TERM");
			assertThat(app.awaitExit(EXIT_TIMEOUT)).as("exit code").isEqualTo(124);
			assertThat(app.signalToExit()).isGreaterThanOrEqualTo(deadline).isLessThan(deadline.plus(HALT_SLACK));
			assertThat(app.linesContaining("Graceful shutdown deadline of 3s passed (signal (SIGTERM))"))
				.singleElement()
				.asString()
				.contains(" ERROR ", "halting the JVM with exit code 124");
			// The hang report says the close has not begun and shows where the startup
			// is: the main thread's stack.
			assertThat(app.output())
				.contains("stage: none yet (the context has not begun to close: still starting?)",
						"\"main\" TIMED_WAITING")
				.containsPattern(frame("dev.gracefulshutdown.sample.faults.SlowStartupLifecycle.start("));
			assertThat(app.linesContaining("Slow startup: warm-up done")).isEmpty();
			assertThat(app.linesContaining("Graceful shutdown started")).isEmpty();
			assertThat(app.linesContaining(SUMMARY)).isEmpty();
		}
	}

	@Test
	void sigtermBeforeTheSignalHandlersAreInstalledIsLeftToTheJvm(TestInfo testInfo) throws Exception {
		// The slow bean is initialized before the last singleton exists, so the
		// starter's handlers cannot be installed yet: the JVM's own handler starts the
		// exit with 143, and Spring Boot's shutdown hook closes the context once its
		// refresh is done, which the starter runs as a JVM exit.
		try (SampleAppProcess app = SampleAppProcess.launch(testInfo, SampleAppProcess.MANAGEMENT_SERVER,
				"--sample.fault.slow-bean-init=3s")) {
			app.waitForLine("Slow bean initialization: initializing for 3000 ms", STARTUP_TIMEOUT);
			app.signal("TERM");
			assertThat(app.awaitExit(EXIT_TIMEOUT)).as("exit code").isEqualTo(143);
			assertThat(app.signalToExit()).isLessThan(DEADLINE);
			assertThat(app.indexOfLine("Slow bean initialization: done")).isBetween(0,
					app.indexOfLine("Graceful shutdown started"));
			assertOneCleanSequence(app, "reason JVM exit (JVM shutdown hook)");
			assertThat(app.linesContaining("Graceful shutdown started by JVM exit (JVM shutdown hook)")).hasSize(1);
			assertThat(app.linesContaining("Farewell")).isEmpty();
		}
	}

	private void assertOneCleanSequence(SampleAppProcess app, String... summary) {
		assertThat(app.linesContaining("Graceful shutdown started")).hasSize(1);
		assertThat(app.linesContaining(SUMMARY)).singleElement().asString().contains(summary);
		List<String> lines = List.of(app.output().split("\\R"));
		assertThat(lines).noneMatch((line) -> STACK_FRAME.matcher(line).find())
			.noneMatch((line) -> line.contains("Exception"))
			.noneMatch((line) -> line.contains(" ERROR "));
	}

	private int readyz(SampleAppProcess app) throws Exception {
		return this.http.get(app.uri("/readyz")).statusCode();
	}

}
