package dev.gracefulshutdown.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.gracefulshutdown.DrainFinishedEvent;
import dev.gracefulshutdown.core.internal.InFlightTracker;
import dev.gracefulshutdown.core.internal.OpenStreams;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.WebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the end of WebFlux WebSocket sessions on a real server on a random port: an
 * open session is not counted in flight, so the drain does not wait for it, and at the
 * end of the drain it is closed with status 1001 (going away), so that the web server's
 * graceful shutdown does not wait for it either.
 */
class WebSocketShutdownTests {

	private static final Duration UPPER_BOUND = Duration.ofSeconds(20);

	/**
	 * Far above what the close takes with the session closed, and far below what it takes
	 * when an open session holds the drain (its max-delay) or the web server's graceful
	 * shutdown (its phase timeout).
	 */
	private static final Duration CLOSE_BOUND = Duration.ofSeconds(8);

	@Test
	void webSocketSessionIsNotWaitedForAndIsClosedWithGoingAwayWhenTheDrainEnds() throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(WebSocketApplication.class)
			.web(WebApplicationType.REACTIVE)
			.properties("server.port=0", "spring.main.banner-mode=off", "graceful-shutdown.signals.enabled=false",
					"spring.main.cloud-platform=none", "graceful-shutdown.drain.max-delay=12s",
					"spring.lifecycle.timeout-per-shutdown-phase=12s")
			.run();
		List<DrainFinishedEvent> drains = new CopyOnWriteArrayList<>();
		context.addApplicationListener((ApplicationListener<DrainFinishedEvent>) drains::add);
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		List<String> messages = new CopyOnWriteArrayList<>();
		CompletableFuture<Integer> closeStatus = new CompletableFuture<>();
		WebSocket.Listener listener = new WebSocket.Listener() {

			@Override
			public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
				messages.add(data.toString());
				webSocket.request(1);
				return null;
			}

			@Override
			public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
				closeStatus.complete(statusCode);
				return null;
			}

			@Override
			public void onError(WebSocket webSocket, Throwable error) {
				closeStatus.completeExceptionally(error);
			}

		};
		HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.buildAsync(URI.create("ws://localhost:" + port + "/ws"), listener)
			.get(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS);
		InFlightTracker tracker = context.getBean(InFlightTracker.class);
		OpenStreams streams = context.getBean(OpenStreams.class);
		await().atMost(UPPER_BOUND).untilAsserted(() -> {
			assertThat(messages).contains("hello");
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

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class WebSocketApplication {

		@Bean
		HandlerMapping webSocketMapping() {
			// Says hello, then stays open until the other side closes.
			WebSocketHandler hello = (session) -> session.send(Mono.just(session.textMessage("hello")))
				.then(session.receive().then());
			return new SimpleUrlHandlerMapping(Map.of("/ws", hello), -1);
		}

	}

}
