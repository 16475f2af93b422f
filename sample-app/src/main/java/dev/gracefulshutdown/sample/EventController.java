package dev.gracefulshutdown.sample;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /events?count=10} hands events to the {@link OutboxRelay}.
 */
// Uses the starter's API: absent when the starter is switched off, so that the same jar
// runs as plain Spring Boot (graceful-shutdown.enabled=false) for the benchmarks.
@ConditionalOnBooleanProperty(name = "graceful-shutdown.enabled", matchIfMissing = true)
@RestController
class EventController {

	private static final int MAX_COUNT = 1000;

	private final OutboxRelay relay;

	private final AuditLog auditLog;

	EventController(OutboxRelay relay, AuditLog auditLog) {
		this.relay = relay;
		this.auditLog = auditLog;
	}

	@PostMapping("/events")
	String accept(@RequestParam(defaultValue = "1") int count) {
		if (count < 1 || count > MAX_COUNT) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "count must be between 1 and " + MAX_COUNT);
		}
		for (int i = 0; i < count; i++) {
			if (!this.relay.offer("event-" + i)) {
				throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE,
						"the relay takes no more events (shutting down or full)");
			}
		}
		this.auditLog.record("accepted " + count + " events");
		return "accepted " + count;
	}

}
