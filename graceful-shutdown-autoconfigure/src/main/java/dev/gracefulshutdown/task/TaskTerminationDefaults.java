package dev.gracefulshutdown.task;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.util.ReflectionUtils;

/**
 * Gives every {@link SimpleAsyncTaskExecutor} (what Spring Boot uses for
 * {@code applicationTaskExecutor} and the task scheduler when virtual threads are
 * enabled) a task termination timeout, so that it tracks its running tasks and closing it
 * waits for them instead of abandoning them. An executor that already has one (set by the
 * application, or by {@code spring.task.*.shutdown.await-termination-period}) keeps it.
 * During a shutdown the {@link ExecutorsDrain} closes these executors itself and waits
 * for their tasks within its own bound ({@link DrainedSimpleExecutor}); the timeout given
 * here applies only when an executor is closed some other way.
 */
public final class TaskTerminationDefaults implements BeanPostProcessor {

	private static final @Nullable Field TIMEOUT = ReflectionUtils.findField(SimpleAsyncTaskExecutor.class,
			"taskTerminationTimeout");

	private static final @Nullable Field ACTIVE_THREADS = ReflectionUtils.findField(SimpleAsyncTaskExecutor.class,
			"activeThreads");

	static {
		if (TIMEOUT != null) {
			ReflectionUtils.makeAccessible(TIMEOUT);
		}
		if (ACTIVE_THREADS != null) {
			ReflectionUtils.makeAccessible(ACTIVE_THREADS);
		}
	}

	private final Duration timeout;

	/**
	 * Create a new post-processor.
	 * @param timeout the task termination timeout to give executors without one:
	 * {@code graceful-shutdown.executors.timeout}, or the deadline when that is unset
	 */
	public TaskTerminationDefaults(Duration timeout) {
		this.timeout = timeout;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof SimpleAsyncTaskExecutor executor && TIMEOUT != null) {
			Object current = ReflectionUtils.getField(TIMEOUT, executor);
			if (current instanceof Long millis && millis == 0) {
				executor.setTaskTerminationTimeout(Math.max(1, this.timeout.toMillis()));
			}
		}
		return bean;
	}

	/**
	 * Return the task termination timeout of an executor.
	 * @param executor the executor
	 * @return the timeout in milliseconds; 0 if it has none or it cannot be read
	 */
	static long terminationTimeout(SimpleAsyncTaskExecutor executor) {
		return (TIMEOUT != null && ReflectionUtils.getField(TIMEOUT, executor) instanceof Long millis) ? millis : 0;
	}

	/**
	 * Set the task termination timeout of an executor on its field: the setter would
	 * start tracking its tasks afresh and forget those already running.
	 * @param executor the executor
	 * @param millis the timeout in milliseconds; 0 for none
	 */
	static void setTerminationTimeout(SimpleAsyncTaskExecutor executor, long millis) {
		if (TIMEOUT != null) {
			ReflectionUtils.setField(TIMEOUT, executor, millis);
		}
	}

	/**
	 * Return the threads that run an executor's tasks now, as far as it tracks them (it
	 * does when it has a task termination timeout): a live set, and its monitor is
	 * notified when it runs empty after {@code close()}.
	 * @param executor the executor
	 * @return the threads, or {@code null} if it does not track them
	 */
	@SuppressWarnings("unchecked")
	static @Nullable Set<Thread> activeThreads(SimpleAsyncTaskExecutor executor) {
		if (ACTIVE_THREADS == null) {
			return null;
		}
		Object threads = ReflectionUtils.getField(ACTIVE_THREADS, executor);
		return (threads instanceof Set<?> set) ? (Set<Thread>) set : null;
	}

	/**
	 * Return how many tasks an executor runs now, as far as it tracks them.
	 * @param executor the executor
	 * @return the count, or -1 if it does not track its tasks
	 */
	static int activeTasks(SimpleAsyncTaskExecutor executor) {
		Set<Thread> threads = activeThreads(executor);
		return (threads != null) ? threads.size() : -1;
	}

}
