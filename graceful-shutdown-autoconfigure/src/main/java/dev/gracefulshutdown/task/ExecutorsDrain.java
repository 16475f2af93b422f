package dev.gracefulshutdown.task;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadPoolExecutor;

import dev.gracefulshutdown.core.internal.Durations;
import dev.gracefulshutdown.core.internal.PhaseNames;
import dev.gracefulshutdown.core.internal.SelfBoundedStop;
import dev.gracefulshutdown.core.internal.ShutdownCoordinator;
import dev.gracefulshutdown.core.internal.ShutdownHookRunner;
import dev.gracefulshutdown.core.internal.ShutdownReserve;
import dev.gracefulshutdown.core.internal.ShutdownSettings;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.ExecutorConfigurationSupport;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.ReflectionUtils;

/**
 * Lets the tasks that Spring's executors and schedulers accepted before the shutdown run
 * to completion, just before the executors' own lifecycle phase stops them, within one
 * bound for all of them: as long as the deadline allows unless
 * {@code graceful-shutdown.executors.timeout} is set (see {@link DrainBound}).
 * <p>
 * By default Spring stops a scheduler's intake when the context closes (after the drain),
 * and a {@code ThreadPoolTaskExecutor}'s not at all (since Spring Framework 6.1.4, unless
 * it is set to {@code strictEarlyShutdown}); it then pauses them in the {@code executors}
 * phase and cancels their queued tasks when it destroys them: work accepted but not yet
 * started is dropped. This drain stops the intake of the executors that still take tasks,
 * then waits, woken by their termination and never polling, until they have run their
 * queues dry; scheduled runs not yet started are cancelled (none starts after the drain).
 * An executor that does not finish within the bound is named with its running and queued
 * counts and the limit that cut it, and the process exits with the timeout exit code.
 * Executors configured to wait for their tasks on their own
 * ({@code spring.task.*.shutdown.await-termination},
 * {@code setWaitForTasksToCompleteOnShutdown}, {@code setAcceptTasksAfterContextClose})
 * keep their settings: Spring waits for them when it destroys them.
 */
public final class ExecutorsDrain implements SmartLifecycle, SelfBoundedStop {

	/**
	 * The phase: just above Spring's executors and schedulers, so it stops right before
	 * them.
	 */
	public static final int PHASE = PhaseNames.EXECUTORS_DRAIN;

	private static final Log logger = LogFactory.getLog(ExecutorsDrain.class);

	private static final @Nullable Field LATE_SHUTDOWN = ReflectionUtils.findField(ExecutorConfigurationSupport.class,
			"lateShutdown");

	static {
		if (LATE_SHUTDOWN != null) {
			ReflectionUtils.makeAccessible(LATE_SHUTDOWN);
		}
	}

	private final ListableBeanFactory beanFactory;

	private final ObjectProvider<ShutdownCoordinator> coordinator;

	private final ShutdownSettings settings;

	private final ShutdownHookRunner hooks;

	private final @Nullable Duration timeout;

	private volatile boolean running;

	/**
	 * Create a new drain.
	 * @param beanFactory where the executors are
	 * @param coordinator the coordinator, for the deadline and the report; looked up only
	 * when stopping, since a lifecycle bean that depends on the coordinator would be
	 * stopped together with it, in the top phase
	 * @param settings the settings, for the phase timeout and what follows the drain
	 * @param hooks the shutdown hooks, for what follows the drain
	 * @param timeout the longest wait for all executors together, or {@code null} for as
	 * long as the deadline allows
	 */
	public ExecutorsDrain(ListableBeanFactory beanFactory, ObjectProvider<ShutdownCoordinator> coordinator,
			ShutdownSettings settings, ShutdownHookRunner hooks, @Nullable Duration timeout) {
		this.beanFactory = beanFactory;
		this.coordinator = coordinator;
		this.settings = settings;
		this.hooks = hooks;
		this.timeout = timeout;
	}

	@Override
	public void start() {
		// Without executors there is nothing to drain: not running, never stopped, not
		// reported.
		this.running = this.beanFactory.getBeanNamesForType(ExecutorConfigurationSupport.class, false, false).length > 0
				|| this.beanFactory.getBeanNamesForType(SimpleAsyncTaskExecutor.class, false, false).length > 0;
	}

