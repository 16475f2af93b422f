package dev.gracefulshutdown.core.internal;

import java.util.List;

import org.springframework.context.SmartLifecycle;

/**
 * Runs the shutdown hooks of one lifecycle phase when that phase stops during the
 * shutdown, as a bean of that phase would. A pause leaves it alone, and a stop outside a
 * close ({@code ConfigurableApplicationContext.stop()}, a failed startup) runs no hook
 * and leaves it running: the hooks run once, when the context closes.
 */
final class HookPhaseLifecycle implements SmartLifecycle, SelfBoundedStop {

	private final int phase;

	private final List<HookDefinition> hooks;

	private final ShutdownCoordinator coordinator;

	private final ShutdownHookRunner runner;

	private volatile boolean running;

	HookPhaseLifecycle(int phase, List<HookDefinition> hooks, ShutdownCoordinator coordinator,
			ShutdownHookRunner runner) {
		this.phase = phase;
		this.hooks = List.copyOf(hooks);
		this.coordinator = coordinator;
		this.runner = runner;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		if (!this.coordinator.isClosing()) {
			// Stays running, so that the close runs the hooks.
			return;
		}
		this.running = false;
		this.runner.run(this.hooks, this.coordinator.currentDeadline());
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public boolean isPauseable() {
		return false;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

}
