package dev.gracefulshutdown;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What happened during one shutdown: who asked, how each stage, lifecycle phase, bean and
 * hook went, the work in flight, what was still running at the end, and how the process
 * ended.
 * <p>
 * Offsets ({@code start}) are measured from {@link #requestedAt()}. A report is
 * immutable; a report taken before the end ({@link ShutdownReportListener#beforeRelease})
 * shows the stages so far, with {@code null} durations for what still runs.
 *
 * @param id the shutdown's id
 * @param reason why the shutdown started
 * @param origin what started it (a signal name, an endpoint, a class)
 * @param detail free text from whoever started it, or {@code null}
 * @param requestedAt when the first trigger came
 * @param deadline the deadline's budget
 * @param duration the time from the first trigger to the end of the report
 * @param outcome how the shutdown ended, so far
 * @param exitCode the exit status of the process, or {@code null} when the JVM keeps
 * running
 * @param stages the stages, in the order they ran
 * @param phases the lifecycle phases, in the order they stopped
 * @param hooks the shutdown hooks, in the order they ran
 * @param requests the requests in flight and served during the drain
 * @param stragglers what was still running when the report was taken: beans, hooks and
 * threads, each with a short description
 * @param childProcesses the child processes of the JVM and what became of them
 */
public record ShutdownReport(String id, ShutdownReason reason, String origin, @Nullable String detail,
		Instant requestedAt, Duration deadline, Duration duration, ShutdownOutcome outcome, @Nullable Integer exitCode,
		List<StageTiming> stages, List<PhaseTiming> phases, List<HookTiming> hooks, RequestCounts requests,
		List<String> stragglers, List<ChildProcess> childProcesses) {

	/**
	 * Create a new report.
	 * @param id the shutdown's id
	 * @param reason why the shutdown started
	 * @param origin what started it
	 * @param detail free text from whoever started it, or {@code null}
	 * @param requestedAt when the first trigger came
	 * @param deadline the deadline's budget
	 * @param duration the time from the first trigger to the end of the report
	 * @param outcome how the shutdown ended, so far
	 * @param exitCode the exit status, or {@code null} when the JVM keeps running
	 * @param stages the stages
	 * @param phases the lifecycle phases
	 * @param hooks the shutdown hooks
	 * @param requests the request counts
	 * @param stragglers what was still running
	 * @param childProcesses the child processes
	 */
	public ShutdownReport {
		stages = List.copyOf(stages);
		phases = List.copyOf(phases);
		hooks = List.copyOf(hooks);
		stragglers = List.copyOf(stragglers);
		childProcesses = List.copyOf(childProcesses);
	}

	/**
	 * Return whether the deadline passed before the sequence finished.
	 * @return whether the deadline was hit
	 */
	public boolean deadlineExceeded() {
		return this.outcome == ShutdownOutcome.DEADLINE_EXCEEDED;
	}

	/**
	 * How one stage went.
	 *
	 * @param stage the stage
	 * @param start when it started, from the first trigger
	 * @param duration how long it took, or {@code null} if it was still running
	 */
	public record StageTiming(ShutdownStage stage, Duration start, @Nullable Duration duration) {

	}

	/**
	 * How one lifecycle phase stopped.
	 *
	 * @param phase the phase number
	 * @param name the phase's documented name (such as {@code web-server-stop}), or
	 * {@code null} for a phase without one
	 * @param timeout the phase's timeout
	 * @param start when its first bean was asked to stop, from the first trigger
	 * @param duration how long it took, or {@code null} if it was still running
	 * @param timedOut whether beans were still running when its timeout passed
	 * @param beans its beans, in the order they were asked to stop
	 */
	public record PhaseTiming(int phase, @Nullable String name, Duration timeout, Duration start,
			@Nullable Duration duration, boolean timedOut, List<BeanTiming> beans) {

		/**
		 * Create a new phase timing.
		 * @param phase the phase number
		 * @param name the phase's name, or {@code null}
		 * @param timeout the phase's timeout
		 * @param start when its first bean was asked to stop
		 * @param duration how long it took, or {@code null}
		 * @param timedOut whether its timeout passed with beans still running
		 * @param beans its beans
		 */
		public PhaseTiming {
			beans = List.copyOf(beans);
		}

	}

	/**
	 * How one lifecycle bean stopped.
	 *
	 * @param name the bean's name
	 * @param type the bean's class name
	 * @param duration from the call to its {@code stop} to its completion, or
	 * {@code null} if it had not completed
	 */
	public record BeanTiming(String name, String type, @Nullable Duration duration) {

	}

	/**
	 * How one shutdown hook ran.
	 *
	 * @param name the hook's name ({@code bean.method} for an annotated method, the bean
	 * name for a {@link ShutdownHook} bean)
	 * @param when where in the sequence it ran: a stage or a phase
	 * @param duration how long it ran, or {@code null} if it had not ended
	 * @param outcome how it ended
	 * @param failure the exception it threw, as {@code Class: message}, or {@code null}
	 */
	public record HookTiming(String name, String when, @Nullable Duration duration, HookOutcome outcome,
			@Nullable String failure) {

	}

	/**
	 * How a shutdown hook ended.
	 */
	public enum HookOutcome {

		/**
		 * It returned normally.
		 */
		COMPLETED,

		/**
		 * It threw an exception; the hooks after it still ran.
		 */
		FAILED,

		/**
		 * It was still running when its timeout passed; the sequence went on without it.
		 */
		TIMED_OUT,

		/**
		 * It was still running when the report was taken.
		 */
		RUNNING

	}

	/**
	 * The requests of the drain.
	 *
	 * @param atDrainStart requests in flight when the drain started
	 * @param peak most requests in flight at once during the drain
	 * @param servedDuringDrain requests accepted during the drain
	 * @param atDrainEnd requests still in flight when the drain ended
	 */
	public record RequestCounts(long atDrainStart, long peak, long servedDuringDrain, long atDrainEnd) {

	}

	/**
	 * A child process of the JVM and what became of it.
	 *
	 * @param pid its process id
	 * @param command its command line, as far as the operating system tells
	 * @param outcome what became of it
	 */
	public record ChildProcess(long pid, String command, ChildProcessOutcome outcome) {

	}

	/**
	 * What became of a child process.
	 */
	public enum ChildProcessOutcome {

		/**
		 * It ended after it was asked to stop (TERM).
		 */
		EXITED,

		/**
		 * It did not end in time and was killed.
		 */
		KILLED,

		/**
		 * It was still running when the report was taken.
		 */
		RUNNING

	}

}
