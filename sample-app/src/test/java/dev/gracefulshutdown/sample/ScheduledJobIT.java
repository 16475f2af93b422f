package dev.gracefulshutdown.sample;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole-process test of a {@code @Scheduled} job during a shutdown: the run in progress
 * when the signal comes finishes, however long it takes within the deadline, and no run
 * starts after the drain.
 */
@WholeProcessTest
class ScheduledJobIT {

	private static final Duration LINE_TIMEOUT = Duration.ofSeconds(20);

	@Test
	void runInProgressLongerThanThreeSecondsFinishesAsWithPlainSpringBoot(TestInfo testInfo) throws Exception {
		// 5 s: longer than the fixed 3 s the executors' drain used to allow, on Boot's
		// ThreadPoolTaskScheduler and, in the run on JDK 25, on its
		// SimpleAsyncTaskScheduler (virtual threads), whose close() would interrupt
		// a fixed-delay run.
		try (SampleAppProcess app = SampleAppProcess.start(testInfo, "--sample.refresh.enabled=true",
				"--sample.refresh.work=5s")) {
			app.waitForLine("cache refresh 1 started", LINE_TIMEOUT);
			app.signal("TERM");
			assertThat(app.awaitExit(Duration.ofSeconds(30))).as("exit code").isZero();
			assertThat(app.linesContaining("cache refresh 1 finished")).hasSize(1);
			// Without the cancel at the end of the drain, run 2 would be due 500ms after
			// run 1, which the shutdown waits for.
			assertThat(app.linesContaining("cache refresh 2 started")).isEmpty();
			assertThat(app.indexOfLine("cache refresh 1 finished")).as("run 1 finished before the summary")
				.isLessThan(app.indexOfLine("Graceful shutdown complete in "));
			assertThat(app.linesContaining("Graceful shutdown complete in ")).singleElement()
				.asString()
				.contains("exit code 0");
			assertThat(app.output()).doesNotContain("Executors still busy")
				.doesNotContain("InterruptedException")
				.doesNotContain("sleep interrupted");
		}
	}

}
