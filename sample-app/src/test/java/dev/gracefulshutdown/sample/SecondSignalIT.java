package dev.gracefulshutdown.sample;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.gracefulshutdown.sample.SampleAppProcess.SignalStorm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Order;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole-process tests of a second signal during the shutdown. A second {@code SIGTERM}
 * joins it (process managers and wrapper scripts forward it, systemd sends it to the
 * whole control group): the request in flight completes and the exit code is that of a
 * single {@code SIGTERM}. A second {@code SIGINT} pressed by a person escalates to an
 * immediate halt with a hang report, unless it comes within the repeat window of the
 * first: then it is the same Ctrl-C delivered twice, and joins.
 */
@Order(8)
@WholeProcessTest
class SecondSignalIT {

	private static final Duration MIN_DELAY = Duration.ofSeconds(20);

	private static final Duration LINE_TIMEOUT = Duration.ofSeconds(20);

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

	/**
	 * From the second signal to the exit seen here: the halt itself is immediate, so this
	 * is slack for a loaded machine, far below what is left of the drain.
	 */
	private static final Duration ESCALATION_SLACK = Duration.ofSeconds(3);

	/**
	 * Longer than the default repeat window (500 ms): a second Ctrl-C this long after the
	 * first is a person pressing it again.
	 */
	private static final int PAUSE_MILLIS = 800;

	private static final Pattern STARTED = Pattern
		.compile("Graceful shutdown started by signal \\(SIG(?:INT|TERM)\\): .*; shutdown id ([0-9a-f-]{36})");

	private final WholeProcessHttp http = new WholeProcessHttp();

	@Test
	void secondSigtermDuringAHeldRequestJoinsAndTheRequestCompletes(TestInfo testInfo) throws Exception {
		try (SampleAppProcess app = SampleAppProcess.start(testInfo)) {
			CompletableFuture<HttpResponse<String>> response = this.http.getAsync(app.uri("/slow?ms=4000"));
			app.waitForLine("slow request started (4000 ms)", LINE_TIMEOUT);
			app.signal("TERM");
			String id = shutdownId(app);
			app.signal("TERM");
			app.waitForLine("SIGTERM again during shutdown " + id + ": it joins the shutdown"
					+ " (graceful-shutdown.signals.on-repeat.TERM=join)", LINE_TIMEOUT);
			HttpResponse<String> completed = response.get(REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			assertThat(completed.statusCode()).isEqualTo(200);
			assertThat(completed.body()).isEqualTo("slept 4000 ms");
			assertThat(app.awaitExit(EXIT_TIMEOUT)).as("exit code").isZero();
			assertThat(app.linesContaining("Graceful shutdown started")).hasSize(1);
			assertThat(app.linesContaining("Graceful shutdown complete in ")).singleElement()
				.asString()
				.contains("requests in flight at start 1", "exit code 0");
			assertThat(app.linesContaining("Farewell: graceful shutdown done, exiting with code 0")).hasSize(1);
			assertThat(app.output()).doesNotContain("Exception").doesNotContain(" ERROR ");
		}
	}

	@Test
	void secondSigintDuringALongDrainEscalatesToAHaltWithTheTimeoutExitCode(TestInfo testInfo) throws Exception {
		try (SampleAppProcess app = SampleAppProcess.start(testInfo, "--graceful-shutdown.drain.min-delay=20s",
				"--graceful-shutdown.drain.max-delay=20s", "--graceful-shutdown.deadline=25s")) {
			app.signal("INT");
			String id = shutdownId(app);
			// Served during the drain, and over only when more than the repeat window has
			// passed since the first Ctrl-C.
			HttpResponse<String> pause = this.http.getAsync(app.uri("/slow?ms=" + PAUSE_MILLIS))
				.get(REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			assertThat(pause.statusCode()).isEqualTo(200);
			long secondSignal = System.nanoTime();
			app.signal("INT");
			assertThat(app.awaitExit(EXIT_TIMEOUT)).as("exit code").isEqualTo(124);
			Duration secondSignalToExit = Duration.ofNanos(System.nanoTime() - secondSignal);
			assertThat(secondSignalToExit).isLessThan(ESCALATION_SLACK);
			assertThat(app.signalToExit()).isLessThan(MIN_DELAY);
			assertThat(app.linesContaining("SIGINT again during shutdown " + id + ": escalating, skipping the "
					+ "remaining waits (graceful-shutdown.signals.on-repeat.INT=escalate); halting the JVM with exit code 124"))
				.singleElement()
				.asString()
				.contains(" ERROR ");
			// The pause request may still be counted in flight: its response reaches the
			// client before the server has finished with it.
			assertThat(app.output()).contains("stage: drain, requests in flight: ", "closing thread",
					"\"graceful-shutdown\"");
			assertThat(app.linesContaining("Graceful shutdown started")).hasSize(1);
			assertThat(app.linesContaining("Graceful shutdown complete in ")).isEmpty();
			assertThat(app.linesContaining("Farewell")).isEmpty();
			assertThat(app.linesContaining("Graceful shutdown deadline")).isEmpty();
		}
	}

	@Test
	void twoSigintWithinTheRepeatWindowAreOneCtrlCAndTheShutdownCompletes(TestInfo testInfo) throws Exception {
		// What a terminal's process group and a forwarding parent do with one Ctrl-C.
		// 50 ms apart, so that the kernel delivers them one by one.
		try (SampleAppProcess app = SampleAppProcess.start(testInfo, "--graceful-shutdown.drain.min-delay=3s")) {
			SignalStorm twice = app.signalStorm("INT", 2, Duration.ofMillis(50));
			assertThat(twice.sent()).isEqualTo(2);
			String id = shutdownId(app);
			List<String> joined = app
				.waitForLines(Pattern.compile("SIGINT again \\d+ ms after the first signal of shutdown " + id
						+ ": taken for the same signal delivered twice, it joins the shutdown"
						+ " \\(within graceful-shutdown.signals.repeat-window=500ms\\)"), 1, LINE_TIMEOUT);
			assertThat(joined).singleElement().asString().contains(" INFO ");
			assertThat(app.awaitExit(EXIT_TIMEOUT)).as("exit code").isZero();
			assertThat(app.linesContaining("Graceful shutdown started")).hasSize(1);
			assertThat(app.linesContaining("Graceful shutdown complete in ")).singleElement()
				.asString()
				.contains("reason signal (SIGINT)", "exit code 0");
			assertThat(app.output()).doesNotContain("Exception").doesNotContain(" ERROR ");
		}
	}

	private static String shutdownId(SampleAppProcess app) throws InterruptedException {
		Matcher started = STARTED.matcher(app.waitForLine(STARTED, LINE_TIMEOUT));
		assertThat(started.find()).isTrue();
		return started.group(1);
	}

}
