package dev.gracefulshutdown.core;

import java.util.List;
import java.util.function.Supplier;

import org.springframework.context.SmartLifecycle;

/**
 * Runs the shutdown hooks of one lifecycle phase when that phase stops, as a bean of that
 * phase would.
 */
final class HookPhaseLifecycle implements SmartLifecycle, SelfBoundedStop {

	private final int phase;

	private final List<HookDefinition> hooks;

	private final ShutdownHookRunner runner;

	private final Supplier<Deadline> deadline;

	private volatile boolean running;

	HookPhaseLifecycle(int phase, List<HookDefinition> hooks, ShutdownHookRunner runner, Supplier<Deadline> deadline) {
		this.phase = phase;
		this.hooks = List.copyOf(hooks);
		this.runner = runner;
		this.deadline = deadline;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.runner.run(this.hooks, this.deadline.get());
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

}
