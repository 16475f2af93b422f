package dev.gracefulshutdown.core.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.gracefulshutdown.DrainFinishedEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link StreamsEnding}.
 */
class StreamsEndingTests {

	private static final Duration UPPER_BOUND = Duration.ofSeconds(10);

	private static final DrainFinishedEvent DRAIN_FINISHED = new DrainFinishedEvent(new Object(), "id", 0, 0, false);

	private final OpenStreams streams = new OpenStreams();

	@Test
	void withoutGracePeriodOpenStreamsAreEndedWhenTheDrainEnds() {
		AtomicInteger ends = new AtomicInteger();
		this.streams.register(OpenStreams.SSE, ends::incrementAndGet);
		new StreamsEnding(this.streams, Duration.ZERO, () -> UPPER_BOUND).onApplicationEvent(DRAIN_FINISHED);
		assertThat(ends).hasValue(1);
	}

	@Test
	void aStreamThatEndsWithinTheGracePeriodIsNotEnded() throws Exception {
		AtomicInteger ends = new AtomicInteger();
		OpenStreams.Stream stream = this.streams.register(OpenStreams.SSE, ends::incrementAndGet);
		StreamsEnding ending = new StreamsEnding(this.streams, UPPER_BOUND, () -> UPPER_BOUND);
		CompletableFuture<Void> drainEnd = CompletableFuture.runAsync(() -> ending.onApplicationEvent(DRAIN_FINISHED));
		stream.closed();
		drainEnd.get(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(ends).hasValue(0);
		assertThat(this.streams.ended(OpenStreams.SSE)).isZero();
	}

	@Test
	void aStreamStillOpenAfterTheGracePeriodIsEnded() {
		AtomicInteger ends = new AtomicInteger();
		this.streams.register(OpenStreams.SSE, ends::incrementAndGet);
		long start = System.nanoTime();
		new StreamsEnding(this.streams, Duration.ofMillis(300), () -> UPPER_BOUND).onApplicationEvent(DRAIN_FINISHED);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
		assertThat(ends).hasValue(1);
	}

	@Test
	void theGracePeriodEndsWithTheDeadline() {
		AtomicInteger ends = new AtomicInteger();
		this.streams.register(OpenStreams.SSE, ends::incrementAndGet);
		long start = System.nanoTime();
		new StreamsEnding(this.streams, Duration.ofMinutes(5), () -> Duration.ofMillis(100))
			.onApplicationEvent(DRAIN_FINISHED);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(UPPER_BOUND);
		await().atMost(UPPER_BOUND).untilAsserted(() -> assertThat(ends).hasValue(1));
	}

}
