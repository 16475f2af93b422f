package dev.gracefulshutdown.core;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * Everything the coordinator needs to know, independent of how it was configured.
 *
 * @param deadline the time from the first trigger to the end of the process
 * @param drain the drain settings
 * @param exitCodes the exit statuses
 */
public record ShutdownSettings(Duration deadline, DrainSettings drain, ExitCodes exitCodes) {

	/**
	 * Create new settings, validating them.
	 * @param deadline the time from the first trigger to the end of the process
	 * @param drain the drain settings
	 * @param exitCodes the exit statuses
	 */
	public ShutdownSettings {
		Assert.isTrue(deadline.compareTo(Duration.ZERO) > 0, "'deadline' must be positive");
	}

}
