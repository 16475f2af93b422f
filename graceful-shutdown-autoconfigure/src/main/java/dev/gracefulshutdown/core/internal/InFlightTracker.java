package dev.gracefulshutdown.core.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the work in flight (HTTP requests today) and waits for the drain to end.
 * <p>
 * The request path costs one atomic increment, one atomic decrement and a volatile read.
 * Everything else (timestamps, the count of requests accepted during the drain, waking
 * the waiter) happens only while draining. The waiter never polls: it sleeps until the
 * next point in time at which the drain could end, and is woken early when the last
 * request in flight completes.
 * <p>
 * Internal, not API: public for the starter's auto-configuration and integrations.
 */
public final class InFlightTracker {

	private final AtomicLong inFlight = new AtomicLong();

	private final AtomicLong acceptedDuringDrain = new AtomicLong();

	private final AtomicLong peakDuringDrain = new AtomicLong();

	private final Object monitor = new Object();

	private volatile boolean draining;

	private volatile long lastArrivalNanos;

	private volatile long drainStartNanos;

	private volatile long inFlightAtDrainStart;

	/**
	 * Record that a unit of work (a request) started.
	 */
	public void started() {
		long now = this.inFlight.incrementAndGet();
		if (this.draining) {
			this.lastArrivalNanos = System.nanoTime();
			this.acceptedDuringDrain.incrementAndGet();
			this.peakDuringDrain.accumulateAndGet(now, Math::max);
		}
	}

	/**
	 * Record that a health check or probe started: it is counted in flight, but it is not
	 * traffic, so it neither restarts the quiet period nor counts as served during the
	 * drain. A load balancer checking every second would otherwise hold the drain until
	 * its maximum delay.
	 */
	public void startedProbe() {
		long now = this.inFlight.incrementAndGet();
		if (this.draining) {
			this.peakDuringDrain.accumulateAndGet(now, Math::max);
		}
	}

	/**
	 * Record that a unit of work (a request or a probe) finished, successfully or not.
	 */
	public void finished() {
		long remaining = this.inFlight.decrementAndGet();
		if (this.draining) {
			if (remaining == 0) {
				synchronized (this.monitor) {
					this.monitor.notifyAll();
				}
			}
		}
	}

	/**
	 * Return the number of units of work in flight.
	 * @return the count
	 */
	public long inFlight() {
		return this.inFlight.get();
	}

	/**
	 * Return whether the drain has started: callers use this to ask clients to close
	 * their connections.
	 * @return whether draining
	 */
	public boolean isDraining() {
		return this.draining;
	}

	/**
	 * Return the number of requests that arrived since the drain started.
	 * @return the count
	 */
	public long acceptedDuringDrain() {
		return this.acceptedDuringDrain.get();
	}

	/**
	 * Start the drain and wait until it ends, as {@link #startDrain()} followed by
	 * {@link #awaitDrain(DrainSettings, Deadline)}.
	 * @param settings the drain settings
	 * @param deadline the deadline of the whole shutdown
	 * @return what happened
	 */
	public DrainOutcome drain(DrainSettings settings, Deadline deadline) {
		startDrain();
		return awaitDrain(settings, deadline);
	}

	/**
	 * Start the drain: from now on responses ask clients to close their connection and
	 * new requests count as served during the drain. Call it before telling anyone (a
	 * readiness probe, a log line) that the drain has started.
	 */
	public void startDrain() {
		synchronized (this.monitor) {
			if (this.draining) {
				return;
			}
			long now = System.nanoTime();
			this.drainStartNanos = now;
			this.lastArrivalNanos = now;
			this.inFlightAtDrainStart = this.inFlight.get();
			this.peakDuringDrain.accumulateAndGet(this.inFlightAtDrainStart, Math::max);
			this.draining = true;
		}
	}

	/**
	 * Wait until the drain started by {@link #startDrain()} ends: nothing in flight and
	 * no new request for the quiet period, not before the minimum delay, not after the
	 * maximum delay or the end of the deadline. Starts the drain if it has not started.
	 * @param settings the drain settings
	 * @param deadline the deadline of the whole shutdown
	 * @return what happened
	 */
	public DrainOutcome awaitDrain(DrainSettings settings, Deadline deadline) {
		startDrain();
		long start = this.drainStartNanos;
		long minEnd = start + settings.minDelay().toNanos();
		long maxEnd = Math.min(start + settings.maxDelay().toNanos(), deadline.endNanos());
		long quiet = settings.quietPeriod().toNanos();
		boolean cutShort = false;
		synchronized (this.monitor) {
			while (true) {
				long now = System.nanoTime();
				long wakeAt;
				if (this.inFlight.get() <= 0) {
					long readyAt = Math.max(minEnd, this.lastArrivalNanos + quiet);
					if (now - readyAt >= 0) {
						break;
					}
					wakeAt = readyAt;
				}
				else {
					wakeAt = maxEnd;
				}
				if (now - maxEnd >= 0) {
					cutShort = true;
					break;
				}
				wakeAt = (wakeAt - maxEnd > 0) ? maxEnd : wakeAt;
				if (!waitUntil(wakeAt, now)) {
					cutShort = true;
					break;
				}
			}
		}
		return new DrainOutcome(this.inFlightAtDrainStart, this.acceptedDuringDrain.get(), this.inFlight.get(),
				cutShort);
	}

	/**
	 * Return the most units of work in flight at once since the drain started.
	 * @return the peak, 0 before the drain
	 */
	public long peakDuringDrain() {
		return this.peakDuringDrain.get();
	}

	/**
	 * Return the number of units of work in flight when the drain started.
	 * @return the count, 0 before the drain
	 */
	public long inFlightAtDrainStart() {
		return this.inFlightAtDrainStart;
	}

	private boolean waitUntil(long wakeAtNanos, long nowNanos) {
		long waitNanos = wakeAtNanos - nowNanos;
		try {
			TimeUnit.NANOSECONDS.timedWait(this.monitor, Math.max(waitNanos, 1));
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
