package dev.gracefulshutdown.web.reactive;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.gracefulshutdown.core.internal.InFlightTracker;
import dev.gracefulshutdown.core.internal.OpenStreams;
import dev.gracefulshutdown.core.internal.ProbePaths;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.core.publisher.Sinks;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Counts WebFlux requests in flight until their response is written in full (streaming
 * responses included), and asks clients to close their connection when a response is
 * committed during the drain, so that kept-alive connections move to instances that stay.
 * <p>
 * One small object per request does both: it ends the count when the exchange completes,
 * errors or is cancelled, and adds {@code Connection: close} just before the response is
 * committed.
 * <p>
 * A response of type {@code text/event-stream} (Server-Sent Events) has no end of its
 * own: when it starts to be written it leaves the count and is registered as an open
 * stream, which the shutdown ends at the end of the drain: the event being written is
 * finished, a last comment {@code :shutdown} follows, and the response completes.
 */
public final class InFlightWebFilter implements WebFilter, Ordered {

	/**
	 * The exchange attribute that holds the count of the exchange, for
	 * {@link WebSocketSessionsEnding} to turn a WebSocket session into an open stream.
	 */
	static final String COUNT_ATTRIBUTE = InFlightWebFilter.class.getName() + ".count";

	private final InFlightTracker tracker;

	private final boolean connectionClose;

	private final ProbePaths probePaths;

	private final @Nullable OpenStreams streams;

	/**
	 * Create a new filter that counts event streams as requests in flight.
	 * @param tracker the tracker to count requests with
	 * @param connectionClose whether to send {@code Connection: close} during the drain
	 * @param probePaths path prefixes of health checks, which are not traffic
	 */
	public InFlightWebFilter(InFlightTracker tracker, boolean connectionClose, List<String> probePaths) {
		this(tracker, connectionClose, probePaths, null);
	}

	/**
	 * Create a new filter.
	 * @param tracker the tracker to count requests with
	 * @param connectionClose whether to send {@code Connection: close} during the drain
	 * @param probePaths path prefixes of health checks, which are not traffic
	 * @param streams where event streams are registered instead of being counted in
	 * flight, or {@code null} to count them in flight until they end
	 */
	public InFlightWebFilter(InFlightTracker tracker, boolean connectionClose, List<String> probePaths,
			@Nullable OpenStreams streams) {
		this.tracker = tracker;
		this.connectionClose = connectionClose;
		this.probePaths = new ProbePaths(probePaths);
		this.streams = streams;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (this.tracker.isDraining()
				&& this.probePaths.matches(exchange.getRequest().getPath().pathWithinApplication().value())) {
			this.tracker.startedProbe();
		}
		else {
			this.tracker.started();
		}
		Exchange tracked = new Exchange(this.tracker, this.connectionClose, exchange.getResponse());
		if (this.connectionClose) {
			exchange.getResponse().beforeCommit(tracked);
		}
		if (this.streams != null) {
			exchange.getAttributes().put(COUNT_ATTRIBUTE, tracked);
		}
		ServerWebExchange filtered = (this.streams != null) ? exchange.mutate()
			.response(new EventStreamResponse(exchange.getResponse(), tracked, this.streams))
			.build() : exchange;
		return chain.filter(filtered).doFinally(tracked);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	/**
	 * The count and the header of one exchange.
	 */
	static final class Exchange implements Consumer<SignalType>, Supplier<Mono<Void>> {

		private static final AtomicIntegerFieldUpdater<Exchange> DONE = AtomicIntegerFieldUpdater
			.newUpdater(Exchange.class, "done");

		private final InFlightTracker tracker;

		private final boolean connectionClose;

		private final ServerHttpResponse response;

		private static final int COUNTED = 0;

		private static final int FINISHED = 1;

		private static final int STREAM = 2;

		private volatile int done;

		private volatile OpenStreams.@Nullable Stream stream;

		private volatile boolean endedByShutdown;

		Exchange(InFlightTracker tracker, boolean connectionClose, ServerHttpResponse response) {
			this.tracker = tracker;
			this.connectionClose = connectionClose;
			this.response = response;
		}

		@Override
		public void accept(SignalType signal) {
			if (DONE.compareAndSet(this, COUNTED, FINISHED)) {
				this.tracker.finished();
			}
			else if (this.stream != null) {
				this.stream.closed();
			}
		}

		/**
		 * The response turned out to be an event stream: it leaves the count and becomes
		 * an open stream.
		 * @param streams the open streams
		 * @param kind the kind of stream, such as {@link OpenStreams#SSE}
		 * @param ender what ends it
		 * @return whether it became a stream now (not when the exchange had already
		 * ended)
		 */
		boolean becomeStream(OpenStreams streams, String kind, Runnable ender) {
			if (!leaveCount()) {
				return false;
			}
			this.stream = streams.register(kind, () -> {
				this.endedByShutdown = true;
				ender.run();
			});
			return true;
		}

		/**
		 * End the count of this exchange, which goes on as something that is not a
		 * request in flight.
		 * @return whether it was still counted
		 */
		boolean leaveCount() {
			if (!DONE.compareAndSet(this, COUNTED, STREAM)) {
				return false;
			}
			this.tracker.finished();
			return true;
		}

		boolean isEndedByShutdown() {
			return this.endedByShutdown;
		}

		@Override
		public Mono<Void> get() {
			if (this.connectionClose && this.tracker.isDraining()) {
				this.response.getHeaders().set(HttpHeaders.CONNECTION, "close");
			}
			return Mono.empty();
		}

	}

	/**
	 * The response of one exchange, which registers itself as an open stream when it
	 * turns out to be an event stream, and then ends when the shutdown ends the streams.
	 */
	private static final class EventStreamResponse extends ServerHttpResponseDecorator {

		private static final byte[] LAST_COMMENT = ":shutdown\n\n".getBytes(StandardCharsets.UTF_8);

		private final Exchange exchange;

		private final OpenStreams streams;

		EventStreamResponse(ServerHttpResponse delegate, Exchange exchange, OpenStreams streams) {
			super(delegate);
			this.exchange = exchange;
			this.streams = streams;
		}

		@Override
		public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
			if (!MediaType.TEXT_EVENT_STREAM.isCompatibleWith(getHeaders().getContentType())) {
				return super.writeAndFlushWith(body);
			}
			Sinks.Empty<Void> end = Sinks.empty();
			if (!this.exchange.becomeStream(this.streams, OpenStreams.SSE, end::tryEmitEmpty)) {
				return super.writeAndFlushWith(body);
			}
			// Cut between two events, never inside one: each inner publisher is one
			// event, and the outer sequence completes after the one being written. The
			// last comment follows only an end the shutdown asked for.
			Flux<Publisher<? extends DataBuffer>> events = Flux.<Publisher<? extends DataBuffer>>from(body)
				.takeUntilOther(end.asMono());
			Mono<Publisher<? extends DataBuffer>> lastComment = Mono.defer(() -> this.exchange.isEndedByShutdown()
					? Mono.just(Mono.fromSupplier(() -> bufferFactory().wrap(LAST_COMMENT))) : Mono.empty());
			return super.writeAndFlushWith(events.concatWith(lastComment));
		}

	}

}
