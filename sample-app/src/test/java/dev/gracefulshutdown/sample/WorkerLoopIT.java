package dev.gracefulshutdown.sample;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole-process test of a worker loop on the {@code ShutdownSignal}: the sample's
 * {@link OutboxRelay} waits up to 1 s between batches, and wakes as soon as the shutdown
 * is requested, as the relay itself measures.
 */
@WholeProcessTest
class WorkerLoopIT {

	private static final Pattern WOKE = Pattern
		.compile("outbox-relay woke on the shutdown signal (-?\\d+) ms after the shutdown was requested");

	/**
	 * Half of the relay's wait between batches: a wait that ran out instead of being
	 * woken logs no such line at all, and one that merely happened to end soon after the
	 * signal cannot pass this bound every time.
	 */
	private static final long MAX_WAKE_UP_MILLIS = 500;

	@Test
	void workerLoopWakesAtOnceOnTheShutdownSignal(TestInfo testInfo) throws Exception {
		try (SampleAppProcess app = SampleAppProcess.start(testInfo)) {
			app.signal("TERM");
			String woke = app.waitForLine(WOKE, Duration.ofSeconds(20));
			assertThat(app.awaitExit(Duration.ofSeconds(30))).as("exit code").isZero();
			Matcher matcher = WOKE.matcher(woke);
			assertThat(matcher.find()).isTrue();
			long millis = Long.parseLong(matcher.group(1));
			assertThat(millis).as("wake-up latency in ms: %s", woke).isBetween(0L, MAX_WAKE_UP_MILLIS);
			assertThat(app.linesContaining("outbox-relay flushed ")).singleElement()
				.asString()
				.contains("under outbox-relay-final-flush; stopping");
			assertThat(app.output()).doesNotContain("Worker 'outbox-relay' did not end");
			assertThat(app.linesContaining("Graceful shutdown complete in ")).singleElement()
				.asString()
				.contains("exit code 0");
		}
	}

}
