package dev.gracefulshutdown.sample;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole-process test of a second signal during a long drain: by default someone who
 * presses Ctrl-C twice is tired of waiting, so the shutdown escalates to an immediate
 * halt with a hang report. (A second signal with {@code on-repeat=ignore} is in
 * {@link SignalShutdownIT}.)
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SecondSignalIT {

	private static final Duration MIN_DELAY = Duration.ofSeconds(20);

	private static final Duration LINE_TIMEOUT = Duration.ofSeconds(20);

	/**
	 * From the second signal to the exit seen here: the halt itself is immediate, so this
	 * is slack for a loaded machine, far below what is left of the drain.
	 */
	private static final Duration ESCALATION_SLACK = Duration.ofSeconds(3);

	private static final Pattern STARTED = Pattern
		.compile("Graceful shutdown started by signal \\(SIGINT\\): .*; shutdown id ([0-9a-f-]{36})");

	@Test
	void secondSigintDuringALongDrainEscalatesToAHaltWithTheTimeoutExitCode(TestInfo testInfo) throws Exception {
		try (SampleAppProcess app = SampleAppProcess.start(testInfo, "--graceful-shutdown.drain.min-delay=20s",
				"--graceful-shutdown.drain.max-delay=20s", "--graceful-shutdown.deadline=25s")) {
			app.signal("INT");
			Matcher started = STARTED.matcher(app.waitForLine(STARTED, LINE_TIMEOUT));
			assertThat(started.find()).isTrue();
			String id = started.group(1);
			long secondSignal = System.nanoTime();
			app.signal("INT");
			assertThat(app.awaitExit(Duration.ofSeconds(30))).as("exit code").isEqualTo(124);
			Duration secondSignalToExit = Duration.ofNanos(System.nanoTime() - secondSignal);
			assertThat(secondSignalToExit).isLessThan(ESCALATION_SLACK);
			assertThat(app.signalToExit()).isLessThan(MIN_DELAY);
			assertThat(app.linesContaining("SIGINT again during shutdown " + id + ": escalating, skipping the "
					+ "remaining waits (graceful-shutdown.signals.on-repeat=escalate); halting the JVM with exit code 124"))
				.singleElement()
				.asString()
				.contains(" ERROR ");
			assertThat(app.output()).contains("stage: drain, requests in flight: 0", "closing thread",
					"\"graceful-shutdown\"");
			assertThat(app.linesContaining("Graceful shutdown started")).hasSize(1);
			assertThat(app.linesContaining("Graceful shutdown complete in ")).isEmpty();
			assertThat(app.linesContaining("Farewell")).isEmpty();
			assertThat(app.linesContaining("Graceful shutdown deadline")).isEmpty();
		}
	}

}
