package dev.gracefulshutdown.servers.reactive;

import java.time.Duration;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A small WebFlux application for the per-server whole-process tests, started from the
 * test classpath as a reactive application on Reactor Netty: a delayed {@code /slow?ms=}
 * a streaming {@code /stream?n=&ms=} (newline-delimited JSON, one element every
 * {@code ms}) and a Server-Sent Events stream {@code /events} that sends one event and
 * stays open.
 */
@SpringBootApplication
public class ReactiveServerApplication {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(ReactiveServerApplication.class);
		// Readiness and liveness on the application's port too (/readyz, /livez), as a
		// load balancer sees them.
		application.setDefaultProperties(Map.of("management.endpoint.health.probes.enabled", "true",
				"management.endpoint.health.probes.add-additional-paths", "true"));
		application.run(args);
	}

	@RestController
	static class ServerTestController {

		private static final Log logger = LogFactory.getLog(ServerTestController.class);

		private static final Duration MAX_WORK = Duration.ofSeconds(60);

		@GetMapping("/hello")
		Mono<String> hello() {
			return Mono.just("hello");
		}

		@GetMapping("/slow")
		Mono<String> slow(@RequestParam long ms) {
			long work = bounded(ms);
			logger.info("slow request started (" + work + " ms)");
			return Mono.delay(Duration.ofMillis(work)).map((tick) -> "slept " + work + " ms");
		}

		@GetMapping(path = "/stream", produces = MediaType.APPLICATION_NDJSON_VALUE)
		Flux<Line> stream(@RequestParam int n, @RequestParam long ms) {
			long every = bounded(ms);
			logger.info("stream started (" + n + " lines every " + every + " ms)");
			return Flux.range(1, n).delayElements(Duration.ofMillis(every)).map(Line::new);
		}

		@GetMapping("/events")
		Flux<ServerSentEvent<String>> events() {
			return Flux.just(ServerSentEvent.builder("tick").build()).concatWith(Flux.never());
		}

		private static long bounded(long ms) {
			return Math.max(1, Math.min(ms, MAX_WORK.toMillis()));
		}

	}

	/**
	 * One element of the stream.
	 *
	 * @param line its number, from 1
	 */
	record Line(int line) {
	}

}
