package dev.gracefulshutdown.web.servlet;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import dev.gracefulshutdown.core.internal.OpenStreams;
import org.junit.jupiter.api.Test;

import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;
import org.springframework.web.socket.handler.ExceptionWebSocketHandlerDecorator;
import org.springframework.web.socket.handler.LoggingWebSocketHandlerDecorator;
import org.springframework.web.socket.server.HandshakeHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/**
 * Tests for {@link ServletWebSocketSessionsEnding}.
 */
class ServletWebSocketSessionsEndingTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final OpenStreams streams = new OpenStreams();

	private final ServletWebSocketSessionsEnding ending = new ServletWebSocketSessionsEnding(this.streams);

	private final List<String> events = new CopyOnWriteArrayList<>();

	private final WebSocketHandler application = new AbstractWebSocketHandler() {

		@Override
		public void afterConnectionEstablished(WebSocketSession session) {
			ServletWebSocketSessionsEndingTests.this.events.add("established");
		}

		@Override
		public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
			ServletWebSocketSessionsEndingTests.this.events.add("closed " + status.getCode());
		}

	};

	private final AtomicReference<WebSocketHandler> handshakeWith = new AtomicReference<>();

	private final HandshakeHandler handshakeHandler = (request, response, handler, attributes) -> {
		this.handshakeWith.set(handler);
		return true;
	};

	@Test
	void supportsSpringsWebSocketHandlerOnly() {
		assertThat(this.ending.supports(new WebSocketHttpRequestHandler(this.application))).isTrue();
		assertThat(this.ending.supports(new WebSocketHttpRequestHandler(this.application) {
		})).as("a subclass").isFalse();
		assertThat(this.ending.supports(this.application)).isFalse();
	}

	@Test
	void handshakeKeepsTheHandshakeHandlerAndInterceptorsAndDecoratesTheApplicationsHandlerOnce() throws Exception {
		WebSocketHttpRequestHandler handler = new WebSocketHttpRequestHandler(this.application, this.handshakeHandler);
		handler.setHandshakeInterceptors(List.of(new RecordingInterceptor(this.events)));
		this.ending.handle(new MockHttpServletRequest("GET", "/ws"), new MockHttpServletResponse(), handler);
		assertThat(this.events).containsExactly("before handshake", "after handshake");
		WebSocketHandler used = this.handshakeWith.get();
		assertThat(used).isInstanceOf(ExceptionWebSocketHandlerDecorator.class);
		WebSocketHandler logging = ((ExceptionWebSocketHandlerDecorator) used).getDelegate();
		assertThat(logging).isInstanceOf(LoggingWebSocketHandlerDecorator.class);
		WebSocketHandler ours = ((LoggingWebSocketHandlerDecorator) logging).getDelegate();
		assertThat(ours).isInstanceOf(ServletWebSocketSessionsEnding.EndedByShutdown.class);
		assertThat(((ServletWebSocketSessionsEnding.EndedByShutdown) ours).getDelegate()).isSameAs(this.application);
	}

	@Test
	void openSessionIsClosedWithGoingAwayWhenTheStreamsEnd() throws Exception {
		WebSocketHandler handler = handshake();
		WebSocketSession session = session();
		handler.afterConnectionEstablished(session);
		assertThat(this.events).containsExactly("established");
		assertThat(this.streams.open(OpenStreams.WEBSOCKET)).isOne();
		assertThat(this.streams.endAll(WAIT)).isOne();
		verify(session).close(CloseStatus.GOING_AWAY);
		handler.afterConnectionClosed(session, CloseStatus.GOING_AWAY);
		assertThat(this.events).containsExactly("established", "closed 1001");
		assertThat(this.streams.open(OpenStreams.WEBSOCKET)).isZero();
		assertThat(this.streams.ended(OpenStreams.WEBSOCKET)).isOne();
	}

	@Test
	void sessionThatClosesByItselfIsNoLongerOpen() throws Exception {
		WebSocketHandler handler = handshake();
		WebSocketSession session = session();
		handler.afterConnectionEstablished(session);
		handler.afterConnectionClosed(session, CloseStatus.NORMAL);
		assertThat(this.streams.open(OpenStreams.WEBSOCKET)).isZero();
		assertThat(this.streams.endAll(WAIT)).isZero();
		verify(session, never()).close(CloseStatus.GOING_AWAY);
	}

	@Test
	void sessionClosedBeforeItWasRegisteredIsNotLeftOpen() throws Exception {
		WebSocketHandler handler = handshake();
		WebSocketSession session = session();
		given(session.isOpen()).willReturn(false);
		// The application closed it, and its close was reported, before it was
		// registered.
		handler.afterConnectionClosed(session, CloseStatus.NORMAL);
		handler.afterConnectionEstablished(session);
		assertThat(this.streams.open(OpenStreams.WEBSOCKET)).isZero();
	}

	@Test
	void sessionThatCannotBeClosedIsNoLongerOpen() throws Exception {
		WebSocketHandler handler = handshake();
		WebSocketSession session = session();
		willThrow(new IOException("broken pipe")).given(session).close(CloseStatus.GOING_AWAY);
		handler.afterConnectionEstablished(session);
		this.streams.endAll(WAIT);
		assertThat(this.streams.open(OpenStreams.WEBSOCKET)).isZero();
	}

	private WebSocketHandler handshake() throws Exception {
		this.ending.handle(new MockHttpServletRequest("GET", "/ws"), new MockHttpServletResponse(),
				new WebSocketHttpRequestHandler(this.application, this.handshakeHandler));
		return this.handshakeWith.get();
	}

	private static WebSocketSession session() {
		WebSocketSession session = mock(WebSocketSession.class);
		Map<String, Object> attributes = new ConcurrentHashMap<>();
		given(session.getAttributes()).willReturn(attributes);
		given(session.getId()).willReturn("1");
		given(session.isOpen()).willReturn(true);
		return session;
	}

	/**
	 * Records that it took part in a handshake.
	 */
	private record RecordingInterceptor(List<String> events) implements HandshakeInterceptor {

		@Override
		public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response,
				WebSocketHandler wsHandler, Map<String, Object> attributes) {
			this.events.add("before handshake");
			return true;
		}

		@Override
		public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
				Exception exception) {
			this.events.add("after handshake");
		}

	}

}
