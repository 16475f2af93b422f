package dev.gracefulshutdown.core.internal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * Runs an action when the deadline passes, unless disarmed first. Its thread exists only
 * from the first trigger on: an idle application has no watchdog thread.
 */
final class ShutdownWatchdog {

	static final String THREAD_NAME = "graceful-shutdown-watchdog";

	private final CountDownLatch disarmed = new CountDownLatch(1);

	private @Nullable Thread thread;

	synchronized void arm(Deadline deadline, Runnable onExpiry) {
		if (this.thread != null || this.disarmed.getCount() == 0) {
			return;
		}
		Thread watchdog = new Thread(() -> await(deadline, onExpiry), THREAD_NAME);
		// Daemon: it must never be the reason a JVM stays alive, yet it keeps running
		// while shutdown hooks run, which is when it matters most.
		watchdog.setDaemon(true);
		// Not the context class loader of whoever triggered the shutdown (a web
		// application's, for a request): a servlet container would report the thread as
		// a leak of its web application.
		watchdog.setContextClassLoader(ShutdownWatchdog.class.getClassLoader());
		watchdog.start();
		this.thread = watchdog;
	}

	void disarm() {
		this.disarmed.countDown();
	}

	private void await(Deadline deadline, Runnable onExpiry) {
		try {
			if (!this.disarmed.await(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS)) {
				onExpiry.run();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
