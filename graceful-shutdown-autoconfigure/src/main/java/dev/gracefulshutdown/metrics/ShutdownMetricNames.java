package dev.gracefulshutdown.metrics;

import java.util.Locale;

import dev.gracefulshutdown.ShutdownOutcome;
import dev.gracefulshutdown.ShutdownReason;
import dev.gracefulshutdown.ShutdownReport;
import dev.gracefulshutdown.ShutdownReport.PhaseTiming;
import dev.gracefulshutdown.ShutdownReport.StageTiming;
import dev.gracefulshutdown.ShutdownStage;
import dev.gracefulshutdown.ShutdownState;
import org.jspecify.annotations.Nullable;

/**
 * The names of the shutdown's meters and the values of their tags, as
 * {@code docs/metrics.md} lists them. Tag values are lower case with dashes; none of them
 * is a bean name, an id or anything else without a small fixed set of values (a phase
 * without a documented name is tagged with its number).
 */
public final class ShutdownMetricNames {

	/**
	 * Gauge: requests (and other tracked work) in flight now.
	 */
	public static final String REQUESTS_IN_FLIGHT = "graceful.shutdown.requests.in.flight";

	/**
	 * Counter: long-lived connections (Server-Sent Events streams, WebSocket sessions)
	 * that the shutdown ended, by {@code kind}.
	 */
	public static final String STREAMS_ENDED = "graceful.shutdown.streams.ended";

	/**
	 * Counter: message listener containers that the drain stopped, each once its work in
	 * progress was done, by {@code kind} ({@code kafka}, {@code rabbit}).
	 */
	public static final String LISTENERS_STOPPED = "graceful.shutdown.listeners.stopped";

	/**
	 * Gauge, one per state ({@code state} tag): 1 for the current state, 0 for the
	 * others.
	 */
	public static final String STATE = "graceful.shutdown.state";

	/**
	 * Counter: shutdowns started, by {@code reason}.
	 */
	public static final String STARTED = "graceful.shutdown.started";

	/**
	 * Counter: requests served during the drain.
	 */
	public static final String REQUESTS_DRAINED = "graceful.shutdown.requests.drained";

	/**
	 * Timer: time spent in each stage ({@code stage} tag).
	 */
	public static final String STAGE_DURATION = "graceful.shutdown.stage.duration";

	/**
	 * Timer: time each lifecycle phase took to stop ({@code phase} and {@code outcome}
	 * tags).
	 */
	public static final String PHASE_DURATION = "graceful.shutdown.phase.duration";

	/**
	 * Timer: the whole shutdown, from the first trigger to its end ({@code reason} and
	 * {@code outcome} tags).
	 */
	public static final String DURATION = "graceful.shutdown.duration";

	/**
	 * Gauge: what was still running when the last shutdown of this process ended (beans,
	 * hooks, requests, a bean being destroyed), 0 when nothing was.
	 */
	public static final String STRAGGLERS = "graceful.shutdown.stragglers";

	/**
	 * Counter: the JVM halted instead of exiting, by {@code cause}.
	 */
	public static final String HALTS = "graceful.shutdown.halts";

	/**
	 * Gauge: how long the previous instance's shutdown took, from the report file.
	 */
	public static final String LAST_DURATION = "graceful.shutdown.last.duration";

	/**
	 * Gauge: 1 if the previous instance's shutdown did not complete within its bounds, 0
	 * if it did.
	 */
	public static final String LAST_TIMED_OUT = "graceful.shutdown.last.timed.out";

	/**
	 * Gauge: the exit status the previous instance ended with.
	 */
	public static final String LAST_EXIT_CODE = "graceful.shutdown.last.exit.code";

	/**
	 * Gauge: when the previous instance's shutdown was requested, in seconds since the
	 * epoch.
	 */
	public static final String LAST_TIMESTAMP = "graceful.shutdown.last.timestamp";

	/**
	 * Causes of a halt, the values of the {@code cause} tag of {@link #HALTS}.
	 */
	static final String[] HALT_CAUSES = { "deadline", "phase-timeout", "escalation" };

	/**
	 * Kinds of long-lived connection, the values of the {@code kind} tag of
	 * {@link #STREAMS_ENDED}.
	 */
	static final String[] STREAM_KINDS = { "sse", "websocket" };

	private ShutdownMetricNames() {
	}

	static String tagValue(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	static String reason(ShutdownReason reason) {
		return tagValue(reason);
	}

	static String outcome(ShutdownOutcome outcome) {
		return tagValue(outcome);
	}

	static String state(ShutdownState state) {
		return tagValue(state);
	}

	static String stage(ShutdownStage stage) {
		return stage.displayName();
	}

	static String phase(PhaseTiming phase) {
		return (phase.name() != null) ? phase.name() : String.valueOf(phase.phase());
	}

	/**
	 * Return why the JVM halted at the end of a shutdown, if it did: the deadline passed,
	 * a {@code stop()} blocked past its phase's timeout (the sequence had not finished,
	 * so a stage has no end), or a repeated signal escalated. A report without an exit
	 * code belongs to a JVM that keeps running, which is never halted.
	 * @param report the final report
	 * @return the cause, or {@code null} if the process was not halted
	 */
	static @Nullable String haltCause(ShutdownReport report) {
		if (report.exitCode() == null) {
			return null;
		}
		return switch (report.outcome()) {
			case DEADLINE_EXCEEDED -> "deadline";
			case ESCALATED -> "escalation";
			case TIMED_OUT -> unfinished(report) ? "phase-timeout" : null;
			default -> null;
		};
	}

	private static boolean unfinished(ShutdownReport report) {
		for (StageTiming stage : report.stages()) {
			if (stage.duration() == null) {
				return true;
			}
		}
		return false;
	}

}
