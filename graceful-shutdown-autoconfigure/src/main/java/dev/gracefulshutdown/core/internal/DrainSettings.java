package dev.gracefulshutdown.core.internal;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * How long the drain keeps serving: it ends once nothing is in flight and no request
 * arrived for {@code quietPeriod}, but never before {@code minDelay} and never after
 * {@code maxDelay}.
 *
 * @param minDelay the least time to keep serving after readiness went down
 * @param quietPeriod the time without any request that shows load balancers stopped
 * sending
 * @param maxDelay the most time to keep serving
 * @param connectionClose whether responses during the drain carry
 * {@code Connection: close}
 * <p>
 * Internal, not API: public for the starter's auto-configuration and integrations.
 */
public record DrainSettings(Duration minDelay, Duration quietPeriod, Duration maxDelay, boolean connectionClose) {

	/**
	 * Create new settings, validating them.
	 * @param minDelay the least time to keep serving
	 * @param quietPeriod the time without requests that ends the drain
	 * @param maxDelay the most time to keep serving
	 * @param connectionClose whether responses during the drain carry
	 * {@code Connection: close}
	 */
	public DrainSettings {
		Assert.isTrue(!minDelay.isNegative() && !quietPeriod.isNegative() && !maxDelay.isNegative(),
				"Drain durations must not be negative");
		Assert.isTrue(minDelay.compareTo(maxDelay) <= 0, "'minDelay' must not exceed 'maxDelay'");
	}

}
