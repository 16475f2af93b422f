package dev.gracefulshutdown.test;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * What became of one request sent through {@link HttpLoad}.
 *
 * @param method the HTTP method
 * @param path the path and query
 * @param sentAfterSignal when it was sent, from the moment the signal was sent (negative:
 * before the signal), or {@code null} if no signal was sent
 * @param took from sending to the response or the failure, or {@code null} while it is
 * pending
 * @param result how it ended
 * @param status the response's status, or {@code 0} without a response
 * @param failure the failure ({@code Class: message}) without a response, else
 * {@code null}
 */
public record RequestOutcome(String method, String path, @Nullable Duration sentAfterSignal, @Nullable Duration took,
		Result result, int status, @Nullable String failure) {

	/**
	 * Return whether the request was lost: it reached the application (a connection was
	 * made) and got no response, or got a server error ({@code 5xx}). A request refused
	 * before it was connected is not lost: a client or a load balancer tries another
	 * instance.
	 * @return whether it was lost
	 */
	public boolean lost() {
		return this.result == Result.FAILED || this.result == Result.PENDING
				|| (this.result == Result.RESPONDED && this.status >= 500);
	}

	/**
	 * Describe the request and its outcome in one line, as the assertions do.
	 * @return the description
	 */
	public String describe() {
		StringBuilder text = new StringBuilder(this.method).append(' ').append(this.path);
		if (this.sentAfterSignal != null) {
			long millis = this.sentAfterSignal.toMillis();
			text.append(" sent ")
				.append(Math.abs(millis))
				.append((millis < 0) ? " ms before the signal" : " ms after the signal");
		}
		text.append(": ");
		switch (this.result) {
			case RESPONDED -> text.append("status ").append(this.status);
			case REFUSED -> text.append("refused (no connection): ").append(this.failure);
			case FAILED -> text.append("no response: ").append(this.failure);
			case PENDING -> text.append("still pending when the process had exited");
		}
		if (this.took != null) {
			text.append(" after ").append(this.took.toMillis()).append(" ms");
		}
		return text.toString();
	}

	@Override
	public String toString() {
		return describe();
	}

	/**
	 * How a request ended.
	 */
	public enum Result {

		/**
		 * A response came, of any status.
		 */
		RESPONDED,

		/**
		 * No connection could be made: nothing listened any more, or the connection timed
		 * out.
		 */
		REFUSED,

		/**
		 * A connection was made, but no whole response came: the connection was closed or
		 * reset, or the request timed out.
		 */
		FAILED,

		/**
		 * It had not ended when the outcomes were taken.
		 */
		PENDING

	}

}
