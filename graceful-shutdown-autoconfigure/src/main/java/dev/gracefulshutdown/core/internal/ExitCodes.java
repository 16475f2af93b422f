package dev.gracefulshutdown.core.internal;

import org.springframework.util.Assert;

/**
 * The exit statuses the process ends with, by what ended it.
 *
 * @param graceful the status after a shutdown started by a signal, or requested without
 * an exit code, that completed within its deadline
 * @param error the status after a shutdown started by a worker's error
 * @param timeout the status when the deadline passed and the watchdog halted the JVM
 * <p>
 * Internal, not API: public for the starter's auto-configuration and integrations.
 */
public record ExitCodes(int graceful, int error, int timeout) {

	/**
	 * Create new exit codes, validating them.
	 * @param graceful the status after a graceful shutdown
	 * @param error the status after a shutdown started by an error
	 * @param timeout the status when the deadline passed
	 */
	public ExitCodes {
		Assert.isTrue(graceful >= 0 && graceful <= 255, "'graceful' must be between 0 and 255");
		Assert.isTrue(error >= 0 && error <= 255, "'error' must be between 0 and 255");
		Assert.isTrue(timeout >= 0 && timeout <= 255, "'timeout' must be between 0 and 255");
	}

}
