package dev.gracefulshutdown.servers.servlet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * A small servlet application for the per-server whole-process tests, started from the
 * test classpath with the server of the test's choice (Jetty, by excluding Tomcat's
 * auto-configuration): a blocking {@code /slow?ms=}, a streaming {@code /stream?n=&ms=},
 * a Server-Sent Events stream {@code /events} that sends one event and stays open, and a
 * WebSocket endpoint {@code /ws} (Spring WebSocket) that sends {@code hello} and stays
 * open.
 */
@SpringBootApplication
public class ServletServerApplication {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(ServletServerApplication.class);
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
		String hello() {
			return "hello";
		}

		@GetMapping("/slow")
		@SuppressWarnings("checkstyle:regexp") // the work this endpoint stands for
		String slow(@RequestParam long ms) throws InterruptedException {
			long work = bounded(ms);
			logger.info("slow request started (" + work + " ms)");
			Thread.sleep(work);
			return "slept " + work + " ms";
		}

		@GetMapping("/stream")
		ResponseEntity<StreamingResponseBody> stream(@RequestParam int n, @RequestParam long ms) {
			long every = bounded(ms);
			logger.info("stream started (" + n + " lines every " + every + " ms)");
			StreamingResponseBody body = (out) -> {
				for (int i = 1; i <= n; i++) {
					sleep(every);
					out.write(("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
					out.flush();
				}
			};
			return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(body);
		}

		@GetMapping("/events")
		SseEmitter events() throws IOException {
			SseEmitter emitter = new SseEmitter(0L);
			emitter.send(SseEmitter.event().data("tick"));
			return emitter;
		}

		@SuppressWarnings("checkstyle:regexp") // the work this stream stands for
		private static void sleep(long ms) {
			try {
				Thread.sleep(ms);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while streaming", ex);
			}
		}

		private static long bounded(long ms) {
			return Math.max(0, Math.min(ms, MAX_WORK.toMillis()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebSocket
	static class HelloSocket implements WebSocketConfigurer {

		@Override
		public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
			// Says hello, then stays open until the other side closes.
			registry.addHandler(new TextWebSocketHandler() {

				@Override
				public void afterConnectionEstablished(WebSocketSession session) throws Exception {
					session.sendMessage(new TextMessage("hello"));
				}

			}, "/ws");
		}

	}

}
