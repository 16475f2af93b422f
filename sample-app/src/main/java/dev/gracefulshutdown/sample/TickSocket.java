package dev.gracefulshutdown.sample;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * WebSocket {@code /ws/ticks}: a session that receives {@code tick 1}, {@code tick 2}, …
 * one a second and never ends by itself, like {@code GET /ticks} over WebSocket. The
 * starter closes it at the end of the drain with status 1001 (going away); with plain
 * Spring Boot, Tomcat drops its connection when it stops, without a close status.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class TickSocket implements WebSocketConfigurer {

	private static final Log logger = LogFactory.getLog(TickSocket.class);

	private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "sample-socket-ticker");
		thread.setDaemon(true);
		return thread;
	});

	@Override
	public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
		registry.addHandler(new TickHandler(this.ticker), "/ws/ticks");
	}

	@PreDestroy
	void stop() {
		this.ticker.shutdownNow();
	}

	/**
	 * Sends a tick a second to each open session.
	 */
	private static final class TickHandler extends TextWebSocketHandler {

		private final ScheduledExecutorService ticker;

		private final Map<String, ScheduledFuture<?>> ticks = new ConcurrentHashMap<>();

		TickHandler(ScheduledExecutorService ticker) {
			this.ticker = ticker;
		}

		@Override
		public void afterConnectionEstablished(WebSocketSession session) {
			AtomicInteger count = new AtomicInteger();
			this.ticks.put(session.getId(), this.ticker.scheduleAtFixedRate(() -> {
				try {
					session.sendMessage(new TextMessage("tick " + count.incrementAndGet()));
				}
				catch (IOException | IllegalStateException ex) {
					// The client went away or the session was closed.
					logger.debug("Could not send a tick", ex);
				}
			}, 0, 1, TimeUnit.SECONDS));
			logger.info("tick socket opened");
		}

		@Override
		public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
			ScheduledFuture<?> ticks = this.ticks.remove(session.getId());
			if (ticks != null) {
				ticks.cancel(false);
			}
			logger.info("tick socket closed with status " + status.getCode());
		}

	}

}