	@Override
	public void stop() {
		ShutdownCoordinator current = this.coordinator.getIfUnique();
		if (current != null && !current.isClosing()) {
			// ConfigurableApplicationContext.stop() is no shutdown: stay running, so that
			// the close drains.
			return;
		}
		this.running = false;
		if (current == null) {
			return;
		}
		List<DrainedExecutor> executors = shutDownExecutors();
		if (executors.isEmpty()) {
			return;
		}
		DrainBound bound = bound(current);
		List<String> busy = executors.stream().filter(DrainedExecutor::isBusy).map(DrainedExecutor::describe).toList();
		if (!busy.isEmpty()) {
			logger.info("Waiting up to " + Durations.format(bound.duration()) + " for the tasks of " + busy.size()
					+ " executor" + ((busy.size() > 1) ? "s" : "") + ": " + String.join("; ", busy));
		}
		long end = System.nanoTime() + bound.duration().toNanos();
		List<DrainedExecutor> unfinished = new ArrayList<>();
		for (DrainedExecutor executor : executors) {
			if (!executor.await(end)) {
				unfinished.add(executor);
			}
		}
		if (unfinished.isEmpty()) {
			if (logger.isDebugEnabled()) {
				logger.debug("Executors drained: " + executors.size());
			}
			return;
		}
		List<String> descriptions = unfinished.stream().map(DrainedExecutor::describe).toList();
		// Spring would do the same when it destroys them, but only after its own stop of
		// the executors phase has waited for the running tasks, up to that phase's
		// timeout: a task that never ends would hold the shutdown until the deadline.
		logger.warn("Executors still busy " + Durations.format(bound.duration()) + " into their drain, "
				+ bound.reason() + "; interrupting their running tasks and cancelling their queued ones: "
				+ String.join("; ", descriptions));
		unfinished.forEach(DrainedExecutor::abandon);
		descriptions.forEach(current::workAbandoned);
	}

	private DrainBound bound(ShutdownCoordinator current) {
		ShutdownReserve reserve = ShutdownReserve.after(PHASE, this.settings, this.hooks.all());
		return DrainBound.of(this.timeout, this.settings.phases().timeoutOf(PHASE), current.status().remaining(),
				reserve);
	}

	private List<DrainedExecutor> shutDownExecutors() {
		List<DrainedExecutor> drained = new ArrayList<>();
		Map<String, ThreadPoolTaskExecutor> executors = this.beanFactory.getBeansOfType(ThreadPoolTaskExecutor.class,
				false, false);
		executors.forEach((name, executor) -> {
			ThreadPoolExecutor pool = executor.getThreadPoolExecutor();
			if (!pool.isShutdown() && !isLateShutdown(executor)) {
				// Since Spring Framework 6.1.4 a ThreadPoolTaskExecutor keeps taking
				// tasks
				// when the context closes (unless 'strictEarlyShutdown' is set) and drops
				// its queue when it is destroyed: stop its intake here, after the web
				// server and the other sources of tasks have stopped, so that its queue
				// runs dry.
				executor.initiateShutdown();
			}
			if (pool.isShutdown()) {
				drained.add(new DrainedPool(name, pool));
			}
		});
		Map<String, ThreadPoolTaskScheduler> schedulers = this.beanFactory.getBeansOfType(ThreadPoolTaskScheduler.class,
				false, false);
		schedulers.forEach((name, scheduler) -> {
			var pool = scheduler.getScheduledThreadPoolExecutor();
			if (pool.isShutdown()) {
				int pending = pool.getQueue().size();
				// Runs scheduled but not started are cancelled: none starts after the
				// drain.
				pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
				if (pending > 0 && logger.isDebugEnabled()) {
					logger.debug("Scheduler '" + name + "': " + pending + " scheduled runs not started, cancelled");
				}
				drained.add(new DrainedPool(name, pool));
			}
		});
		this.beanFactory.getBeansOfType(SimpleAsyncTaskExecutor.class, false, false)
			.forEach((name, executor) -> drained.add(new DrainedSimpleExecutor(name, executor)));
		return drained;
	}

	/**
	 * Return whether Spring shuts the executor down late, waiting for its tasks on its
	 * own ({@code acceptTasksAfterContextClose} or
	 * {@code waitForTasksToCompleteOnShutdown}, recorded when the context closed).
	 * @param executor the executor
	 * @return whether its own settings take care of its tasks; {@code true} if unknown
	 */
	private static boolean isLateShutdown(ExecutorConfigurationSupport executor) {
		if (LATE_SHUTDOWN == null) {
			return true;
		}
		return Boolean.TRUE.equals(ReflectionUtils.getField(LATE_SHUTDOWN, executor));
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public boolean isPauseable() {
		// Shutting the executors down is final: a pause leaves them to Spring.
		return false;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
