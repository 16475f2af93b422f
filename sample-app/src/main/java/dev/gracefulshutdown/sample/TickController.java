package dev.gracefulshutdown.sample;

import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /ticks}: a Server-Sent Events stream with one event a second that never ends
 * by itself, like a live feed. The starter ends it at the end of the drain with a last
 * comment {@code :shutdown}; plain Spring Boot waits for it until its phase timeout.
 */
@RestController
class TickController {

	private static final Log logger = LogFactory.getLog(TickController.class);

	private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "sample-ticker");
		thread.setDaemon(true);
		return thread;
	});

	@GetMapping("/ticks")
	SseEmitter ticks() {
		SseEmitter emitter = new SseEmitter(0L);
		AtomicInteger count = new AtomicInteger();
		ScheduledFuture<?> ticks = this.ticker.scheduleAtFixedRate(() -> {
			try {
				emitter.send(SseEmitter.event().data("tick " + count.incrementAndGet()));
			}
			catch (IOException | IllegalStateException ex) {
				// The client went away or the stream was ended.
				emitter.complete();
			}
		}, 0, 1, TimeUnit.SECONDS);
		emitter.onCompletion(() -> {
			ticks.cancel(false);
			logger.info("tick stream ended after " + count.get() + " ticks");
		});
		logger.info("tick stream opened");
		return emitter;
	}

	@PreDestroy
	void stop() {
		this.ticker.shutdownNow();
	}

}
