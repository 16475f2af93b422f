package dev.gracefulshutdown.test;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * bounded by the request timeout, as the longest wait for the next bytes.
 */
public final class HttpLoad {

	private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

	private final String host;

	private final int port;

	private final Duration requestTimeout;

	private final LongSupplier signalNanos;

	private final ExecutorService executor;

	private final List<Tracked> requests = new CopyOnWriteArrayList<>();

	HttpLoad(URI baseUri, Duration requestTimeout, LongSupplier signalNanos) {
		this.host = baseUri.getHost();
		this.port = baseUri.getPort();
		this.requestTimeout = requestTimeout;
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
			return response.get(this.requestTimeout.toMillis() * 2 + CONNECT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw new AssertionError("GET " + pathAndQuery + " got no response: " + describe(ex.getCause()), ex);
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
		Tracked tracked = new Tracked(method, pathAndQuery, System.nanoTime());
		this.requests.add(tracked);
		CompletableFuture<Response> response = new CompletableFuture<>();
		tracked.response = response;
		this.executor.execute(() -> exchange(tracked, body));
		return response;
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
		for (Tracked request : this.requests) {
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
		for (Tracked request : this.requests) {
			long remaining = deadline - System.nanoTime();
			CompletableFuture<Response> response = request.response;
			if (remaining <= 0) {
				return;
			}
			if (response == null) {
				continue;
			}
			try {
				response.get(remaining, TimeUnit.NANOSECONDS);
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

	private void exchange(Tracked tracked, @Nullable String body) {
		CompletableFuture<Response> response = tracked.response;
		Assert.state(response != null, "No response to complete");
		try (Socket socket = new Socket()) {
			try {
				socket.connect(new InetSocketAddress(this.host, this.port), CONNECT_TIMEOUT_MILLIS);
			}
			catch (IOException ex) {
				RefusedException refused = new RefusedException(ex);
				tracked.end(null, refused);
				response.completeExceptionally(refused);
				return;
			}
			socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, this.requestTimeout.toMillis()));
			byte[] content = (body != null) ? body.getBytes(StandardCharsets.UTF_8) : null;
			StringBuilder head = new StringBuilder().append(tracked.method)
				.append(' ')
				.append(tracked.path)
				.append(" HTTP/1.1\r\nHost: ")
				.append(this.host)
				.append(':')
				.append(this.port)
				.append("\r\nConnection: close\r\n");
			if (content != null) {
				head.append("Content-Type: text/plain; charset=UTF-8\r\nContent-Length: ")
					.append(content.length)
					.append("\r\n");
			}
			head.append("\r\n");
			OutputStream output = socket.getOutputStream();
			output.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
			if (content != null) {
				output.write(content);
			}
			output.flush();
			Response read = read(new BufferedInputStream(socket.getInputStream()));
			tracked.end(read, null);
			response.complete(read);
		}
		catch (IOException | RuntimeException ex) {
			tracked.end(null, ex);
			response.completeExceptionally(ex);
		}
	}

	private static Response read(InputStream input) throws IOException {
		String statusLine = readLine(input);
		String[] parts = statusLine.split(" ", 3);
		if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
			throw new IOException("Not an HTTP status line: '" + statusLine + "'");
		}
		int status = Integer.parseInt(parts[1]);
		Map<String, String> headers = new LinkedHashMap<>();
		for (String line = readLine(input); !line.isEmpty(); line = readLine(input)) {
			int colon = line.indexOf(':');
			if (colon > 0) {
				headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
						line.substring(colon + 1).trim(), (first, second) -> first + ", " + second);
			}
		}
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		String transferEncoding = headers.get("transfer-encoding");
		String contentLength = headers.get("content-length");
		if (transferEncoding != null && transferEncoding.toLowerCase(Locale.ROOT).contains("chunked")) {
			readChunked(input, body);
		}
		else if (contentLength != null) {
			readExactly(input, body, Long.parseLong(contentLength));
		}
		else {
			input.transferTo(body);
		}
		return new Response(status, headers, body.toString(StandardCharsets.UTF_8));
	}

	private static void readChunked(InputStream input, ByteArrayOutputStream body) throws IOException {
		while (true) {
			String sizeLine = readLine(input);
			int extension = sizeLine.indexOf(';');
			long size = Long.parseLong(((extension >= 0) ? sizeLine.substring(0, extension) : sizeLine).trim(), 16);
			if (size == 0) {
				// Trailers, up to the empty line.
				while (!readLine(input).isEmpty()) {
					// Skipped.
				}
				return;
			}
			readExactly(input, body, size);
			readLine(input);
		}
	}

	private static void readExactly(InputStream input, ByteArrayOutputStream body, long length) throws IOException {
		byte[] buffer = new byte[8192];
		long left = length;
		while (left > 0) {
			int read = input.read(buffer, 0, (int) Math.min(buffer.length, left));
			if (read < 0) {
				throw new EOFException(
						"The connection was closed " + (length - left) + " bytes into a body of " + length);
			}
			body.write(buffer, 0, read);
			left -= read;
		}
	}

	private static String readLine(InputStream input) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int previous = -1;
		while (true) {
			int next = input.read();
			if (next < 0) {
				throw new EOFException((line.size() == 0 && previous < 0)
						? "The connection was closed before a response" : "The connection was closed mid-line");
			}
			if (next == '\n' && previous == '\r') {
				byte[] bytes = line.toByteArray();
				return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
			}
			line.write(next);
			previous = next;
		}
	}

