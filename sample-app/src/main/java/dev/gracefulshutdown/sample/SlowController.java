package dev.gracefulshutdown.sample;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Endpoints that take their time, like real work does: a request in flight during a
 * shutdown must still complete.
 */
@RestController
class SlowController {

	private static final Log logger = LogFactory.getLog(SlowController.class);

	private static final Duration MAX_WORK = Duration.ofSeconds(60);

	@GetMapping("/hello")
	String hello() {
		return "hello";
	}

	@GetMapping("/slow")
	@SuppressWarnings("checkstyle:regexp") // the work this endpoint stands for
	String slow(@RequestParam(defaultValue = "3000") long ms) throws InterruptedException {
		long work = bounded(ms);
		logger.info("slow request started (" + work + " ms)");
		Thread.sleep(work);
		return "slept " + work + " ms";
	}

	@GetMapping("/slow-async")
	CompletableFuture<String> slowAsync(@RequestParam(defaultValue = "3000") long ms) {
		long work = bounded(ms);
		logger.info("slow async request started (" + work + " ms)");
		return CompletableFuture.supplyAsync(() -> "waited " + work + " ms asynchronously",
				CompletableFuture.delayedExecutor(work, TimeUnit.MILLISECONDS));
	}

	private static long bounded(long ms) {
		return Math.max(0, Math.min(ms, MAX_WORK.toMillis()));
	}

}
