package dev.gracefulshutdown.sample;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole-process test of the deadline: a component that never stops cannot hold the
 * process past it, and the process says why it was halted.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
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
			assertThat(app.output()).contains("closing thread", "\"graceful-shutdown\"",
					"at dev.gracefulshutdown.sample.StuckOnStopLifecycle.stop(");
			assertThat(app.linesContaining("Graceful shutdown complete in ")).isEmpty();
			assertThat(app.linesContaining("Farewell")).isEmpty();
		}
	}

}
