package dev.gracefulshutdown.core.internal;

import java.time.Duration;

import dev.gracefulshutdown.ShutdownHook;
import dev.gracefulshutdown.ShutdownStage;
import org.jspecify.annotations.Nullable;

/**
 * A shutdown hook as the runner sees it: resolved phase, timeout and the bean it belongs
 * to.
 *
 * @param name the hook's name, as logs and reports show it
 * @param beanName the bean it belongs to, for the ordering by dependency
 * @param stage the stage it runs in when it has no phase
 * @param phase the lifecycle phase it runs in, or {@code null}
 * @param order the order among hooks at the same point
 * @param timeout how long it may run
 * @param hook the work
 * <p>
 * Internal, not API: public for the starter's auto-configuration and integrations.
 */
public record HookDefinition(String name, String beanName, ShutdownStage stage, @Nullable Integer phase, int order,
		Duration timeout, ShutdownHook hook) {

	/**
	 * Describe where the hook runs: {@code stage stop} or {@code phase 1000}.
	 * @return the description
	 */
	public String when() {
		Integer inPhase = this.phase;
		return (inPhase != null) ? "phase " + PhaseNames.describe(inPhase) : "stage " + this.stage.displayName();
	}

}
