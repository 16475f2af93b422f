package dev.gracefulshutdown;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A request to shut the application down: every trigger (signal, endpoint, API, worker
 * error, context close, JVM exit) is turned into one, and the first request starts the
 * sequence. Later requests join it.
 *
 * @param reason why the shutdown was requested
 * @param origin what exactly requested it, for example {@code SIGTERM} or
 * {@code POST /actuator/shutdown-graceful}
 * @param detail free text from whoever asked, for example {@code "deploy 42"}; may be
 * empty
 * @param requestedAt when the request was made
 * @param exitCode the exit status asked for, or {@code null} for the one configured for
 * the reason
 * @param finalMessages messages to log at the very end, just before the process exits
 */
public record ShutdownRequest(ShutdownReason reason, String origin, String detail, Instant requestedAt,
		@Nullable Integer exitCode, List<String> finalMessages) {

	/**
	 * Create a new request, validating its arguments.
	 * @param reason why the shutdown was requested
	 * @param origin what exactly requested it
	 * @param detail free text from whoever asked; may be empty
	 * @param requestedAt when the request was made
	 * @param exitCode the exit status asked for, or {@code null}
	 * @param finalMessages messages to log at the very end
	 */
	public ShutdownRequest {
		Assert.notNull(reason, "'reason' must not be null");
		Assert.hasText(origin, "'origin' must not be empty");
		Assert.notNull(detail, "'detail' must not be null");
		Assert.notNull(requestedAt, "'requestedAt' must not be null");
		Assert.isTrue(exitCode == null || (exitCode >= 0 && exitCode <= 255),
				() -> "'exitCode' must be between 0 and 255, not " + exitCode);
		finalMessages = List.copyOf(finalMessages);
	}

	/**
	 * Create a request made now, with the exit status configured for its reason.
	 * @param reason why the shutdown was requested
	 * @param origin what exactly requested it
	 * @return the request
	 */
	public static ShutdownRequest now(ShutdownReason reason, String origin) {
		return new ShutdownRequest(reason, origin, "", Instant.now(), null, List.of());
	}

	/**
	 * Describe the request for a log line, for example {@code signal (SIGTERM)}.
	 * @return the description
	 */
	public String describe() {
		return this.reason.noun() + " (" + this.origin + (this.detail.isEmpty() ? "" : ": " + this.detail) + ")";
	}

}
