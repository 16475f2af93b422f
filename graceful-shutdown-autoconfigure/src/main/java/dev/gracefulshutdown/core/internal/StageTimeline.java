package dev.gracefulshutdown.core.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.gracefulshutdown.ShutdownReport.StageTiming;
import dev.gracefulshutdown.ShutdownStage;
import org.jspecify.annotations.Nullable;

/**
 * When each stage of the sequence started and ended. Entering a stage ends the one before
 * it.
 */
final class StageTimeline {

	private final Map<ShutdownStage, Long> starts = new EnumMap<>(ShutdownStage.class);

	private final Map<ShutdownStage, Long> ends = new EnumMap<>(ShutdownStage.class);

	private @Nullable ShutdownStage current;

	synchronized void enter(ShutdownStage stage) {
		long now = System.nanoTime();
		endCurrent(now);
		this.starts.put(stage, now);
		this.current = stage;
	}

	synchronized void finish() {
		endCurrent(System.nanoTime());
		this.current = null;
	}

	synchronized @Nullable ShutdownStage current() {
		return this.current;
	}

	/**
	 * Return how long a stage took, up to now if it is still running.
	 * @param stage the stage
	 * @return its duration, or {@code null} if it never ran
	 */
	synchronized @Nullable Duration duration(ShutdownStage stage) {
		Long start = this.starts.get(stage);
		if (start == null) {
			return null;
		}
		Long end = this.ends.get(stage);
		return Duration.ofNanos(((end != null) ? end : System.nanoTime()) - start);
	}

	/**
	 * Return the stages that ran so far, with offsets from the given start.
	 * @param originNanos the monotonic time offsets are measured from
	 * @return the timings, in the order the stages ran
	 */
	synchronized List<StageTiming> timings(long originNanos) {
		List<StageTiming> timings = new ArrayList<>();
		for (ShutdownStage stage : ShutdownStage.values()) {
			Long start = this.starts.get(stage);
			if (start != null) {
				Long end = this.ends.get(stage);
				timings.add(new StageTiming(stage, Duration.ofNanos(start - originNanos),
						(end != null) ? Duration.ofNanos(end - start) : null));
			}
		}
		return timings;
	}

	private void endCurrent(long now) {
		if (this.current != null) {
			this.ends.put(this.current, now);
		}
	}

}
