package dev.gracefulshutdown.core.internal;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * How long the shutdown waits, after the drain, for registered worker threads to end and
 * for open leases to be closed.
 *
 * @param workersTimeout the longest wait for workers, or {@code null} for as long as the
 * deadline allows
 * @param leasesTimeout the longest wait for leases, or {@code null} for as long as the
 * deadline allows
 * <p>
 * Internal, not API: public for the starter's auto-configuration and integrations.
 */
public record WorkSettings(@Nullable Duration workersTimeout, @Nullable Duration leasesTimeout) {

	/**
	 * Return the wait for workers, bounded by what the deadline leaves.
	 * @param remaining what the deadline leaves
	 * @return the wait
	 */
	Duration workersWait(Duration remaining) {
		return bounded(this.workersTimeout, remaining);
	}

	/**
	 * Return the wait for leases, bounded by what the deadline leaves.
	 * @param remaining what the deadline leaves
	 * @return the wait
	 */
	Duration leasesWait(Duration remaining) {
		return bounded(this.leasesTimeout, remaining);
	}

	private static Duration bounded(@Nullable Duration timeout, Duration remaining) {
		return (timeout != null && timeout.compareTo(remaining) < 0) ? timeout : remaining;
	}

}
