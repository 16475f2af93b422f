package dev.gracefulshutdown.core.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link OpenStreams}.
 */
class OpenStreamsTests {

	private static final Duration UPPER_BOUND = Duration.ofSeconds(10);

	private final OpenStreams streams = new OpenStreams();

	@Test
	void endAllRunsEveryEnderOnceAndCountsByKind() {
		AtomicInteger ends = new AtomicInteger();
		this.streams.register(OpenStreams.SSE, ends::incrementAndGet);
		this.streams.register(OpenStreams.SSE, ends::incrementAndGet);
		this.streams.register("other", ends::incrementAndGet);
		assertThat(this.streams.open(OpenStreams.SSE)).isEqualTo(2);
		assertThat(this.streams.endAll(UPPER_BOUND)).isEqualTo(3);
		assertThat(this.streams.endAll(UPPER_BOUND)).isZero();
		assertThat(ends).hasValue(3);
		assertThat(this.streams.ended(OpenStreams.SSE)).isEqualTo(2);
		assertThat(this.streams.ended("other")).isOne();
	}

	@Test
	void aClosedStreamIsNeitherOpenNorEnded() {
		AtomicInteger ends = new AtomicInteger();
		this.streams.register(OpenStreams.SSE, ends::incrementAndGet).closed();
		assertThat(this.streams.open(OpenStreams.SSE)).isZero();
		this.streams.endAll(UPPER_BOUND);
		assertThat(ends).hasValue(0);
		assertThat(this.streams.ended(OpenStreams.SSE)).isZero();
	}

	@Test
	void aStreamRegisteredAfterTheEndIsEndedAtOnce() {
		this.streams.endAll(UPPER_BOUND);
		AtomicInteger ends = new AtomicInteger();
		OpenStreams.Stream stream = this.streams.register(OpenStreams.SSE, ends::incrementAndGet);
		assertThat(ends).hasValue(1);
		assertThat(stream.isEnding()).isTrue();
	}

	@Test
	void endAllWaitsForAnEnderThatBlocksOnlyUpToItsBound() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		try {
			this.streams.register(OpenStreams.SSE, () -> await(release));
			long start = System.nanoTime();
			assertThat(this.streams.endAll(Duration.ofMillis(200))).isOne();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		}
		finally {
			release.countDown();
		}
	}

	@Test
	void awaitNoneReturnsWhenTheLastStreamCloses() throws Exception {
		OpenStreams.Stream first = this.streams.register(OpenStreams.SSE, () -> {
		});
		OpenStreams.Stream second = this.streams.register(OpenStreams.SSE, () -> {
		});
		CompletableFuture<Boolean> none = CompletableFuture.supplyAsync(() -> this.streams.awaitNone(UPPER_BOUND));
		first.closed();
		second.closed();
		assertThat(none.get(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
	}

	@Test
	void awaitNoneGivesUpAtItsTimeout() {
		this.streams.register(OpenStreams.SSE, () -> {
		});
		assertThat(this.streams.awaitNone(Duration.ofMillis(50))).isFalse();
	}

	@Test
	void aFailingEnderClosesItsStream() {
		this.streams.register(OpenStreams.SSE, () -> {
			throw new IllegalStateException("already complete");
		});
		this.streams.endAll(UPPER_BOUND);
		assertThat(this.streams.open(OpenStreams.SSE)).isZero();
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
