package dev.gracefulshutdown.core.internal;

import java.time.Duration;
import java.util.List;
import java.util.StringJoiner;

import dev.gracefulshutdown.ShutdownReport.BeanTiming;
import dev.gracefulshutdown.ShutdownReport.PhaseTiming;
import dev.gracefulshutdown.ShutdownRequest;
import dev.gracefulshutdown.ShutdownStage;

/**
 * The one log line that ends every shutdown: reason, time spent in each stage, traffic
 * and how the process ends; and the line before the release that says how the lifecycle
 * phases stopped.
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

	/**
	 * Return the line that says how the lifecycle phases stopped.
	 * @param phases the phases, not empty
	 * @return the line
	 */
	static String phasesLine(List<PhaseTiming> phases) {
		StringJoiner line = new StringJoiner("; ", "Lifecycle phases stopped: ", "");
		for (PhaseTiming phase : phases) {
			StringJoiner beans = new StringJoiner(", ", " [", "]");
			for (BeanTiming bean : phase.beans()) {
				Duration took = bean.duration();
				beans.add(bean.name() + " " + ((took != null) ? took.toMillis() + " ms" : "still running"));
			}
			Duration took = phase.duration();
			line.add(PhaseNames.describe(phase.phase()) + " " + ((took != null) ? took.toMillis() + " ms" : "")
					+ (phase.timedOut() ? " TIMED OUT after " + Durations.format(phase.timeout()) : "") + beans);
		}
		return line.toString();
	}

}
