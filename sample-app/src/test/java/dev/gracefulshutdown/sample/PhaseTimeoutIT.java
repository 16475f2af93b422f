package dev.gracefulshutdown.sample;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import static dev.gracefulshutdown.sample.StackFrames.frame;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole-process tests of the lifecycle phase timeouts: a bean that does not stop is named
 * when its phase times out, long before the deadline, and the process says so with its
 * exit code.
 */
@WholeProcessTest
class PhaseTimeoutIT {

	private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(2);

	/**
	 * Far above the phase timeout, so that an exit near the phase timeout cannot be the
	 * deadline's doing.
	 */
	private static final Duration DEADLINE = Duration.ofSeconds(10);

	/**
	 * Slack for the rest of the sequence (or the halt) and for this JVM to see the exit:
	 * generous for a loaded machine, yet well below the deadline.
	 */
	private static final Duration SLACK = Duration.ofSeconds(3);

	private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

	private static final String DEFAULT_PHASE = "Shutdown phase 2147483647 (default)";

	@Test
	void asyncStopThatNeverCallsBackTimesOutItsPhaseAndTheShutdownGoesOn(TestInfo testInfo) throws Exception {
		try (SampleAppProcess app = SampleAppProcess.start(testInfo, "--sample.fault.stop-never-calls-back=true",
				"--graceful-shutdown.phases.timeouts.default=2s", "--graceful-shutdown.deadline=10s")) {
			app.signal("TERM");
			assertThat(app.awaitExit(EXIT_TIMEOUT)).as("exit code").isEqualTo(124);
			assertThat(app.signalToExit()).isGreaterThanOrEqualTo(PHASE_TIMEOUT)
				.isLessThan(PHASE_TIMEOUT.plus(SLACK))
				.isLessThan(DEADLINE);
			assertThat(app.linesContaining(DEFAULT_PHASE + " timed out after 2s with 1 bean still running: "
					+ "'stopNeverCallsBackLifecycle' (dev.gracefulshutdown.sample.faults.StopNeverCallsBackLifecycle)"
					+ " stopping for "))
				.singleElement()
				.asString()
				.contains(" WARN ", "has not called back", "Going on with the next phase");
			assertThat(app.linesContaining("Hang report for shutdown phase 2147483647 (default) (timeout 2s)"))
				.singleElement()
				.asString()
				.contains(" WARN ");
			// The sequence went on: the later phases stopped, the beans were destroyed.
			int hangReport = app.indexOfLine("Hang report for shutdown phase");
			assertThat(app.indexOfLine("job-worker stopped")).isGreaterThan(hangReport);
			assertThat(app.linesContaining("Lifecycle phases stopped: ")).singleElement()
				.asString()
				.contains("2147483647 (default)", "TIMED OUT after 2s", "stopNeverCallsBackLifecycle still running",
						"jobWorker");
			assertThat(app.linesContaining("Graceful shutdown complete in ")).singleElement()
				.asString()
				.contains("exit code 124", "something overran its timeout");
			assertThat(app
				.linesContaining("Farewell: shutdown done, something overran its timeout, exiting with code 124"))
				.hasSize(1);
			assertThat(app.linesContaining("Graceful shutdown deadline")).isEmpty();
		}
	}

	@Test
	void stopThatNeverReturnsIsHaltedAtItsPhaseTimeoutWithAHangReport(TestInfo testInfo) throws Exception {
		try (SampleAppProcess app = SampleAppProcess.start(testInfo, "--sample.hang-on-stop=true",
				"--graceful-shutdown.phases.timeout=2s", "--graceful-shutdown.deadline=10s")) {
			app.signal("TERM");
			assertThat(app.awaitExit(EXIT_TIMEOUT)).as("exit code").isEqualTo(124);
			assertThat(app.signalToExit()).isGreaterThanOrEqualTo(PHASE_TIMEOUT)
				.isLessThan(PHASE_TIMEOUT.plus(SLACK))
				.isLessThan(DEADLINE);
			assertThat(app.linesContaining(DEFAULT_PHASE + " overran its timeout of 2s: stop() of bean "
					+ "'stuckOnStopLifecycle' (dev.gracefulshutdown.sample.StuckOnStopLifecycle) has not returned"))
				.singleElement()
				.asString()
				.contains(" ERROR ", "halting the JVM with exit code 124");
			assertThat(app.output())
				.contains("stage: stop, phase: 2147483647 (default)",
						"- 'stuckOnStopLifecycle' (dev.gracefulshutdown.sample.StuckOnStopLifecycle) stopping for ",
						"stop() has not returned")
				.containsPattern(frame("dev.gracefulshutdown.sample.StuckOnStopLifecycle.stop("));
			assertThat(app.linesContaining("Graceful shutdown deadline")).isEmpty();
			assertThat(app.linesContaining("Graceful shutdown complete in ")).isEmpty();
			assertThat(app.linesContaining("Farewell")).isEmpty();
		}
	}

}
