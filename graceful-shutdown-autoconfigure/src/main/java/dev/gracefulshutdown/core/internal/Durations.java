package dev.gracefulshutdown.core.internal;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.springframework.boot.convert.DurationStyle;

/**
 * Durations as users write them in {@code application.yml}, printed by Spring Boot's
 * {@link DurationStyle}: whole seconds as {@code 25s}, anything else in milliseconds,
 * {@code 1500ms}. Internal, not API.
 * <p>
 * Kept as a helper because the same choice of unit is made by some 45 messages, most of
 * them printing a computed duration that must be evaluated only once.
 */
public final class Durations {

	private Durations() {
	}

	/**
	 * Print a duration in whole seconds when it is one, in milliseconds otherwise.
	 * @param duration the duration
	 * @return the text, for example {@code 25s} or {@code 1500ms}
	 */
	public static String format(Duration duration) {
		ChronoUnit unit = (duration.toMillis() % 1000 == 0) ? ChronoUnit.SECONDS : ChronoUnit.MILLIS;
		return DurationStyle.SIMPLE.print(duration, unit);
	}

}
