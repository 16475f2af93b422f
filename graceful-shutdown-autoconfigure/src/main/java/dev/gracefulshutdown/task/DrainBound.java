package dev.gracefulshutdown.task;

import java.time.Duration;

import dev.gracefulshutdown.core.internal.Durations;
import dev.gracefulshutdown.core.internal.PhaseNames;
import dev.gracefulshutdown.core.internal.ShutdownReserve;
import org.jspecify.annotations.Nullable;

/**
 * How long the executors' drain waits for the tasks the executors accepted, and which
 * limit decides it: the shortest of {@code graceful-shutdown.executors.timeout} when set,
 * nine tenths of the timeout of the {@code executors-drain} phase (a {@code stop()} that
 * outlasts its phase's timeout would halt the JVM), and what the deadline leaves once the
 * {@link ShutdownReserve reserve} for what follows is kept. Without a timeout of its own,
 * the drain thus waits as long as the deadline allows.
 *
 * @param duration the longest wait, never negative
 * @param reason what set it, as the end of a sentence: {@code "the limit set by ..."}
 */
record DrainBound(Duration duration, String reason) {

	/**
	 * Work out the bound.
	 * @param timeout {@code graceful-shutdown.executors.timeout}, or {@code null} when
	 * unset
	 * @param phaseTimeout the timeout of the {@code executors-drain} phase
	 * @param remaining what the deadline leaves, or {@code null} without a deadline
	 * @param reserve what to keep of it for what follows
	 * @return the bound
	 */
	static DrainBound of(@Nullable Duration timeout, Duration phaseTimeout, @Nullable Duration remaining,
			ShutdownReserve reserve) {
		DrainBound bound = new DrainBound(phaseTimeout.minus(phaseTimeout.dividedBy(10)),
				"the limit set by the timeout of phase " + PhaseNames.describe(PhaseNames.EXECUTORS_DRAIN) + " ("
						+ Durations.format(phaseTimeout) + ")");
		if (timeout != null && timeout.compareTo(bound.duration()) <= 0) {
			bound = new DrainBound(timeout, "the limit set by graceful-shutdown.executors.timeout");
		}
		if (remaining != null) {
			Duration allowed = remaining.minus(reserve.total());
			if (allowed.compareTo(bound.duration()) < 0) {
				bound = new DrainBound(allowed.isNegative() ? Duration.ZERO : allowed,
						"all the deadline allows: it had " + Durations.format(remaining) + " left, of which "
								+ reserve.describe() + " are kept for what follows");
			}
		}
		return bound;
	}

}
