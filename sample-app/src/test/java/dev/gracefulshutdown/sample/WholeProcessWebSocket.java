package dev.gracefulshutdown.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A WebSocket session of the whole-process tests, opened with the JDK's {@link WebSocket}
 * client: it keeps the text messages it receives and the close status the server sends.
 */
final class WholeProcessWebSocket implements WebSocket.Listener {

	private final List<String> messages = new CopyOnWriteArrayList<>();

	private final CompletableFuture<Integer> closeStatus = new CompletableFuture<>();

	private WholeProcessWebSocket() {
	}

	/**
	 * Open a session.
	 * @param uri the endpoint, such as {@code ws://localhost:8080/ws}
	 * @param timeout how long the handshake may take
	 * @return the open session
	 * @throws Exception if it cannot be opened
	 */
	static WholeProcessWebSocket open(URI uri, Duration timeout) throws Exception {
		WholeProcessWebSocket socket = new WholeProcessWebSocket();
		HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.buildAsync(uri, socket)
			.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		return socket;
	}

	/**
	 * Return the text messages received so far.
	 * @return the messages
	 */
	List<String> messages() {
		return this.messages;
	}

	/**
	 * Wait for the server to close the session.
	 * @param timeout the longest time to wait
	 * @return the close status the server sent ({@code 1006} when the connection ended
	 * without one)
	 * @throws InterruptedException if interrupted while waiting
	 * @throws ExecutionException if the session failed otherwise
	 * @throws TimeoutException if it was not closed in time
	 */
	int awaitCloseStatus(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
		return this.closeStatus.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		this.messages.add(data.toString());
		webSocket.request(1);
		return null;
	}

	@Override
	public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
		this.closeStatus.complete(statusCode);
		return null;
	}

	@Override
	public void onError(WebSocket webSocket, Throwable error) {
		this.closeStatus.completeExceptionally(error);
	}

}
