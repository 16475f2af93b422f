package dev.gracefulshutdown.sample;

import java.time.Duration;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import static dev.gracefulshutdown.sample.StackFrames.frame;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole-process tests of the deadline: a component that never stops or a bean that is
 * never destroyed cannot hold the process past it, and the process says why it was
 * halted; a thread nobody stops does not hold it either.
 */
@WholeProcessTest
@Order(4)
class ShutdownDeadlineIT {

	private static final Duration DEADLINE = Duration.ofSeconds(4);

	/**
	 * Slack for the watchdog to write the hang report and halt, and for this JVM to see
	 * the exit: generous for a loaded machine, yet far below a second deadline.
	 */
	private static final Duration HALT_SLACK = Duration.ofSeconds(3);

	@Test
	void hungStopIsHaltedAtTheDeadlineWithTheTimeoutExitCodeAndAHangReport(TestInfo testInfo) throws Exception {
		try (SampleAppProcess app = SampleAppProcess.start(testInfo, "--sample.hang-on-stop=true",
				"--graceful-shutdown.deadline=" + DEADLINE.toSeconds() + "s")) {
			app.signal("TERM");
			assertThat(app.awaitExit(Duration.ofSeconds(30))).as("exit code").isEqualTo(124);
			assertThat(app.signalToExit()).isGreaterThanOrEqualTo(DEADLINE).isLessThan(DEADLINE.plus(HALT_SLACK));
			assertThat(app.linesContaining("Graceful shutdown deadline of 4s passed")).singleElement()
				.asString()
				.contains("halting the JVM with exit code 124");
			assertThat(app.output()).contains("closing thread", "\"graceful-shutdown\"")
				.containsPattern(frame("dev.gracefulshutdown.sample.StuckOnStopLifecycle.stop("));
			assertThat(app.linesContaining("Graceful shutdown complete in ")).isEmpty();
			assertThat(app.linesContaining("Farewell")).isEmpty();
		}
	}

	@Test
	@AlsoOnSpringBoot40
	void preDestroyThatNeverReturnsIsHaltedAtTheDeadlineAndTheReportNamesTheBean(TestInfo testInfo) throws Exception {
		try (SampleAppProcess app = SampleAppProcess.start(testInfo, "--sample.fault.pre-destroy-blocks=true",
				"--graceful-shutdown.deadline=" + DEADLINE.toSeconds() + "s")) {
			app.signal("TERM");
			assertThat(app.awaitExit(Duration.ofSeconds(30))).as("exit code").isEqualTo(124);
			assertThat(app.signalToExit()).isGreaterThanOrEqualTo(DEADLINE).isLessThan(DEADLINE.plus(HALT_SLACK));
			assertThat(app.linesContaining("Graceful shutdown deadline of 4s passed (signal (SIGTERM))"))
				.singleElement()
				.asString()
				.contains(" ERROR ", "halting the JVM with exit code 124");
			// Every phase had stopped: the hang is in bean destruction, and named.
			assertThat(app.indexOfLine("Lifecycle phases stopped: "))
				.isLessThan(app.indexOfLine("BlockingPreDestroyBean closing: this will hang"))
				.isNotNegative();
			assertThat(app.output())
				.contains("stage: release", "still running:",
						"- bean 'blockingPreDestroyBean' (dev.gracefulshutdown.sample.faults.BlockingPreDestroyBean)"
								+ " being destroyed for ")
				.containsPattern(frame("dev.gracefulshutdown.sample.faults.BlockingPreDestroyBean.close("));
			assertThat(app.linesContaining("Graceful shutdown complete in ")).isEmpty();
			assertThat(app.linesContaining("Farewell")).isEmpty();
		}
	}

	@Test
	void liveNonDaemonThreadDoesNotHoldTheProcessPastAGracefulExit(TestInfo testInfo) throws Exception {
		try (SampleAppProcess app = SampleAppProcess.start(testInfo, "--sample.fault.non-daemon-thread=true",
				"--graceful-shutdown.deadline=" + DEADLINE.toSeconds() + "s")) {
			assertThat(app.linesContaining("Started non-daemon thread 'sample-fault-non-daemon'")).hasSize(1);
			app.signal("TERM");
			// The starter ends the process itself once the sequence is over, so a thread
			// nobody stops cannot keep the JVM alive, and it is not a timeout either.
			assertThat(app.awaitExit(Duration.ofSeconds(30))).as("exit code").isZero();
			assertThat(app.signalToExit()).isLessThan(DEADLINE);
			assertThat(app.linesContaining("Graceful shutdown complete in ")).singleElement()
				.asString()
				.contains("exit code 0")
				.doesNotContain("overran");
			assertThat(app.linesContaining("Farewell: graceful shutdown done, exiting with code 0")).hasSize(1);
			assertThat(app.linesContaining("Graceful shutdown deadline")).isEmpty();
		}
	}

}
