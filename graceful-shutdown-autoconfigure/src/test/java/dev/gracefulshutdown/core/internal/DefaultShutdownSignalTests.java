package dev.gracefulshutdown.core.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.gracefulshutdown.Registration;
import dev.gracefulshutdown.testsupport.LogRecorder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DefaultShutdownSignal}.
 */
class DefaultShutdownSignalTests {

	private static final Duration UPPER_BOUND = Duration.ofSeconds(10);

	private final DefaultShutdownSignal signal = new DefaultShutdownSignal();

	@Test
	void awaitReturnsFalseWhenNoShutdownComes() throws InterruptedException {
		assertThat(this.signal.isRequested()).isFalse();
		assertThat(this.signal.await(Duration.ofMillis(50))).isFalse();
	}

	@Test
	void awaitIsWokenAtOnceByTheSignal() throws InterruptedException {
		CountDownLatch waiting = new CountDownLatch(1);
		CountDownLatch woke = new CountDownLatch(1);
		AtomicBoolean requested = new AtomicBoolean();
		AtomicLong wokeAt = new AtomicLong();
		Thread waiter = new Thread(() -> {
			waiting.countDown();
			try {
				requested.set(this.signal.await(Duration.ofMinutes(5)));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			wokeAt.set(System.nanoTime());
			woke.countDown();
		}, "worker-loop");
		waiter.start();
		assertThat(waiting.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		long firedAt = System.nanoTime();
		this.signal.fire();
		assertThat(woke.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		assertThat(requested).isTrue();
		assertThat(this.signal.isRequested()).isTrue();
		// Measured, not slept: the waiter would otherwise sleep for five minutes.
		assertThat(Duration.ofNanos(wokeAt.get() - firedAt)).isLessThan(Duration.ofSeconds(1));
		waiter.join(UPPER_BOUND.toMillis());
	}

	@Test
	void awaitAfterTheSignalReturnsAtOnce() throws InterruptedException {
		this.signal.fire();
		this.signal.fire();
		assertThat(this.signal.await(Duration.ofMinutes(5))).isTrue();
	}

	@Test
	void callbacksRunOnceInRegistrationOrder() {
		List<String> calls = new ArrayList<>();
		this.signal.onShutdown(() -> calls.add("first"));
		this.signal.onShutdown(() -> calls.add("second"));
		this.signal.fire();
		assertThat(calls).as("callbacks run by the sequence, not by fire()").isEmpty();
		this.signal.runCallbacks();
		this.signal.runCallbacks();
		assertThat(calls).containsExactly("first", "second");
	}

	@Test
	void callbackRegisteredAfterTheCallbacksRanRunsAtOnceOnTheCallersThread() {
		this.signal.fire();
		this.signal.runCallbacks();
		AtomicInteger runs = new AtomicInteger();
		List<String> threads = new ArrayList<>();
		Registration registration = this.signal.onShutdown(() -> {
			runs.incrementAndGet();
			threads.add(Thread.currentThread().getName());
		});
		assertThat(runs).hasValue(1);
		assertThat(threads).containsExactly(Thread.currentThread().getName());
		this.signal.runCallbacks();
		registration.close();
		assertThat(runs).hasValue(1);
	}

	@Test
	void closedRegistrationDoesNotRun() {
		AtomicInteger runs = new AtomicInteger();
		Registration registration = this.signal.onShutdown(runs::incrementAndGet);
		registration.close();
		this.signal.runCallbacks();
		assertThat(runs).hasValue(0);
	}

	@Test
	void failingCallbackIsLoggedAndTheOthersStillRun() {
		AtomicInteger runs = new AtomicInteger();
		try (LogRecorder log = new LogRecorder(DefaultShutdownSignal.class)) {
			this.signal.onShutdown(() -> {
				throw new IllegalStateException("callback failed on purpose");
			});
			this.signal.onShutdown(runs::incrementAndGet);
			this.signal.runCallbacks();
			assertThat(runs).hasValue(1);
			assertThat(log.text()).contains("WARN Shutdown signal callback failed")
				.contains("IllegalStateException: callback failed on purpose");
		}
	}

}
