package dev.gracefulshutdown.core;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

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

	private void endCurrent(long now) {
		if (this.current != null) {
			this.ends.put(this.current, now);
		}
	}

}
