package dev.gracefulshutdown.core.internal;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.gracefulshutdown.Registration;
import dev.gracefulshutdown.testsupport.LogRecorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WorkerRegistry}.
 */
class WorkerRegistryTests {

	private static final Duration UPPER_BOUND = Duration.ofSeconds(10);

	private final WorkerRegistry workers = new WorkerRegistry();

	private final CountDownLatch release = new CountDownLatch(1);

	private final LogRecorder log = new LogRecorder(WorkerRegistry.class);

	@AfterEach
	void releaseWorkers() {
		this.release.countDown();
		this.log.close();
	}

	@Test
	void workerThatEndsIsJoinedAndNotReported() throws InterruptedException {
		CountDownLatch running = new CountDownLatch(1);
		Thread thread = new Thread(() -> {
			running.countDown();
			awaitRelease();
		}, "relay");
		this.workers.register("relay", thread);
		thread.start();
		assertThat(running.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		assertThat(this.workers.describeLive()).containsExactly("worker 'relay' (thread \"relay\")");
		this.release.countDown();
		assertThat(this.workers.joinAll(UPPER_BOUND)).isEmpty();
		assertThat(thread.isAlive()).isFalse();
		assertThat(this.workers.describeLive()).isEmpty();
	}

	@Test
	void workerStillAliveAfterTheTimeoutIsInterruptedAndNamed() throws InterruptedException {
		AtomicBoolean interrupted = new AtomicBoolean();
		CountDownLatch ended = new CountDownLatch(1);
		Thread thread = new Thread(() -> {
			try {
				// Ignores the shutdown signal: only an interrupt ends it.
				new CountDownLatch(1).await();
			}
			catch (InterruptedException ex) {
				interrupted.set(true);
			}
			ended.countDown();
		}, "stubborn-thread");
		this.workers.register("stubborn", thread);
		thread.start();
		assertThat(this.workers.joinAll(Duration.ofMillis(200)))
			.containsExactly("worker 'stubborn' (thread \"stubborn-thread\") still running");
		assertThat(ended.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		assertThat(interrupted).isTrue();
		assertThat(this.log.text())
			.contains("WARN Worker 'stubborn' did not end within 200ms of the shutdown; interrupting it. It is at:")
			.contains("stubborn-thread");
	}

	@Test
	void closedRegistrationIsNotJoined() {
		Thread thread = new Thread(this::awaitRelease, "unregistered");
		Registration registration = this.workers.register("unregistered", thread);
		thread.start();
		registration.close();
		registration.close();
		assertThat(this.workers.describeLive()).isEmpty();
		long start = System.nanoTime();
		assertThat(this.workers.joinAll(UPPER_BOUND)).isEmpty();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(UPPER_BOUND);
		assertThat(thread.isAlive()).isTrue();
	}

	@Test
	void theJoiningThreadDoesNotJoinItself() {
		this.workers.register("self", Thread.currentThread());
		assertThat(this.workers.joinAll(Duration.ofMillis(100))).isEmpty();
	}

	private void awaitRelease() {
		try {
			this.release.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
