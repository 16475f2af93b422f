package dev.gracefulshutdown.sample;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.jayway.jsonpath.JsonPath;
import dev.gracefulshutdown.ShutdownOutcome;
import dev.gracefulshutdown.ShutdownReport;
import dev.gracefulshutdown.report.ShutdownReportJson;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole-process test of the report when the JVM's exit outlives the deadline after the
 * sequence completed: the report file, and the next start, state the exit code the
 * process really ended with.
 */
@WholeProcessTest
@Order(14)
class ReportAfterHaltIT {

	private static final Duration DEADLINE = Duration.ofSeconds(4);

	private static final Duration LINE_TIMEOUT = Duration.ofSeconds(20);

	private final WholeProcessHttp http = new WholeProcessHttp(Duration.ofSeconds(10));

	@TempDir
	Path directory;

	@Test
	void jvmShutdownHookThatOutlivesTheDeadlineEndsInTheReportWithTheTimeoutExitCode(TestInfo testInfo)
			throws Exception {
		Path file = this.directory.resolve("report.json");
		String reportFile = "--graceful-shutdown.report.file=" + file;
		String name = testInfo.getTestMethod().get().getName();
		try (SampleAppProcess app = SampleAppProcess.start(name + "-first", SampleAppProcess.MANAGEMENT_SERVER,
				reportFile, "--sample.fault.jvm-shutdown-hook-blocks=true",
				"--graceful-shutdown.deadline=" + DEADLINE.toSeconds() + "s")) {
			app.signal("TERM");
			assertThat(app.awaitExit(Duration.ofSeconds(30))).as("exit code").isEqualTo(124);
			assertThat(app.signalToExit()).isGreaterThanOrEqualTo(DEADLINE);
			// The sequence completed and chose the graceful exit; the application's own
			// JVM shutdown hook then held the exit up until the watchdog halted it. (What
			// the hook and the watchdog log is often lost: Spring Boot's shutdown hook,
			// which runs at the same time, stops the logging system.)
			assertThat(app.linesContaining("Graceful shutdown complete in ")).singleElement()
				.asString()
				.contains("exit code 0");
			assertThat(app.linesContaining("Farewell: graceful shutdown done, exiting with code 0")).hasSize(1);
		}
		ShutdownReport report = ShutdownReportJson.read(Files.readString(file));
		assertThat(report.exitCode()).isEqualTo(124);
		assertThat(report.outcome()).isEqualTo(ShutdownOutcome.DEADLINE_EXCEEDED);
		assertThat(report.duration()).isGreaterThanOrEqualTo(DEADLINE);
		assertThat(report.stragglers())
			.anySatisfy((straggler) -> assertThat(straggler).startsWith("the JVM's exit: its shutdown hooks")
				.endsWith("after the shutdown sequence completed"));

		try (SampleAppProcess app = SampleAppProcess.start(name + "-second", SampleAppProcess.MANAGEMENT_SERVER,
				reportFile)) {
			app.waitForLine("Previous shutdown " + report.id(), LINE_TIMEOUT);
			assertThat(app.linesContaining("Previous shutdown " + report.id())).singleElement()
				.asString()
				.contains("DEADLINE_EXCEEDED", "exit code 124");
			HttpResponse<String> status = this.http.get(app.managementUri("/actuator/shutdown-graceful"));
			assertThat(status.statusCode()).isEqualTo(200);
			assertThat((Integer) JsonPath.read(status.body(), "$.lastShutdown.exitCode")).isEqualTo(124);
			assertThat((String) JsonPath.read(status.body(), "$.lastShutdown.outcome")).isEqualTo("DEADLINE_EXCEEDED");
			HttpResponse<String> exitCode = this.http
				.get(app.managementUri("/actuator/metrics/graceful.shutdown.last.exit.code"));
			assertThat(exitCode.statusCode()).isEqualTo(200);
			assertThat((Double) JsonPath.read(exitCode.body(), "$.measurements[0].value")).isEqualTo(124.0);
			app.signal("TERM");
			assertThat(app.awaitExit(Duration.ofSeconds(30))).as("exit code").isZero();
		}
	}

}
