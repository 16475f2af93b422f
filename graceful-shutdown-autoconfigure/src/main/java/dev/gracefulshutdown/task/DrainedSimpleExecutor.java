package dev.gracefulshutdown.task;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import dev.gracefulshutdown.core.internal.Durations;
import org.jspecify.annotations.Nullable;

import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;
import org.springframework.util.ReflectionUtils;

/**
 * A {@link SimpleAsyncTaskExecutor} (Spring Boot's executor and scheduler with virtual
 * threads). It has no queue: a thread per task, which it tracks when it has a task
 * termination timeout ({@link TaskTerminationDefaults} gives it one if it has none).
 * <p>
 * Its own {@code close()} would wait for that fixed timeout, then interrupt the tasks
 * left, without saying whether any were. Here it is closed with no timeout, which only
 * stops its intake (and interrupts at once if it is set to cancel its tasks on close),
 * and the drain waits for its threads itself, within the drain's bound or the executor's
 * own shorter timeout; the tasks still running then are interrupted by
 * {@link #abandon()}.
 */
final class DrainedSimpleExecutor implements DrainedExecutor {

	private static final @Nullable Field FIXED_DELAY_EXECUTOR = ReflectionUtils
		.findField(SimpleAsyncTaskScheduler.class, "fixedDelayExecutor");

	static {
		if (FIXED_DELAY_EXECUTOR != null) {
			ReflectionUtils.makeAccessible(FIXED_DELAY_EXECUTOR);
		}
	}

	private final String name;

	private final SimpleAsyncTaskExecutor executor;

	private boolean awaited;

	private boolean fixedDelayRunCut;

	private @Nullable Duration ownTimeout;

	DrainedSimpleExecutor(String name, SimpleAsyncTaskExecutor executor) {
		this.name = name;
		this.executor = executor;
	}

	@Override
	public boolean isBusy() {
		if (!this.executor.isActive()) {
			return false;
		}
		ExecutorService runs = fixedDelayRuns();
		return TaskTerminationDefaults.activeTasks(this.executor) > 0 || (runs != null && !runs.isTerminated());
	}

	@Override
	public boolean await(long endNanos) {
		if (!this.executor.isActive()) {
			return true;
		}
		this.awaited = true;
		ExecutorService runs = fixedDelayRuns();
		if (runs != null) {
			// Its close() ends its fixed-delay executor with shutdownNow, which
			// interrupts a @Scheduled(fixedDelay) run in progress (those run on the
			// scheduler's own thread, not on the threads it tracks): let that run
			// finish first.
			this.fixedDelayRunCut = !awaitTermination(runs, endNanos);
		}
		Set<Thread> threads = TaskTerminationDefaults.activeThreads(this.executor);
		long own = TaskTerminationDefaults.terminationTimeout(this.executor);
		TaskTerminationDefaults.setTerminationTimeout(this.executor, 0);
		this.executor.close();
		if (threads == null) {
			// It does not track its tasks: nothing to wait for.
			return !this.fixedDelayRunCut;
		}
		long end = endNanos;
		if (own > 0 && System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(own) - endNanos < 0) {
			end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(own);
			this.ownTimeout = Duration.ofMillis(own);
		}
		boolean done = awaitNoThreads(threads, end);
		if (done) {
			this.ownTimeout = null;
		}
		return done && !this.fixedDelayRunCut;
	}

	/**
	 * Wait until the executor runs no task, woken when its last thread ends.
	 * @param threads its live set of threads, whose monitor its tasks notify when the set
	 * runs empty after {@code close()}
	 * @param endNanos the end of the wait
	 * @return whether it runs no task
	 */
	private static boolean awaitNoThreads(Set<Thread> threads, long endNanos) {
		synchronized (threads) {
			try {
				while (!threads.isEmpty()) {
					long left = endNanos - System.nanoTime();
					if (left <= 0) {
						return false;
					}
					TimeUnit.NANOSECONDS.timedWait(threads, left);
				}
				return true;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return threads.isEmpty();
			}
		}
	}

	@Override
	public void abandon() {
		Set<Thread> threads = TaskTerminationDefaults.activeThreads(this.executor);
		if (threads != null) {
			List.copyOf(threads).forEach(Thread::interrupt);
		}
	}

	/**
	 * Return the executor of a scheduler's fixed-delay runs, once Spring has shut it down
	 * (when the context closed).
	 * @return the executor, or {@code null} if this is no scheduler or it is not shut
	 * down
	 */
	private @Nullable ExecutorService fixedDelayRuns() {
		if (FIXED_DELAY_EXECUTOR != null && this.executor instanceof SimpleAsyncTaskScheduler scheduler
				&& ReflectionUtils.getField(FIXED_DELAY_EXECUTOR, scheduler) instanceof ExecutorService runs
				&& runs.isShutdown()) {
			return runs;
		}
		return null;
	}

	private static boolean awaitTermination(ExecutorService runs, long endNanos) {
		try {
			return runs.awaitTermination(Math.max(0, endNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return runs.isTerminated();
		}
	}

	@Override
	public String describe() {
		List<String> running = new ArrayList<>();
		int active = TaskTerminationDefaults.activeTasks(this.executor);
		if (active != 0) {
			running.add((active > 0) ? active + " tasks running" : "tasks running");
		}
		ExecutorService runs = fixedDelayRuns();
		if (this.awaited ? this.fixedDelayRunCut : (runs != null && !runs.isTerminated())) {
			running.add("a fixed-delay run in progress");
		}
		String description = "executor '" + this.name + "': "
				+ (running.isEmpty() ? "0 tasks running" : String.join(", ", running));
		Duration own = this.ownTimeout;
		return (own != null)
				? description + " (cut by its own task termination timeout of " + Durations.format(own) + ")"
				: description;
	}

}