	private static void checkPath(String pathAndQuery) {
		Assert.isTrue(pathAndQuery.startsWith("/"), "'pathAndQuery' must start with '/'");
	}

	private static String describe(@Nullable Throwable failure) {
		if (failure == null) {
			return "no failure";
		}
		Throwable shown = (failure instanceof RefusedException && failure.getCause() != null) ? failure.getCause()
				: failure;
		return shown.getClass().getName() + ((shown.getMessage() != null) ? ": " + shown.getMessage() : "");
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

	/**
	 * No connection could be made.
	 */
	private static final class RefusedException extends IOException {

		private static final long serialVersionUID = 1L;

		RefusedException(IOException cause) {
			super(cause.getMessage(), cause);
		}

	}

	/**
	 * A request sent, and what became of it.
	 */
	private static final class Tracked {

		private final String method;

		private final String path;

		private final long sentNanos;

		private volatile @Nullable CompletableFuture<Response> response;

		private volatile long endNanos;

		private volatile @Nullable Response result;

		private volatile @Nullable Throwable failure;

		Tracked(String method, String path, long sentNanos) {
			this.method = method;
			this.path = path;
			this.sentNanos = sentNanos;
		}

		void end(@Nullable Response result, @Nullable Throwable failure) {
			this.result = result;
			this.failure = failure;
			this.endNanos = System.nanoTime();
		}

		RequestOutcome outcome(long signalNanos) {
			@Nullable Duration sentAfterSignal = (signalNanos != 0) ? Duration.ofNanos(this.sentNanos - signalNanos) : null;
			long end = this.endNanos;
			if (end == 0) {
				return new RequestOutcome(this.method, this.path, sentAfterSignal, null, RequestOutcome.Result.PENDING,
						0, null);
			}
			Duration took = Duration.ofNanos(end - this.sentNanos);
			Response response = this.result;
			if (response != null) {
				return new RequestOutcome(this.method, this.path, sentAfterSignal, took,
						RequestOutcome.Result.RESPONDED, response.status(), null);
			}
			Throwable failure = this.failure;
			return new RequestOutcome(this.method, this.path, sentAfterSignal, took,
					(failure instanceof RefusedException) ? RequestOutcome.Result.REFUSED
							: RequestOutcome.Result.FAILED,
					0, describe(failure));
		}

	}

}
