package dev.gracefulshutdown.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /reports?count=3&ms=1500} queues reports to build in the background and
 * answers 202 at once.
 */
@RestController
class ReportController {

	private static final int MAX_COUNT = 50;

	private static final Duration MAX_WORK = Duration.ofSeconds(60);

	private final AtomicLong ids = new AtomicLong();

	private final ReportService reports;

	ReportController(ReportService reports) {
		this.reports = reports;
	}

	@PostMapping("/reports")
	@ResponseStatus(HttpStatus.ACCEPTED)
	List<String> build(@RequestParam(defaultValue = "1") int count, @RequestParam(defaultValue = "1000") long ms)
			throws InterruptedException {
		if (count < 1 || count > MAX_COUNT) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "count must be between 1 and " + MAX_COUNT);
		}
		if (ms < 0 || ms > MAX_WORK.toMillis()) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"ms must be between 0 and " + MAX_WORK.toMillis());
		}
		List<String> queued = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String id = "r" + this.ids.incrementAndGet();
			this.reports.build(id, Duration.ofMillis(ms));
			queued.add(id);
		}
		return queued;
	}

}
