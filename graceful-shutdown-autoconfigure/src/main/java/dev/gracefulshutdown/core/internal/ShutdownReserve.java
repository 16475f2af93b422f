package dev.gracefulshutdown.core.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.gracefulshutdown.ShutdownStage;

/**
 * The part of the deadline that a wait for work leaves to what comes after it: the hooks
 * that run later (in lower lifecycle phases and in the release stage), each with its
 * timeout, the time child processes get between {@code TERM} and {@code KILL}, and a
 * fixed {@link #MARGIN} for the rest (the phases left, the beans' destruction, the
 * report). A wait that is bounded only by the deadline ends this much before it, so that
 * work accepted before the shutdown gets all the time there is, and what follows still
 * gets its own.
 *
 * @param total the whole reserve
 * @param parts each term, described with the key that sets it
 * <p>
 * Internal, not API: public for the starter's auto-configuration and integrations.
 */
public record ShutdownReserve(Duration total, List<String> parts) {

	/**
	 * The time kept for what follows besides hooks and child processes: the lifecycle
	 * phases left, the destruction of the beans, the report and the exit, which take
	 * milliseconds unless something hangs.
	 */
	public static final Duration MARGIN = Duration.ofSeconds(1);

	/**
	 * Return the reserve of a wait that runs in the given lifecycle phase.
	 * @param phase the phase of the wait; hooks in this phase or a lower one, and hooks
	 * of the release stage, come after it
	 * @param settings the settings in force
	 * @param hooks the application's hooks
	 * @return the reserve
	 */
	public static ShutdownReserve after(int phase, ShutdownSettings settings, List<HookDefinition> hooks) {
		List<String> parts = new ArrayList<>();
		Duration total = Duration.ZERO;
		for (HookDefinition hook : hooks) {
			Integer hookPhase = hook.phase();
			boolean later = (hookPhase != null) ? hookPhase <= phase : hook.stage() == ShutdownStage.RELEASE;
			if (later) {
				total = total.plus(hook.timeout());
				parts.add("hook " + hook.name() + " " + Durations.format(hook.timeout()));
			}
		}
		ChildProcessSettings children = settings.childProcesses();
		if (children.enabled() && !children.timeout().isZero()) {
			total = total.plus(children.timeout());
			parts.add("graceful-shutdown.child-processes.timeout " + Durations.format(children.timeout()));
		}
		total = total.plus(MARGIN);
		parts.add(Durations.format(MARGIN) + " for the rest");
		return new ShutdownReserve(total, List.copyOf(parts));
	}

	/**
	 * Return the reserve as a sentence part, such as
	 * {@code 3s (graceful-shutdown.child-processes.timeout 2s + 1s for the rest)}.
	 * @return the description
	 */
	public String describe() {
		return Durations.format(this.total) + " (" + String.join(" + ", this.parts) + ")";
	}

}
