package dev.gracefulshutdown.web.reactive;

import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.gracefulshutdown.core.internal.InFlightTracker;
import dev.gracefulshutdown.core.internal.ProbePaths;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpResponse;
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
 */
public final class InFlightWebFilter implements WebFilter, Ordered {

	private final InFlightTracker tracker;

	private final boolean connectionClose;

	private final ProbePaths probePaths;

	/**
	 * Create a new filter.
	 * @param tracker the tracker to count requests with
	 * @param connectionClose whether to send {@code Connection: close} during the drain
	 * @param probePaths path prefixes of health checks, which are not traffic
	 */
	public InFlightWebFilter(InFlightTracker tracker, boolean connectionClose, List<String> probePaths) {
		this.tracker = tracker;
		this.connectionClose = connectionClose;
		this.probePaths = new ProbePaths(probePaths);
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
		return chain.filter(exchange).doFinally(tracked);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	/**
	 * The count and the header of one exchange.
	 */
	private static final class Exchange implements Consumer<SignalType>, Supplier<Mono<Void>> {

		private static final AtomicIntegerFieldUpdater<Exchange> DONE = AtomicIntegerFieldUpdater
			.newUpdater(Exchange.class, "done");

		private final InFlightTracker tracker;

		private final boolean connectionClose;

		private final ServerHttpResponse response;

		private volatile int done;

		Exchange(InFlightTracker tracker, boolean connectionClose, ServerHttpResponse response) {
			this.tracker = tracker;
			this.connectionClose = connectionClose;
			this.response = response;
		}

		@Override
		public void accept(SignalType signal) {
			if (DONE.compareAndSet(this, 0, 1)) {
				this.tracker.finished();
			}
		}

		@Override
		public Mono<Void> get() {
			if (this.connectionClose && this.tracker.isDraining()) {
				this.response.getHeaders().set(HttpHeaders.CONNECTION, "close");
			}
			return Mono.empty();
		}

	}

}
