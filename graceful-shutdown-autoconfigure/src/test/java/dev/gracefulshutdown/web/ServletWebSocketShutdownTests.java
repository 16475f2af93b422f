package dev.gracefulshutdown.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.gracefulshutdown.DrainFinishedEvent;
import dev.gracefulshutdown.core.internal.InFlightTracker;
import dev.gracefulshutdown.core.internal.OpenStreams;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the end of Spring WebSocket sessions on a servlet container (Tomcat), on a
 * real server on a random port with the JDK {@link WebSocket} client: an open session is
 * not counted in flight, so the drain does not wait for it, and at the end of the drain
 * it is closed with status 1001 (going away), for a handler of {@code @EnableWebSocket}
 * and for a STOMP endpoint alike.
 */
class ServletWebSocketShutdownTests {

	private static final Duration UPPER_BOUND = Duration.ofSeconds(20);

	/**
	 * Far above what the close takes with the session closed, and far below what it takes
	 * when an open session holds the drain (its max-delay) or the web server's graceful
	 * shutdown (its phase timeout).
	 */
	private static final Duration CLOSE_BOUND = Duration.ofSeconds(8);

	@Test
	void webSocketSessionIsNotWaitedForAndIsClosedWithGoingAwayWhenTheDrainEnds() throws Exception {
		closesTheOpenSessionWithGoingAway(EchoApplication.class, null, "hello");
	}

	@Test
	void stompSessionIsNotWaitedForAndIsClosedWithGoingAwayWhenTheDrainEnds() throws Exception {
		closesTheOpenSessionWithGoingAway(StompApplication.class, "CONNECT\naccept-version:1.2\nhost:localhost\n\n\0",
				"CONNECTED");
	}

	private void closesTheOpenSessionWithGoingAway(Class<?> application, String firstMessage, String firstReply)
			throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
			.web(WebApplicationType.SERVLET)
			.properties("server.port=0", "spring.main.banner-mode=off", "graceful-shutdown.signals.enabled=false",
					"spring.main.cloud-platform=none", "graceful-shutdown.drain.max-delay=12s",
					"spring.lifecycle.timeout-per-shutdown-phase=12s")
			.run();
		List<DrainFinishedEvent> drains = new CopyOnWriteArrayList<>();
		context.addApplicationListener((ApplicationListener<DrainFinishedEvent>) drains::add);
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		List<String> messages = new CopyOnWriteArrayList<>();
		CompletableFuture<Integer> closeStatus = new CompletableFuture<>();
		WebSocket webSocket = HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.buildAsync(URI.create("ws://localhost:" + port + "/ws"), new Recording(messages, closeStatus))
			.get(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS);
		if (firstMessage != null) {
			webSocket.sendText(firstMessage, true).get(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS);
		}
		InFlightTracker tracker = context.getBean(InFlightTracker.class);
		OpenStreams streams = context.getBean(OpenStreams.class);
		await().atMost(UPPER_BOUND).untilAsserted(() -> {
			assertThat(messages).anyMatch((message) -> message.startsWith(firstReply));
			assertThat(streams.open(OpenStreams.WEBSOCKET)).isOne();
		});
		assertThat(tracker.inFlight()).as("requests in flight with the session open").isZero();
		long start = System.nanoTime();
		CompletableFuture<Void> close = CompletableFuture.runAsync(context::close);
		assertThat(closeStatus.get(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS)).as("close status").isEqualTo(1001);
		close.get(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS);
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertThat(drains).singleElement().satisfies((drain) -> assertThat(drain.isCutShort()).isFalse());
		assertThat(streams.ended(OpenStreams.WEBSOCKET)).isOne();
		assertThat(streams.open(OpenStreams.WEBSOCKET)).isZero();
		assertThat(took).isLessThan(CLOSE_BOUND);
	}

	/**
	 * Keeps the text messages and the close status a client receives.
	 */
	private record Recording(List<String> messages,
			CompletableFuture<Integer> closeStatus) implements WebSocket.Listener {

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

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableWebSocket
	static class EchoApplication implements WebSocketConfigurer {

		@Override
		public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
			// Says hello, then stays open until the other side closes.
			registry.addHandler(new TextWebSocketHandler() {

				@Override
				public void afterConnectionEstablished(WebSocketSession session) throws Exception {
					session.sendMessage(new TextMessage("hello"));
				}

			}, "/ws");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableWebSocketMessageBroker
	static class StompApplication implements WebSocketMessageBrokerConfigurer {

		@Override
		public void registerStompEndpoints(StompEndpointRegistry registry) {
			registry.addEndpoint("/ws");
		}

		@Override
		public void configureMessageBroker(MessageBrokerRegistry registry) {
			registry.enableSimpleBroker("/topic");
		}

	}

}
