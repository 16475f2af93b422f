package dev.gracefulshutdown.core.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.gracefulshutdown.Registration;
import dev.gracefulshutdown.ShutdownSignal;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The {@link ShutdownSignal}: a latch released at the first trigger, so that every waiter
 * wakes at once, and callbacks run by the coordinator on the thread of the sequence.
 * Internal, not API: applications get it from
 * {@link dev.gracefulshutdown.GracefulShutdown#signal()}; public for the
 * auto-configuration.
 */
public final class DefaultShutdownSignal implements ShutdownSignal {

	private static final Log logger = LogFactory.getLog(DefaultShutdownSignal.class);

	private final CountDownLatch requested = new CountDownLatch(1);

	private final List<Runnable> callbacks = new CopyOnWriteArrayList<>();

	private volatile boolean callbacksRun;

	@Override
	public boolean isRequested() {
		return this.requested.getCount() == 0;
	}

	@Override
	public boolean await(Duration timeout) throws InterruptedException {
		return this.requested.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
	}

	@Override
	public Registration onShutdown(Runnable callback) {
		this.callbacks.add(callback);
		if (this.callbacksRun && this.callbacks.remove(callback)) {
			// Registered after the callbacks ran: too late to wait for the sequence.
			run(callback);
		}
		return () -> this.callbacks.remove(callback);
	}

	/**
	 * Wake every waiter: a shutdown was requested.
	 */
	void fire() {
		this.requested.countDown();
	}

	/**
	 * Run the callbacks registered so far, once.
	 */
	void runCallbacks() {
		if (this.callbacksRun) {
			return;
		}
		this.callbacksRun = true;
		for (Runnable callback : this.callbacks) {
			if (this.callbacks.remove(callback)) {
				run(callback);
			}
		}
	}

	private static void run(Runnable callback) {
		try {
			callback.run();
		}
		catch (RuntimeException ex) {
			logger.warn("Shutdown signal callback failed", ex);
		}
	}

}
