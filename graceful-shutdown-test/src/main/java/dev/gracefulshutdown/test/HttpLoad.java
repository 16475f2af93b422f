package dev.gracefulshutdown.test;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * An HTTP client bound to the application that records every request it sends and what
 * became of it, for {@link ShutdownResult#requests()}: single requests, a burst of
 * requests in flight at once, or steady traffic that keeps a number of requests in flight
 * until the application stops taking them.
 * <p>
 * Each request is HTTP/1.1 on a connection of its own ({@code Connection: close}), as a
 * load balancer's new connection is, so that the outcome is exact: a request is refused
 * when no connection could be made, and fails when the connection was made but no whole
 * response came. (A general-purpose client retries a {@code GET} whose connection closed
 * early, and reports the retry's refusal instead of the failure.) Every request is
 * bounded by the request timeout, as the longest wait for the next bytes. The exchange
 * itself is {@link HttpExchange}'s; what became of each request,
 * {@link TrackedRequest}'s.
 */
public final class HttpLoad {

	private final String host;

	private final int port;

	private final Duration requestTimeout;

	private final HttpExchange exchange;

	private final LongSupplier signalNanos;

	private final ExecutorService executor;

	private final List<TrackedRequest> requests = new CopyOnWriteArrayList<>();

	HttpLoad(URI baseUri, Duration requestTimeout, LongSupplier signalNanos) {
		this.host = baseUri.getHost();
		this.port = baseUri.getPort();
		this.requestTimeout = requestTimeout;
		this.exchange = new HttpExchange(this.host, this.port, requestTimeout);
		this.signalNanos = signalNanos;
		AtomicInteger threads = new AtomicInteger();
		this.executor = Executors.newCachedThreadPool((task) -> {
			Thread thread = new Thread(task, "graceful-shutdown-test-http-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Return the URI of a path of the application.
	 * @param pathAndQuery the path, with its query if any, such as {@code /orders?id=1}
	 * @return the URI
	 */
	public URI uri(String pathAndQuery) {
		checkPath(pathAndQuery);
		return URI.create("http://" + this.host + ":" + this.port + pathAndQuery);
	}

	/**
	 * Send a {@code GET} and wait for the whole response.
	 * @param pathAndQuery the path, with its query if any
	 * @return the response
	 * @throws AssertionError if no response comes
	 * @throws InterruptedException if interrupted while waiting
	 */
	public Response get(String pathAndQuery) throws InterruptedException {
		CompletableFuture<Response> response = getAsync(pathAndQuery);
		try {
			return response.get(this.requestTimeout.toMillis() * 2 + HttpExchange.CONNECT_TIMEOUT_MILLIS,
					TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw new AssertionError(
					"GET " + pathAndQuery + " got no response: " + HttpExchange.describe(ex.getCause()), ex);
		}
		catch (TimeoutException ex) {
			throw new AssertionError("GET " + pathAndQuery + " got no response in time", ex);
		}
	}

	/**
	 * Send a {@code GET} and return at once.
	 * @param pathAndQuery the path, with its query if any
	 * @return the response to come
	 */
	public CompletableFuture<Response> getAsync(String pathAndQuery) {
		return sendAsync("GET", pathAndQuery, null);
	}

	/**
	 * Send a request and return at once.
	 * @param method the method, such as {@code POST}
	 * @param pathAndQuery the path, with its query if any
	 * @param body the body, sent as UTF-8 {@code text/plain} unless {@code null}
	 * @return the response to come
	 */
	public CompletableFuture<Response> sendAsync(String method, String pathAndQuery, @Nullable String body) {
		checkPath(pathAndQuery);
		TrackedRequest tracked = new TrackedRequest(method, pathAndQuery, System.nanoTime());
		this.requests.add(tracked);
		this.executor.execute(() -> exchange(tracked, body));
		return tracked.response();
	}

	/**
	 * Send {@code count} {@code GET}s at once, and return without waiting for them: a
	 * burst of requests in flight. To know that the application has taken them before a
	 * signal, wait for a line each of them logs ({@link ApplicationProcess#awaitLog}).
	 * @param count how many
	 * @param pathAndQuery the path, with its query if any, such as {@code /slow?ms=2000}
	 * @return the responses to come, in the order sent
	 */
	public List<CompletableFuture<Response>> inFlight(int count, String pathAndQuery) {
		Assert.isTrue(count > 0, "'count' must be positive");
		List<CompletableFuture<Response>> responses = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			responses.add(getAsync(pathAndQuery));
		}
		return responses;
	}

	/**
	 * Return what became of every request sent so far, in the order they were sent; those
	 * without an end yet are {@link RequestOutcome.Result#PENDING}.
	 * @return the outcomes
	 */
	public List<RequestOutcome> outcomes() {
		List<RequestOutcome> outcomes = new ArrayList<>();
		for (TrackedRequest request : this.requests) {
			outcomes.add(request.outcome(this.signalNanos.getAsLong()));
		}
		return outcomes;
	}

	/**
	 * Stop the traffic and wait, within a bound, for the requests still in flight to end:
	 * called once the process has exited, when every connection to it is closed.
	 * @param timeout the longest time to wait
	 * @throws InterruptedException if interrupted while waiting
	 */
	void settle(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		for (TrackedRequest request : this.requests) {
			long remaining = deadline - System.nanoTime();
			if (remaining <= 0) {
				return;
			}
			try {
				request.response().get(remaining, TimeUnit.NANOSECONDS);
			}
			catch (ExecutionException | TimeoutException ex) {
				// Recorded as the request's outcome.
			}
		}
	}

	/**
	 * Stop the threads of the requests still in flight.
	 */
	void close() {
		this.executor.shutdownNow();
	}

	private void exchange(TrackedRequest tracked, @Nullable String body) {
		try {
			tracked.responded(this.exchange.send(tracked.method(), tracked.path(), body));
		}
		catch (IOException | RuntimeException ex) {
			tracked.failed(ex);
		}
	}

	private static void checkPath(String pathAndQuery) {
		Assert.isTrue(pathAndQuery.startsWith("/"), "'pathAndQuery' must start with '/'");
	}

	/**
	 * A response, whole.
	 *
	 * @param status the status code
	 * @param headers the headers, by lower-case name (repeated ones joined with
	 * {@code ", "})
	 * @param body the body, as UTF-8 (chunks joined)
	 */
	public record Response(int status, Map<String, String> headers, String body) {

		/**
		 * Create a new response.
		 * @param status the status code
		 * @param headers the headers
		 * @param body the body
		 */
		public Response {
			headers = Map.copyOf(headers);
		}

		/**
		 * Return a header's value.
		 * @param name the header's name, in any case
		 * @return the value, or {@code null} if there is no such header
		 */
		public @Nullable String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}

	}

}
