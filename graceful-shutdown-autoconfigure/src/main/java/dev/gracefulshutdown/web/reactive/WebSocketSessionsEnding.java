package dev.gracefulshutdown.web.reactive;

import java.util.List;
import java.util.function.Supplier;

import dev.gracefulshutdown.core.internal.OpenStreams;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.web.reactive.HandlerAdapter;
import org.springframework.web.reactive.HandlerResult;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.server.support.WebSocketHandlerAdapter;
import org.springframework.web.server.ServerWebExchange;

/**
 * Lets the shutdown close the WebSocket sessions of a WebFlux application: a
 * {@link HandlerAdapter} ahead of Spring's {@link WebSocketHandlerAdapter} hands every
 * WebSocket handshake to that adapter with the application's handler wrapped, so that
 * each session leaves the count of requests in flight (it has no end of its own) and is
 * registered as an open stream, which the shutdown closes with status 1001 (going away)
 * at the end of the drain.
 */
public final class WebSocketSessionsEnding implements HandlerAdapter, Ordered {

	private final OpenStreams streams;

	private final Supplier<WebSocketHandlerAdapter> delegate;

	/**
	 * Create a new adapter.
	 * @param streams the open streams
	 * @param delegate the adapter that performs the handshake
	 */
	public WebSocketSessionsEnding(OpenStreams streams, Supplier<WebSocketHandlerAdapter> delegate) {
		this.streams = streams;
		this.delegate = delegate;
	}

	@Override
	public boolean supports(Object handler) {
		return handler instanceof WebSocketHandler && !(handler instanceof EndedByShutdown);
	}

	@Override
	public Mono<HandlerResult> handle(ServerWebExchange exchange, Object handler) {
		Object count = exchange.getAttribute(InFlightWebFilter.COUNT_ATTRIBUTE);
		WebSocketHandler wrapped = (count instanceof InFlightWebFilter.Exchange tracked)
				? new EndedByShutdown((WebSocketHandler) handler, tracked, this.streams) : (WebSocketHandler) handler;
		return this.delegate.get().handle(exchange, wrapped);
	}

	@Override
	public int getOrder() {
		// Spring's WebSocketHandlerAdapter has order 2.
		return 1;
	}

	/**
	 * The application's handler, with its session registered as an open stream.
	 */
	private static final class EndedByShutdown implements WebSocketHandler {

		private final WebSocketHandler handler;

		private final InFlightWebFilter.Exchange count;

		private final OpenStreams streams;

		EndedByShutdown(WebSocketHandler handler, InFlightWebFilter.Exchange count, OpenStreams streams) {
			this.handler = handler;
			this.count = count;
			this.streams = streams;
		}

		@Override
		public List<String> getSubProtocols() {
			return this.handler.getSubProtocols();
		}

		@Override
		public Mono<Void> handle(WebSocketSession session) {
			// Some servers end the exchange with the handshake, others with the session.
			this.count.leaveCount();
			OpenStreams.Stream stream = this.streams.register(OpenStreams.WEBSOCKET,
					() -> session.close(CloseStatus.GOING_AWAY).subscribe());
			return this.handler.handle(session).doFinally((signal) -> stream.closed());
		}

	}

}
