package dev.gracefulshutdown;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Work to do when the application shuts down, without writing a {@code SmartLifecycle}:
 * declare a bean of this type, or annotate a bean method with {@link OnShutdown}.
 * <p>
 * Hooks run one after another on a thread of their own, each bounded by its timeout: a
 * hook that overruns it is named in a warning (with its stack) and the sequence goes on
 * without it; a hook that throws is logged with its name and the hooks after it still
 * run. Within one stage or phase, a hook of a bean that depends on another bean runs
 * before that other bean's hooks; otherwise the lower {@link #order()} runs first.
 */
@FunctionalInterface
public interface ShutdownHook {

	/**
	 * Do the work.
	 * @throws Exception if it fails: logged with the hook's name
	 */
	void onShutdown() throws Exception;

	/**
	 * Return when the hook runs: {@link ShutdownStage#STOP} (after the drain, before any
	 * lifecycle phase stops) or {@link ShutdownStage#RELEASE} (after every lifecycle
	 * phase, before beans are destroyed). Ignored when {@link #phase()} is set.
	 * @return the stage
	 */
	default ShutdownStage stage() {
		return ShutdownStage.STOP;
	}

	/**
	 * Return the lifecycle phase to run in, as a number or a documented name such as
	 * {@code web-server-stop}, or {@code null} to run in {@link #stage()}.
	 * @return the phase, or {@code null}
	 */
	default @Nullable String phase() {
		return null;
	}

	/**
	 * Return the order among hooks that run at the same point; lower runs first.
	 * @return the order
	 */
	default int order() {
		return 0;
	}

	/**
	 * Return how long the hook may run, or {@code null} for
	 * {@code graceful-shutdown.hooks.timeout}.
	 * @return the timeout, or {@code null}
	 */
	default @Nullable Duration timeout() {
		return null;
	}

}
