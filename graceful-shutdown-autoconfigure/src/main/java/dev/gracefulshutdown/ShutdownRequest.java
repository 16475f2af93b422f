package dev.gracefulshutdown;

import java.time.Instant;

import org.springframework.util.Assert;

/**
 * A request to shut the application down: every trigger (signal, context close, JVM exit)
 * is turned into one, and the first request starts the sequence.
 *
 * @param reason why the shutdown was requested
 * @param origin what exactly requested it, for example {@code SIGTERM}
 * @param requestedAt when the request was made
 */
public record ShutdownRequest(ShutdownReason reason, String origin, Instant requestedAt) {

	/**
	 * Create a new request, validating its arguments.
	 * @param reason why the shutdown was requested
	 * @param origin what exactly requested it
	 * @param requestedAt when the request was made
	 */
	public ShutdownRequest {
		Assert.notNull(reason, "'reason' must not be null");
		Assert.hasText(origin, "'origin' must not be empty");
		Assert.notNull(requestedAt, "'requestedAt' must not be null");
	}

	/**
	 * Create a request made now.
	 * @param reason why the shutdown was requested
	 * @param origin what exactly requested it
	 * @return the request
	 */
	public static ShutdownRequest now(ShutdownReason reason, String origin) {
		return new ShutdownRequest(reason, origin, Instant.now());
	}

	/**
	 * Describe the request for a log line, for example {@code signal SIGTERM}.
	 * @return the description
	 */
	public String describe() {
		return this.reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " (" + this.origin + ")";
	}

}
