package dev.gracefulshutdown.task;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.Collection;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.util.ReflectionUtils;

/**
 * Gives every {@link SimpleAsyncTaskExecutor} (what Spring Boot uses for
 * {@code applicationTaskExecutor} and the task scheduler when virtual threads are
 * enabled) a task termination timeout, so that closing it waits for its running tasks
 * instead of abandoning them. An executor that already has one (set by the application,
 * or by {@code spring.task.*.shutdown.await-termination-period}) keeps it.
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
	 * @param timeout the task termination timeout to give executors without one
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
	 * Return how many tasks an executor runs now, as far as it tracks them.
	 * @param executor the executor
	 * @return the count, or -1 if it does not track its tasks
	 */
	static int activeTasks(SimpleAsyncTaskExecutor executor) {
		if (ACTIVE_THREADS == null) {
			return -1;
		}
		Object threads = ReflectionUtils.getField(ACTIVE_THREADS, executor);
		return (threads instanceof Collection<?> collection) ? collection.size() : -1;
	}

}
