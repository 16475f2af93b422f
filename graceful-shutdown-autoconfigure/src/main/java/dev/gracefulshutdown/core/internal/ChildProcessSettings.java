package dev.gracefulshutdown.core.internal;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * What happens to the JVM's child processes at the end of the shutdown.
 *
 * @param enabled whether they are stopped at all
 * @param timeout how long they get to end after TERM before they are killed
 * <p>
 * Internal, not API: public for the starter's auto-configuration and integrations.
 */
public record ChildProcessSettings(boolean enabled, Duration timeout) {

	/**
	 * Create new settings.
	 * @param enabled whether child processes are stopped
	 * @param timeout how long they get after TERM
	 */
	public ChildProcessSettings {
		Assert.isTrue(!timeout.isNegative(), "'timeout' must not be negative");
	}

}
