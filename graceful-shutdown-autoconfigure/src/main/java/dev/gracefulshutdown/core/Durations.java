package dev.gracefulshutdown.core;

import java.time.Duration;

/**
 * Durations as users write them in {@code application.yml}: {@code 25s}, {@code 500ms}.
 */
public final class Durations {

	private Durations() {
	}

	/**
	 * Format a duration in whole seconds when it is one, in milliseconds otherwise.
	 * @param duration the duration
	 * @return the text, for example {@code 25s} or {@code 1500ms}
	 */
	public static String format(Duration duration) {
		long millis = duration.toMillis();
		return (millis % 1000 == 0) ? (millis / 1000) + "s" : millis + "ms";
	}

}
