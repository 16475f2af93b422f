package dev.gracefulshutdown.sample;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.parallel.Isolated;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole-process test of the backstop: when nothing reads the process's output any more (a
 * stalled container log driver), every thread that logs blocks, the watchdog's hang
 * report too, and the process still ends shortly after the deadline, with the timeout
 * exit code.
 * <p>
 * Alone, not beside other whole-process tests: its bound leaves 1.5 s for what a busy
 * machine may add, and JVMs starting next to it take that from it.
 */
@Isolated("its upper bound leaves 1.5 s of slack")
@WholeProcessTest
class HaltBackstopIT {

	private static final Duration DEADLINE = Duration.ofSeconds(4);

	/**
	 * The deadline, the backstop's grace (1.5 s), and the rest for sending the signal and
	 * seeing the exit on a loaded machine (0.5 s measured at a load of 14 on 2 cores).
	 */
	private static final Duration GONE_WITHIN = Duration.ofSeconds(7);

	@Test
	void processWhoseOutputIsBlockedEndsShortlyAfterTheDeadline(TestInfo testInfo) throws Exception {
		try (SampleAppProcess app = SampleAppProcess.startWithOutputRelay(testInfo,
				"--sample.fault.stop-logs-and-hangs=true",
				"--graceful-shutdown.deadline=" + DEADLINE.toSeconds() + "s")) {
			app.stopOutputRelay();
			app.signal("TERM");
			assertThat(app.awaitExit(Duration.ofSeconds(30))).as("exit code").isEqualTo(124);
			assertThat(app.signalToExit()).isGreaterThanOrEqualTo(DEADLINE).isLessThan(GONE_WITHIN);
			// The pipe was full: the component's logging blocked halfway through, and the
			// hang report never got out. The backstop ended the process.
			assertThat(app.linesContaining("LoggingStopThatHangs line 1 of 1024: ")).hasSize(1);
			assertThat(app.linesContaining("LoggingStopThatHangs logged all its lines")).isEmpty();
			assertThat(app.linesContaining("Graceful shutdown deadline of 4s passed")).isEmpty();
		}
	}

}
