package dev.gracefulshutdown.core.internal;

import java.time.Duration;

/**
 * A point in time, measured on the monotonic clock, by which the whole shutdown must be
 * over.
 * <p>
 * Internal, not API: public for the starter's auto-configuration and integrations.
 */
public final class Deadline {

	private final long startNanos;

	private final Duration budget;

	private Deadline(long startNanos, Duration budget) {
		this.startNanos = startNanos;
		this.budget = budget;
	}

	/**
	 * Start a deadline now.
	 * @param budget the time allowed from now
	 * @return the deadline
	 */
	public static Deadline startingNow(Duration budget) {
		return new Deadline(System.nanoTime(), budget);
	}

	/**
	 * Return the time allowed in all.
	 * @return the budget
	 */
	public Duration budget() {
		return this.budget;
	}

	/**
	 * Return the time that has passed since the deadline started.
	 * @return the elapsed time
	 */
	public Duration elapsed() {
		return Duration.ofNanos(System.nanoTime() - this.startNanos);
	}

	/**
	 * Return the time left, never negative.
	 * @return the remaining time
	 */
	public Duration remaining() {
		long left = endNanos() - System.nanoTime();
		return (left > 0) ? Duration.ofNanos(left) : Duration.ZERO;
	}

	/**
	 * Return the monotonic time ({@link System#nanoTime()}) at which the deadline passes.
	 * @return the end in nanoseconds
	 */
	public long endNanos() {
		return this.startNanos + this.budget.toNanos();
	}

	/**
	 * Return the monotonic time ({@link System#nanoTime()}) at which the deadline
	 * started.
	 * @return the start in nanoseconds
	 */
	public long startNanos() {
		return this.startNanos;
	}

}
