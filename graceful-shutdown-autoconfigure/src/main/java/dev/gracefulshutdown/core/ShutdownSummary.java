package dev.gracefulshutdown.core;

import java.time.Duration;
import java.util.StringJoiner;

import dev.gracefulshutdown.ShutdownRequest;
import dev.gracefulshutdown.ShutdownStage;

/**
 * The one log line that ends every shutdown: reason, time spent in each stage, traffic
 * and how the process ends.
 */
final class ShutdownSummary {

	private ShutdownSummary() {
	}

	static String line(ShutdownRequest request, StageTimeline timeline, DrainOutcome drain, Duration total,
			String ending) {
		StringJoiner stages = new StringJoiner(", ");
		for (ShutdownStage stage : ShutdownStage.values()) {
			Duration duration = timeline.duration(stage);
			stages.add(stage.displayName() + " " + ((duration != null) ? duration.toMillis() + " ms" : "skipped"));
		}
		return "Graceful shutdown complete in " + total.toMillis() + " ms, reason " + request.describe() + ": stages ["
				+ stages + "], requests in flight at start " + drain.inFlightAtStart() + ", served during drain "
				+ drain.acceptedDuringDrain()
				+ (drain.cutShort() ? ((drain.inFlightAtEnd() > 0)
						? " (drain cut short with " + drain.inFlightAtEnd() + " in flight)"
						: " (drain ended at its limit: requests kept arriving)") : "")
				+ ", " + ending;
	}

}
