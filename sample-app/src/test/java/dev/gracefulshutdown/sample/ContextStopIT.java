package dev.gracefulshutdown.sample;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole-process test of {@code ConfigurableApplicationContext.stop()} followed by
 * {@code start()}: a stop is no shutdown. The executors keep taking tasks, no shutdown
 * hook runs and no shutdown is reported, and the {@code SIGTERM} that comes later still
 * runs the whole sequence.
 */
@WholeProcessTest
class ContextStopIT {

	private static final Duration LINE_TIMEOUT = Duration.ofSeconds(20);

	private static final String TASK_RAN = "After stop() and start(), applicationTaskExecutor took a task: task ran on ";

	@Test
	void stopAndStartLeaveTheApplicationWorkingAndASigtermStillRunsTheWholeSequence(TestInfo testInfo)
			throws Exception {
		// Without a web server: what a stop does to Spring Boot's own web servers is not
		// the starter's business.
		try (SampleAppProcess app = SampleAppProcess.startWithoutWebServer(testInfo,
				"--sample.fault.stop-and-start=true")) {
			app.waitForLine(TASK_RAN, LINE_TIMEOUT);
			assertThat(app.linesContaining("Graceful shutdown")).isEmpty();
			assertThat(app.linesContaining("Audit log closed")).as("the sample's release hook").isEmpty();
			assertThat(app.linesContaining("Lifecycle phases stopped")).isEmpty();
			assertThat(app.linesContaining("Shutdown report")).isEmpty();
			assertThat(app.output()).doesNotContain("Failed to stop bean")
				.doesNotContain("Exception")
				.doesNotContain(" ERROR ");
			app.signal("TERM");
			// A functional bound, not a benchmark: nothing is in flight, so nothing
			// waits.
			assertThat(app.awaitExit(Duration.ofSeconds(10))).as("exit code").isZero();
			assertThat(app.linesContaining("Graceful shutdown started by signal (SIGTERM)")).hasSize(1);
			assertThat(app.linesContaining("Lifecycle phases stopped")).singleElement()
				.asString()
				.contains("(executors-drain)", "gracefulShutdownExecutorsDrain");
			assertThat(app.linesContaining("Audit log closed")).hasSize(1);
			assertThat(app.linesContaining("Graceful shutdown complete in ")).singleElement()
				.asString()
				.contains("reason signal (SIGTERM)", "requests in flight at start 0", "release", "exit code 0");
			assertThat(app.linesContaining("Farewell: graceful shutdown done, exiting with code 0")).hasSize(1);
			assertThat(app.output()).doesNotContain(" ERROR ").doesNotContain("Exception");
		}
	}

}
