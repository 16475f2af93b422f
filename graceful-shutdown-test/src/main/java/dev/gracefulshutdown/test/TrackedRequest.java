package dev.gracefulshutdown.test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import dev.gracefulshutdown.test.HttpExchange.RefusedException;
import dev.gracefulshutdown.test.HttpLoad.Response;
import org.jspecify.annotations.Nullable;

/**
 * A request sent through {@link HttpLoad}, and what became of it: its response to come,
 * and, once it ended, when and how, as a {@link RequestOutcome}.
 */
final class TrackedRequest {

	private final String method;

	private final String path;

	private final long sentNanos;

	private final CompletableFuture<Response> response = new CompletableFuture<>();

	private volatile long endNanos;

	private volatile @Nullable Response result;

	private volatile @Nullable Throwable failure;

	TrackedRequest(String method, String path, long sentNanos) {
		this.method = method;
		this.path = path;
		this.sentNanos = sentNanos;
	}

	String method() {
		return this.method;
	}

	String path() {
		return this.path;
	}

	CompletableFuture<Response> response() {
		return this.response;
	}

	/**
	 * Record the response and complete the response to come with it.
	 * @param result the response
	 */
	void responded(Response result) {
		end(result, null);
		this.response.complete(result);
	}

	/**
	 * Record that no whole response came and complete the response to come with the
	 * failure.
	 * @param failure why
	 */
	void failed(Throwable failure) {
		end(null, failure);
		this.response.completeExceptionally(failure);
	}

	private void end(@Nullable Response result, @Nullable Throwable failure) {
		this.result = result;
		this.failure = failure;
		this.endNanos = System.nanoTime();
	}

	/**
	 * Return what became of the request so far.
	 * @param signalNanos when the signal was sent ({@link System#nanoTime()}), {@code 0}
	 * if none was
	 * @return the outcome
	 */
	RequestOutcome outcome(long signalNanos) {
		@Nullable Duration sentAfterSignal = (signalNanos != 0) ? Duration.ofNanos(this.sentNanos - signalNanos) : null;
		long end = this.endNanos;
		if (end == 0) {
			return new RequestOutcome(this.method, this.path, sentAfterSignal, null, RequestOutcome.Result.PENDING, 0,
					null);
		}
		Duration took = Duration.ofNanos(end - this.sentNanos);
		Response response = this.result;
		if (response != null) {
			return new RequestOutcome(this.method, this.path, sentAfterSignal, took, RequestOutcome.Result.RESPONDED,
					response.status(), null);
		}
		Throwable failure = this.failure;
		return new RequestOutcome(this.method, this.path, sentAfterSignal, took,
				(failure instanceof RefusedException) ? RequestOutcome.Result.REFUSED : RequestOutcome.Result.FAILED, 0,
				HttpExchange.describe(failure));
	}

}
