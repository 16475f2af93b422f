package dev.gracefulshutdown.core.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.gracefulshutdown.ShutdownStage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link HangReport}.
 */
class HangReportTests {

	private static final Duration UPPER_BOUND = Duration.ofSeconds(10);

	@Test
	void threadBlockedOnAMonitorShowsTheLockAndTheThreadThatHoldsIt() throws InterruptedException {
		Object lock = new Object();
		CountDownLatch held = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Thread holder = new Thread(() -> {
			synchronized (lock) {
				held.countDown();
				awaitQuietly(release);
			}
		}, "lock-holder");
		Thread blocked = new Thread(() -> {
			synchronized (lock) {
				// Entered only once the holder lets go.
			}
		}, "lock-waiter");
		holder.setDaemon(true);
		blocked.setDaemon(true);
		try {
			holder.start();
			assertThat(held.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
			blocked.start();
			await().atMost(UPPER_BOUND).until(() -> blocked.getState() == Thread.State.BLOCKED);
			String report = HangReport.build("Hang report for a test", new HangReport.Snapshot(ShutdownStage.STOP, null,
					0, List.of(), List.of(), List.of(holder, blocked), List.of(), false), null);
			String lockName = lock.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(lock));
			assertThat(report).contains("\"lock-waiter\" BLOCKED daemon")
				.contains("waiting on " + lockName + " held by \"lock-holder\"")
				.contains("- locked " + lockName);
		}
		finally {
			release.countDown();
			holder.join(UPPER_BOUND.toMillis());
			blocked.join(UPPER_BOUND.toMillis());
		}
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
