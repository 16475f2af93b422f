package dev.gracefulshutdown.core;

import org.springframework.util.Assert;

/**
 * The exit statuses the process ends with.
 *
 * @param graceful the status after a shutdown that completed within its deadline
 * @param timeout the status when the deadline passed and the watchdog halted the JVM
 */
public record ExitCodes(int graceful, int timeout) {

	/**
	 * Create new exit codes, validating them.
	 * @param graceful the status after a graceful shutdown
	 * @param timeout the status when the deadline passed
	 */
	public ExitCodes {
		Assert.isTrue(graceful >= 0 && graceful <= 255, "'graceful' must be between 0 and 255");
		Assert.isTrue(timeout >= 0 && timeout <= 255, "'timeout' must be between 0 and 255");
	}

}
