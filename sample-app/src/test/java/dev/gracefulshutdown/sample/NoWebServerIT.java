package dev.gracefulshutdown.sample;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole-process test of an application without a web server: a signal still runs the
 * whole sequence, drains the executors and ends with the graceful exit code.
 */
@WholeProcessTest
class NoWebServerIT {

	@Test
	void sigtermWithoutWebServerRunsTheSequenceAndExitsWithZero(TestInfo testInfo) throws Exception {
		try (SampleAppProcess app = SampleAppProcess.startWithoutWebServer(testInfo, "--sample.refresh.enabled=true",
				"--sample.refresh.work=1s")) {
			app.waitForLine("cache refresh 1 started", Duration.ofSeconds(20));
			app.signal("TERM");
			assertThat(app.awaitExit(Duration.ofSeconds(30))).as("exit code").isZero();
			assertThat(app.linesContaining("Graceful shutdown started by signal (SIGTERM)")).hasSize(1);
			assertThat(app.linesContaining("cache refresh 1 finished")).hasSize(1);
			assertThat(app.linesContaining("cache refresh 2 started")).isEmpty();
			assertThat(app.linesContaining("outbox-relay woke on the shutdown signal")).hasSize(1);
			assertThat(app.linesContaining("Graceful shutdown complete in ")).singleElement()
				.asString()
				.contains("reason signal (SIGTERM)", "exit code 0");
			assertThat(app.linesContaining("Farewell: graceful shutdown done, exiting with code 0")).hasSize(1);
			assertThat(app.output()).doesNotContain(" started on port ").doesNotContain(" ERROR ");
		}
	}

}
