package dev.gracefulshutdown.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import dev.gracefulshutdown.DrainFinishedEvent;
import dev.gracefulshutdown.core.internal.InFlightTracker;
import dev.gracefulshutdown.core.internal.OpenStreams;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the end of Server-Sent Events streams on real servers on a random port: an
 * open stream is not counted in flight, so the drain does not wait for it, and at the end
 * of the drain it gets a last comment {@code :shutdown} and a clean end, so that the web
 * server's graceful shutdown does not wait for it either.
 */
class EventStreamShutdownTests {

	private static final Duration UPPER_BOUND = Duration.ofSeconds(20);

	/**
	 * Far above what the close takes with the streams ended, and far below what it takes
	 * when an open stream holds the drain (its max-delay) or the web server's graceful
	 * shutdown (its phase timeout).
	 */
	private static final Duration CLOSE_BOUND = Duration.ofSeconds(8);

	private static final String[] PROPERTIES = { "server.port=0", "spring.main.banner-mode=off",
			"graceful-shutdown.signals.enabled=false", "spring.main.cloud-platform=none",
			"graceful-shutdown.drain.max-delay=12s", "spring.lifecycle.timeout-per-shutdown-phase=12s" };

	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@Test
	void sseEmitterIsNotWaitedForAndEndsWithTheDrain() throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(MvcEvents.class)
			.web(WebApplicationType.SERVLET)
			.properties(PROPERTIES)
			.run();
		MvcEvents events = context.getBean(MvcEvents.class);
		assertStreamEndsWithTheDrain(context, "/events", ":shutdown");
		assertThat(events.completions).as("emitter's completion callbacks").hasValue(1);
	}

	@Test
	void fluxFromSpringMvcIsNotWaitedForAndEndsWithTheDrain() throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(MvcEvents.class)
			.web(WebApplicationType.SERVLET)
			.properties(PROPERTIES)
			.run();
		// No emitter to send the last comment through: the asynchronous request is
		// completed.
		assertStreamEndsWithTheDrain(context, "/flux-events", "data:tick");
	}

	@Test
	void webFluxEventStreamIsNotWaitedForAndEndsWithTheDrain() throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(FluxEvents.class)
			.web(WebApplicationType.REACTIVE)
			.properties(PROPERTIES)
			.run();
		assertStreamEndsWithTheDrain(context, "/events", ":shutdown");
	}

	@Test
	void whenStreamsAreDisabledAnOpenStreamIsCountedInFlight() throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(FluxEvents.class)
			.web(WebApplicationType.REACTIVE)
			.properties(PROPERTIES)
			.properties("graceful-shutdown.streams.enabled=false")
			.run()) {
			List<String> lines = new CopyOnWriteArrayList<>();
			CompletableFuture<Void> stream = open(context, "/events", lines);
			InFlightTracker tracker = context.getBean(InFlightTracker.class);
			await().atMost(UPPER_BOUND).untilAsserted(() -> assertThat(lines).contains("data:tick"));
			assertThat(tracker.inFlight()).isOne();
			assertThat(context.getBean(OpenStreams.class).open(OpenStreams.SSE)).isZero();
			stream.cancel(true);
		}
	}

	private void assertStreamEndsWithTheDrain(ConfigurableApplicationContext context, String path, String lastLine)
			throws Exception {
		List<String> lines = new CopyOnWriteArrayList<>();
		List<DrainFinishedEvent> drains = new CopyOnWriteArrayList<>();
		context.addApplicationListener((ApplicationListener<DrainFinishedEvent>) drains::add);
		CompletableFuture<Void> stream = open(context, path, lines);
		InFlightTracker tracker = context.getBean(InFlightTracker.class);
		OpenStreams streams = context.getBean(OpenStreams.class);
		await().atMost(UPPER_BOUND).untilAsserted(() -> {
			assertThat(lines).contains("data:tick");
			assertThat(streams.open(OpenStreams.SSE)).isOne();
		});
		assertThat(tracker.inFlight()).as("requests in flight with the stream open").isZero();
		long start = System.nanoTime();
		CompletableFuture<Void> close = CompletableFuture.runAsync(context::close);
		stream.get(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS);
		close.get(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS);
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertThat(lines).as("the stream's lines").contains("data:tick");
		assertThat(lines.contains(":shutdown")).as("last comment sent").isEqualTo(":shutdown".equals(lastLine));
		assertThat(drains).singleElement().satisfies((drain) -> assertThat(drain.isCutShort()).isFalse());
		assertThat(streams.ended(OpenStreams.SSE)).isOne();
		assertThat(streams.open(OpenStreams.SSE)).isZero();
		assertThat(took).isLessThan(CLOSE_BOUND);
	}

	private CompletableFuture<Void> open(ConfigurableApplicationContext context, String path, List<String> lines) {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.header("Accept", "text/event-stream")
			.GET()
			.build();
		return this.client.sendAsync(request, BodyHandlers.ofLines()).thenAccept((response) -> {
			try (Stream<String> body = response.body()) {
				body.forEach(lines::add);
			}
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@RestController
	static class MvcEvents {

		final AtomicInteger completions = new AtomicInteger();

		@GetMapping("/events")
		SseEmitter events() throws Exception {
			SseEmitter emitter = new SseEmitter(0L);
			emitter.onCompletion(this.completions::incrementAndGet);
			emitter.send(SseEmitter.event().data("tick"));
			return emitter;
		}

		@GetMapping("/flux-events")
		Flux<ServerSentEvent<String>> fluxEvents() {
			return Flux.just(ServerSentEvent.builder("tick").build()).concatWith(Flux.never());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class FluxEvents {

		@Bean
		EventsController eventsController() {
			return new EventsController();
		}

	}

	@RestController
	static class EventsController {

		@GetMapping("/events")
		Flux<ServerSentEvent<String>> events() {
			return Flux.just(ServerSentEvent.builder("tick").build()).concatWith(Flux.never());
		}

	}

}
