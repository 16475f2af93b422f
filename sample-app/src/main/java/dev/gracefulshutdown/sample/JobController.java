package dev.gracefulshutdown.sample;

import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Queues jobs for the {@link JobWorker}: {@code POST /jobs} queues one that succeeds,
 * {@code POST /jobs?fail=true} one that throws and so shuts the application down.
 */
// Uses the starter's API: absent when the starter is switched off, so that the same jar
// runs as plain Spring Boot (graceful-shutdown.enabled=false) for the benchmarks.
@ConditionalOnBooleanProperty(name = "graceful-shutdown.enabled", matchIfMissing = true)
@RestController
class JobController {

	private final JobWorker worker;

	JobController(JobWorker worker) {
		this.worker = worker;
	}

	@PostMapping("/jobs")
	ResponseEntity<Map<String, String>> submit(@RequestParam(defaultValue = "false") boolean fail) {
		String id = this.worker.submit(fail);
		if (id == null) {
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.body(Map.of("error", JobWorker.NAME + " takes no jobs now"));
		}
		return ResponseEntity.accepted().body(Map.of("id", id));
	}

}
