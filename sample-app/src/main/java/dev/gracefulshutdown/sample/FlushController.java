package dev.gracefulshutdown.sample;

import java.time.Duration;

import dev.gracefulshutdown.GracefulShutdown;
import dev.gracefulshutdown.Lease;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /flush?ms=2000} starts flushing a buffer in the background under a lease,
 * and answers 202 at once: a shutdown that starts meanwhile waits for the flush (within
 * the deadline) before Spring stops anything.
 */
// Uses the starter's API: absent when the starter is switched off, so that the same jar
// runs as plain Spring Boot (graceful-shutdown.enabled=false) for the benchmarks.
@ConditionalOnBooleanProperty(name = "graceful-shutdown.enabled", matchIfMissing = true)
@RestController
class FlushController {

	private static final Log logger = LogFactory.getLog(FlushController.class);

	private static final Duration MAX_WORK = Duration.ofMinutes(10);

	private final GracefulShutdown gracefulShutdown;

	FlushController(GracefulShutdown gracefulShutdown) {
		this.gracefulShutdown = gracefulShutdown;
	}

	@PostMapping("/flush")
	@ResponseStatus(HttpStatus.ACCEPTED)
	String flush(@RequestParam(defaultValue = "2000") long ms) {
		if (ms < 0 || ms > MAX_WORK.toMillis()) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"ms must be between 0 and " + MAX_WORK.toMillis());
		}
		// Taken here, on the request's thread: once accepted, the flush is protected.
		Lease lease = this.gracefulShutdown.acquireLease("flush");
		Thread flusher = new Thread(() -> flush(lease, ms), "flusher");
		flusher.setDaemon(true);
		flusher.start();
		return "flushing for " + ms + " ms";
	}

	@SuppressWarnings("checkstyle:regexp") // the work this flush stands for
	private static void flush(Lease lease, long ms) {
		try (lease) {
			logger.info("flush started (" + ms + " ms)");
			Thread.sleep(ms);
			logger.info("flush done");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
