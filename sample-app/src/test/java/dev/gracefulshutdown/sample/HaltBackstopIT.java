package dev.gracefulshutdown.sample;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole-process test of the backstop: when nothing reads the process's output any more (a
 * stalled container log driver), every thread that logs blocks, the watchdog's hang
 * report too, and the process still ends shortly after the deadline, with the timeout
 * exit code. Without the backstop it would never end (the wait for its exit gives up
 * after 30 s).
 */
@WholeProcessTest
class HaltBackstopIT {

	private static final Duration DEADLINE = Duration.ofSeconds(4);

	/**
	 * The deadline, the backstop's grace (1.5 s), and the rest for sending the signal and
	 * seeing the exit on a loaded machine, next to the other whole-process tests (0.5 s
	 * measured at a load of 14 on 2 cores; 3.5 s allowed).
	 */
	private static final Duration GONE_WITHIN = Duration.ofSeconds(9);

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
