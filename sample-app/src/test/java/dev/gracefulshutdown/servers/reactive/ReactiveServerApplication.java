package dev.gracefulshutdown.servers.reactive;

import java.time.Duration;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;

/**
 * A small WebFlux application for the per-server whole-process tests, started from the
 * test classpath as a reactive application on Reactor Netty: a delayed {@code /slow?ms=}
 * a streaming {@code /stream?n=&ms=} (newline-delimited JSON, one element every
 * {@code ms}), a Server-Sent Events stream {@code /events} that sends one event and stays
 * open, and a WebSocket endpoint {@code /ws} that sends {@code hello} and stays open.
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

	@Bean
	HandlerMapping webSocketMapping() {
		// Says hello, then stays open until the other side closes.
		WebSocketHandler hello = (session) -> session.send(Mono.just(session.textMessage("hello")))
			.then(session.receive().then());
		return new SimpleUrlHandlerMapping(Map.of("/ws", hello), -1);
	}

	@Bean
	WebFluxConfigurer reactorNettyWebSockets() {
		// Jetty is on the test classpath too, and Spring's detection would pick its
		// upgrade.
		return new WebFluxConfigurer() {

			@Override
			public WebSocketService getWebSocketService() {
				return new HandshakeWebSocketService(new ReactorNettyRequestUpgradeStrategy());
			}

		};
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
