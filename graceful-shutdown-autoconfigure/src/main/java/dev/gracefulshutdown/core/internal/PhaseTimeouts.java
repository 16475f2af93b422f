package dev.gracefulshutdown.core.internal;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.util.Assert;

/**
 * How long each lifecycle phase may take to stop: one timeout for every phase, and
 * timeouts for particular phases.
 *
 * @param defaultTimeout the timeout of a phase without its own
 * @param timeouts the timeouts of particular phases, by phase number
 * <p>
 * Internal, not API: public for the starter's auto-configuration and integrations.
 */
public record PhaseTimeouts(Duration defaultTimeout, Map<Integer, Duration> timeouts) {

	/**
	 * Spring Boot's default for {@code spring.lifecycle.timeout-per-shutdown-phase}.
	 */
	public static final Duration BOOT_DEFAULT = Duration.ofSeconds(30);

	/**
	 * Create new phase timeouts.
	 * @param defaultTimeout the timeout of a phase without its own
	 * @param timeouts the timeouts of particular phases, by phase number
	 */
	public PhaseTimeouts {
		Assert.isTrue(!defaultTimeout.isNegative(), "'defaultTimeout' must not be negative");
		timeouts = Map.copyOf(new TreeMap<>(timeouts));
	}

	/**
	 * Return the timeouts of Spring Boot's defaults: 30s for every phase.
	 * @return the default timeouts
	 */
	public static PhaseTimeouts bootDefaults() {
		return new PhaseTimeouts(BOOT_DEFAULT, Map.of());
	}

	/**
	 * Return the timeout of a phase.
	 * @param phase the phase
	 * @return its timeout
	 */
	public Duration timeoutOf(int phase) {
		return this.timeouts.getOrDefault(phase, this.defaultTimeout);
	}

}
