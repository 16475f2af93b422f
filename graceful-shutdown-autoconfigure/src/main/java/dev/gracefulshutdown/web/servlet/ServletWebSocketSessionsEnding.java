package dev.gracefulshutdown.web.servlet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.gracefulshutdown.core.internal.OpenStreams;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerAdapter;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.HttpRequestHandlerAdapter;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ExceptionWebSocketHandlerDecorator;
import org.springframework.web.socket.handler.LoggingWebSocketHandlerDecorator;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

/**
 * Lets the shutdown close the WebSocket sessions of Spring WebSocket on a servlet
 * container (Tomcat, Jetty), those of {@code @EnableWebSocket} handlers and of STOMP
 * endpoints alike: a {@link HandlerAdapter} ahead of Spring MVC's
 * {@link HttpRequestHandlerAdapter} serves every {@link WebSocketHttpRequestHandler}'s
 * handshake with a copy of that handler whose {@link WebSocketHandler} is decorated, with
 * the same handshake handler and interceptors. Each session is registered as an open
 * stream once it is established, which the shutdown closes with status 1001 (going away)
 * at the end of the drain, and is deregistered when it closes by itself.
 * <p>
 * The handshake request is counted in flight by the {@link InFlightRequestFilter} until
 * the upgrade, not for the session's life. Subclasses of
 * {@link WebSocketHttpRequestHandler}, whose handling may differ, and SockJS endpoints
 * are left as they are.
 */
public final class ServletWebSocketSessionsEnding implements HandlerAdapter, Ordered {

	private final OpenStreams streams;

	private final Map<WebSocketHttpRequestHandler, WebSocketHttpRequestHandler> ending = new ConcurrentHashMap<>();

	/**
	 * Create a new adapter.
	 * @param streams the open streams
	 */
	public ServletWebSocketSessionsEnding(OpenStreams streams) {
		this.streams = streams;
	}

	@Override
	public boolean supports(Object handler) {
		return handler.getClass() == WebSocketHttpRequestHandler.class;
	}

	@Override
	public @Nullable ModelAndView handle(HttpServletRequest request, HttpServletResponse response, Object handler)
			throws Exception {
		this.ending.computeIfAbsent((WebSocketHttpRequestHandler) handler, this::ending)
			.handleRequest(request, response);
		return null;
	}

	private WebSocketHttpRequestHandler ending(WebSocketHttpRequestHandler handler) {
		// Decorated again by the copy's constructor: take the two decorators off.
		WebSocketHandler application = handler.getWebSocketHandler();
		if (application instanceof ExceptionWebSocketHandlerDecorator exceptions
				&& exceptions.getDelegate() instanceof LoggingWebSocketHandlerDecorator logging) {
			application = logging.getDelegate();
		}
		WebSocketHttpRequestHandler copy = new WebSocketHttpRequestHandler(
				new EndedByShutdown(application, this.streams), handler.getHandshakeHandler());
		copy.setHandshakeInterceptors(handler.getHandshakeInterceptors());
		return copy;
	}

	@Override
	public int getOrder() {
		// Spring MVC's HttpRequestHandlerAdapter is not ordered: it comes last.
		return 0;
	}

	/**
	 * The application's handler, with each session registered as an open stream.
	 */
	static final class EndedByShutdown extends WebSocketHandlerDecorator {

		private static final String STREAM_ATTRIBUTE = EndedByShutdown.class.getName() + ".stream";

		private final OpenStreams streams;

		EndedByShutdown(WebSocketHandler delegate, OpenStreams streams) {
			super(delegate);
			this.streams = streams;
		}

		@Override
		public void afterConnectionEstablished(WebSocketSession session) throws Exception {
			super.afterConnectionEstablished(session);
			OpenStreams.Stream stream = this.streams.register(OpenStreams.WEBSOCKET, () -> goAway(session));
			session.getAttributes().put(STREAM_ATTRIBUTE, stream);
			if (!session.isOpen()) {
				// Closed by the application already, or ended as it was registered
				// (after the drain): its close may have been reported before the
				// stream was there.
				stream.closed();
			}
		}

		@Override
		public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) throws Exception {
			try {
				super.afterConnectionClosed(session, closeStatus);
			}
			finally {
				if (session.getAttributes().remove(STREAM_ATTRIBUTE) instanceof OpenStreams.Stream stream) {
					stream.closed();
				}
			}
		}

		private static void goAway(WebSocketSession session) {
			try {
				session.close(CloseStatus.GOING_AWAY);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
