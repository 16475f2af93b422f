package dev.gracefulshutdown.task;

import java.lang.reflect.Field;

import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.concurrent.ExecutorConfigurationSupport;
import org.springframework.util.ReflectionUtils;

/**
 * Reads whether an executor was configured to wait for its tasks on its own
 * ({@code setWaitForTasksToCompleteOnShutdown}, {@code setAcceptTasksAfterContextClose},
 * which {@code spring.task.*.shutdown.await-termination} sets): such an executor keeps
 * its settings. Spring offers no getter for them; when the fields cannot be read, the
 * executor is assumed to wait on its own and is left alone.
 */
final class WaitSettings {

	private static final @Nullable Field WAIT_FOR_TASKS = field("waitForTasksToCompleteOnShutdown");

	private static final @Nullable Field ACCEPT_AFTER_CLOSE = field("acceptTasksAfterContextClose");

	private WaitSettings() {
	}

	static boolean waitsOnItsOwn(ExecutorConfigurationSupport executor) {
		if (WAIT_FOR_TASKS == null || ACCEPT_AFTER_CLOSE == null) {
			return true;
		}
		return Boolean.TRUE.equals(ReflectionUtils.getField(WAIT_FOR_TASKS, executor))
				|| Boolean.TRUE.equals(ReflectionUtils.getField(ACCEPT_AFTER_CLOSE, executor));
	}

	private static @Nullable Field field(String name) {
		Field field = ReflectionUtils.findField(ExecutorConfigurationSupport.class, name, boolean.class);
		if (field != null) {
			try {
				ReflectionUtils.makeAccessible(field);
			}
			catch (RuntimeException ex) {
				return null;
			}
		}
		return field;
	}

}
