package dev.gracefulshutdown.signal;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.util.Assert;

/**
 * What a handled signal does when it arrives while a shutdown is under way: it joins the
 * shutdown, or it escalates it (every remaining wait is skipped and the JVM halts with
 * the timeout exit code).
 * <p>
 * Repeated signals are mostly not a person asking to hurry: wrapper scripts and process
 * managers forward {@code SIGTERM}, systemd's control-group kill reaches the JVM and its
 * parent script, and {@code mvn spring-boot:run} sends {@code SIGTERM} after Ctrl-C. So
 * by default only {@code SIGINT} escalates (Ctrl-C pressed again). Even a signal that
 * escalates joins when it comes within the repeat window of the first signal: it is then
 * taken for the same one delivered twice, as a terminal's process group and a forwarding
 * parent both deliver one Ctrl-C.
 */
public final class RepeatedSignals {

	/**
	 * The signals that escalate by default, without the {@code SIG} prefix.
	 */
	public static final List<String> DEFAULT_ESCALATING = List.of("INT");

	/**
	 * The default repeat window.
	 */
	public static final Duration DEFAULT_WINDOW = Duration.ofMillis(500);

	private static final String ON_REPEAT = "graceful-shutdown.signals.on-repeat.";

	private final Set<String> escalating;

	private final Duration window;

	/**
	 * Create a new policy.
	 * @param escalating the normalized names of the signals that escalate (for example
	 * {@code INT}); every other signal joins
	 * @param window the time after the first signal within which a repeat joins even if
	 * it would escalate
	 */
	public RepeatedSignals(Collection<String> escalating, Duration window) {
		Assert.notNull(escalating, "'escalating' must not be null");
		Assert.isTrue(!window.isNegative(), "'window' must not be negative");
		this.escalating = new TreeSet<>(escalating);
		this.window = window;
	}

	/**
	 * Return the defaults: {@code SIGINT} escalates, every other signal joins, and the
	 * window is {@link #DEFAULT_WINDOW}.
	 * @return the default policy
	 */
	public static RepeatedSignals defaults() {
		return new RepeatedSignals(DEFAULT_ESCALATING, DEFAULT_WINDOW);
	}

	/**
	 * Return whether a signal that comes again escalates the shutdown.
	 * @param name the normalized name of the signal, such as {@code INT}
	 * @param sinceFirstSignal the time since the first signal of this shutdown
	 * @return whether it escalates; otherwise it joins
	 */
	public boolean escalates(String name, Duration sinceFirstSignal) {
		return isEscalating(name) && !isWithinWindow(sinceFirstSignal);
	}

	/**
	 * Return whether a signal is configured to escalate when it comes again, outside the
	 * window.
	 * @param name the normalized name of the signal
	 * @return whether it escalates
	 */
	public boolean isEscalating(String name) {
		return this.escalating.contains(name);
	}

	/**
	 * Return whether a repeat that comes this long after the first signal is within the
	 * window, and is taken for the first one delivered twice.
	 * @param sinceFirstSignal the time since the first signal
	 * @return whether it is within the window
	 */
	public boolean isWithinWindow(Duration sinceFirstSignal) {
		return sinceFirstSignal.compareTo(this.window) < 0;
	}

	/**
	 * Return the time after the first signal within which a repeat joins even if it would
	 * escalate.
	 * @return the window
	 */
	public Duration window() {
		return this.window;
	}

	/**
	 * Return the setting that decides what a signal does when it comes again, as a user
	 * would write it, for log lines.
	 * @param name the normalized name of the signal
	 * @return the setting, such as {@code graceful-shutdown.signals.on-repeat.TERM=join}
	 */
	public String setting(String name) {
		return ON_REPEAT + name + "=" + (isEscalating(name) ? "escalate" : "join");
	}

	@Override
	public String toString() {
		return "RepeatedSignals[escalating=" + this.escalating + ", window=" + this.window + "]";
	}

}
