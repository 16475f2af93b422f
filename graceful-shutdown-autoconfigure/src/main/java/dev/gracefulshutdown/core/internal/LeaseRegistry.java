package dev.gracefulshutdown.core.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.gracefulshutdown.Lease;
import dev.gracefulshutdown.LeaseRefusedException;
import org.jspecify.annotations.Nullable;

/**
 * The open leases: refused once intake has stopped, awaited by the shutdown (woken by
 * each release, never polling), and named when they outlive the wait.
 * <p>
 * Internal, not API: applications take leases through
 * {@link dev.gracefulshutdown.GracefulShutdown#acquireLease(String)}; public for the
 * auto-configuration.
 */
public final class LeaseRegistry {

	private final Object lock = new Object();

	private final Map<DefaultLease, Long> open = new LinkedHashMap<>();

	private boolean intakeStopped;

	private String shutdownId = "";

	Lease acquire(String name) {
		return acquire(name, null);
	}

	/**
	 * Open a lease that says what its work is doing when it is described.
	 * @param name the lease's name
	 * @param progress what the work is doing, asked when the lease is described
	 * @return the lease
	 */
	Lease acquire(String name, @Nullable Supplier<? extends @Nullable String> progress) {
		synchronized (this.lock) {
			if (this.intakeStopped) {
				throw new LeaseRefusedException(name, this.shutdownId);
			}
			DefaultLease lease = new DefaultLease(name, progress);
			this.open.put(lease, System.nanoTime());
			return lease;
		}
	}

	/**
	 * Refuse new leases from now on.
	 * @param id the shutdown under way, for the exception's message
	 */
	void stopIntake(String id) {
		synchronized (this.lock) {
			this.intakeStopped = true;
			this.shutdownId = id;
		}
	}

	/**
	 * Wait until every lease is closed, or the timeout passes.
	 * @param timeout the longest time to wait
	 * @return whether every lease was closed
	 */
	boolean awaitAll(Duration timeout) {
		long end = System.nanoTime() + timeout.toNanos();
		synchronized (this.lock) {
			while (!this.open.isEmpty()) {
				long left = end - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				try {
					TimeUnit.NANOSECONDS.timedWait(this.lock, left);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return false;
				}
			}
			return true;
		}
	}

	int openCount() {
		synchronized (this.lock) {
			return this.open.size();
		}
	}

	/**
	 * Describe the open leases: {@code lease 'flush' open for 4200ms} (whole seconds as
	 * {@code 4s}), followed by what the work is doing when its lease says so:
	 * {@code lease 'import' open for 4s (in progress: row 1200)}.
	 * @return the descriptions
	 */
	List<String> describeOpen() {
		long now = System.nanoTime();
		Map<DefaultLease, Long> open;
		synchronized (this.lock) {
			open = new LinkedHashMap<>(this.open);
		}
		// The work's own description is asked for outside the lock: it is the
		// application's code, and a release must never wait for it.
		List<String> descriptions = new ArrayList<>(open.size());
		open.forEach((lease, since) -> descriptions.add(lease.describe(Duration.ofNanos(now - since))));
		return descriptions;
	}

	private void release(DefaultLease lease) {
		synchronized (this.lock) {
			if (this.open.remove(lease) != null) {
				this.lock.notifyAll();
			}
		}
	}

	private final class DefaultLease implements Lease {

		private final String name;

		private final @Nullable Supplier<? extends @Nullable String> progress;

		DefaultLease(String name, @Nullable Supplier<? extends @Nullable String> progress) {
			this.name = name;
			this.progress = progress;
		}

		String describe(Duration open) {
			String description = "lease '" + this.name + "' open for " + Durations.format(open);
			String progress = progress();
			return (progress != null) ? description + " (" + progress + ")" : description;
		}

		private @Nullable String progress() {
			if (this.progress == null) {
				return null;
			}
			try {
				String progress = this.progress.get();
				return (progress != null && !progress.isBlank()) ? progress : null;
			}
			catch (RuntimeException ex) {
				// The lease is named all the same, without what its work is doing.
				return null;
			}
		}

		@Override
		public String name() {
			return this.name;
		}

		@Override
		public void close() {
			release(this);
		}

		@Override
		public String toString() {
			return "Lease '" + this.name + "'";
		}

	}

}
