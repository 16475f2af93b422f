package dev.gracefulshutdown.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The HTTP client of the whole-process tests: HTTP/1.1 (as a load balancer speaks to the
 * application), every request bounded, every body read as a string.
 */
final class WholeProcessHttp {

	/**
	 * Bounds every request unless a test says otherwise: long enough for a request that a
	 * drain holds open on a loaded machine.
	 */
	static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(CONNECT_TIMEOUT)
		.build();

	private final Duration requestTimeout;

	/**
	 * Create a client whose requests time out after {@link #REQUEST_TIMEOUT}.
	 */
	WholeProcessHttp() {
		this(REQUEST_TIMEOUT);
	}

	/**
	 * Create a client whose requests time out after the given time.
	 * @param requestTimeout the longest time a request may take
	 */
	WholeProcessHttp(Duration requestTimeout) {
		this.requestTimeout = requestTimeout;
	}

	/**
	 * Return a request builder for the given URI, with this client's timeout.
	 * @param uri the URI
	 * @return the builder
	 */
	HttpRequest.Builder request(URI uri) {
		return HttpRequest.newBuilder(uri).timeout(this.requestTimeout);
	}

	/**
	 * Send a GET and wait for the whole response.
	 * @param uri the URI
	 * @return the response
	 * @throws IOException if the request fails
	 * @throws InterruptedException if interrupted while waiting
	 */
	HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
		return send(request(uri).GET().build());
	}

	/**
	 * Send a GET and return at once.
	 * @param uri the URI
	 * @return the response to come
	 */
	CompletableFuture<HttpResponse<String>> getAsync(URI uri) {
		return sendAsync(request(uri).GET().build());
	}

	/**
	 * Send a POST without a body and wait for the whole response.
	 * @param uri the URI
	 * @return the response
	 * @throws IOException if the request fails
	 * @throws InterruptedException if interrupted while waiting
	 */
	HttpResponse<String> post(URI uri) throws IOException, InterruptedException {
		return send(request(uri).POST(BodyPublishers.noBody()).build());
	}

	/**
	 * Send a request and wait for the whole response.
	 * @param request the request
	 * @return the response
	 * @throws IOException if the request fails
	 * @throws InterruptedException if interrupted while waiting
	 */
	HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
		return this.client.send(request, BodyHandlers.ofString());
	}

	/**
	 * Send a request and return at once.
	 * @param request the request
	 * @return the response to come
	 */
	CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest request) {
		return this.client.sendAsync(request, BodyHandlers.ofString());
	}

	/**
	 * Send a request and return at once, with the body read by the given handler.
	 * @param <T> the type of the body
	 * @param request the request
	 * @param handler how to read the body
	 * @return the response to come
	 */
	<T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
		return this.client.sendAsync(request, handler);
	}

}
