package dev.gracefulshutdown.web.reactive;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import dev.gracefulshutdown.core.internal.InFlightTracker;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.WebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InFlightWebFilter}.
 */
class InFlightWebFilterTests {

	private static final Duration UPPER_BOUND = Duration.ofSeconds(10);

	private final InFlightTracker tracker = new InFlightTracker();

	private final InFlightWebFilter filter = new InFlightWebFilter(this.tracker, true, List.of("/readyz"));

	@Test
	void requestCountsUntilItsStreamingBodyIsWrittenInFull() {
		Sinks.Many<DataBuffer> body = Sinks.many().unicast().onBackpressureBuffer();
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/stream"));
		WebFilterChain chain = (served) -> served.getResponse().writeWith(body.asFlux());
		Sinks.Empty<Void> done = Sinks.empty();
		Disposable subscription = this.filter.filter(exchange, chain)
			.subscribe(null, done::tryEmitError, done::tryEmitEmpty);
		try {
			assertThat(this.tracker.inFlight()).isOne();
			body.tryEmitNext(buffer("line 1\n"));
			assertThat(exchange.getResponse().isCommitted()).isTrue();
			assertThat(this.tracker.inFlight()).as("in flight after the first element").isOne();
			body.tryEmitNext(buffer("line 2\n"));
			assertThat(this.tracker.inFlight()).as("in flight after the second element").isOne();
			body.tryEmitComplete();
			done.asMono().block(UPPER_BOUND);
			assertThat(this.tracker.inFlight()).as("in flight once the body is written").isZero();
			assertThat(exchange.getResponse().getBodyAsString().block(UPPER_BOUND)).isEqualTo("line 1\nline 2\n");
		}
		finally {
			subscription.dispose();
		}
	}

	@Test
	void cancelledExchangeIsCountedOutExactlyOnce() {
		Sinks.Many<DataBuffer> body = Sinks.many().unicast().onBackpressureBuffer();
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/stream"));
		Disposable subscription = this.filter
			.filter(exchange, (served) -> served.getResponse().writeWith(body.asFlux()))
			.subscribe();
		assertThat(this.tracker.inFlight()).isOne();
		subscription.dispose();
		assertThat(this.tracker.inFlight()).as("in flight after the cancel").isZero();
		// A late completion of the body must not count the exchange out a second time.
		body.tryEmitComplete();
		subscription.dispose();
		assertThat(this.tracker.inFlight()).as("in flight after a late completion").isZero();
	}

	@Test
	void failedExchangeIsCountedOutExactlyOnce() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/fails"));
		Sinks.Empty<Void> done = Sinks.empty();
		this.filter.filter(exchange, (served) -> Mono.error(new IllegalStateException("boom")))
			.subscribe(null, done::tryEmitError, done::tryEmitEmpty);
		assertThat(done.asMono().onErrorResume((ex) -> Mono.empty()).block(UPPER_BOUND)).isNull();
		assertThat(this.tracker.inFlight()).isZero();
		// A second exchange shows the count was not taken below zero.
		this.filter.filter(MockServerWebExchange.from(MockServerHttpRequest.get("/hello")), (served) -> Mono.empty())
			.block(UPPER_BOUND);
		assertThat(this.tracker.inFlight()).isZero();
	}

	@Test
	void connectionCloseOnlyWhileDraining() {
		WebTestClient client = client(this.filter);
		client.get().uri("/hello").exchange().expectStatus().isOk().expectHeader().doesNotExist(HttpHeaders.CONNECTION);
		this.tracker.startDrain();
		client.get()
			.uri("/hello")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.CONNECTION, "close")
			.expectBody(String.class)
			.isEqualTo("hello");
		assertThat(this.tracker.inFlight()).isZero();
	}

	@Test
	void connectionCloseCanBeTurnedOff() {
		WebTestClient client = client(new InFlightWebFilter(this.tracker, false, List.of("/readyz")));
		this.tracker.startDrain();
		client.get().uri("/hello").exchange().expectStatus().isOk().expectHeader().doesNotExist(HttpHeaders.CONNECTION);
		assertThat(this.tracker.acceptedDuringDrain()).isOne();
	}

	@Test
	void streamedResponseThroughWebFluxIsCountedOutWhenComplete() {
		WebTestClient client = client(this.filter);
		this.tracker.startDrain();
		client.get()
			.uri("/stream")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.CONNECTION, "close")
			.expectBody(String.class)
			.isEqualTo("{\"line\":1}\n{\"line\":2}\n{\"line\":3}\n");
		assertThat(this.tracker.inFlight()).isZero();
		assertThat(this.tracker.acceptedDuringDrain()).isOne();
	}

	@Test
	void probesDuringTheDrainAreNotTraffic() {
		WebTestClient client = client(this.filter);
		this.tracker.startDrain();
		client.get().uri("/readyz").exchange().expectStatus().isOk();
		client.get().uri("/readyz/extra").exchange().expectStatus().isOk();
		assertThat(this.tracker.acceptedDuringDrain()).as("served during the drain after probes").isZero();
		client.get().uri("/hello").exchange().expectStatus().isOk();
		assertThat(this.tracker.acceptedDuringDrain()).as("served during the drain after a request").isOne();
		assertThat(this.tracker.inFlight()).isZero();
	}

	private static WebTestClient client(InFlightWebFilter filter) {
		RouterFunction<ServerResponse> routes = RouterFunctions.route()
			.GET("/hello", (request) -> ServerResponse.ok().bodyValue("hello"))
			.GET("/readyz", (request) -> ServerResponse.ok().bodyValue("UP"))
			.GET("/readyz/extra", (request) -> ServerResponse.ok().bodyValue("UP"))
			.GET("/stream",
					(request) -> ServerResponse.ok()
						.contentType(MediaType.APPLICATION_NDJSON)
						.body(Flux.range(1, 3).map(Line::new), Line.class))
			.build();
		return WebTestClient.bindToRouterFunction(routes).webFilter(filter).build();
	}

	private static DataBuffer buffer(String text) {
		return DefaultDataBufferFactory.sharedInstance.wrap(text.getBytes(StandardCharsets.UTF_8));
	}

	record Line(int line) {
	}

}
