package dev.gracefulshutdown.core;

import org.springframework.context.SmartLifecycle;

/**
 * Sits in the lowest lifecycle phase, so its stop marks the moment every phase has
 * stopped and bean destruction begins.
 */
public final class PhasesCompletedMarker implements SmartLifecycle {

	private final ShutdownCoordinator coordinator;

	private volatile boolean running;

	/**
	 * Create a new marker.
	 * @param coordinator the coordinator to tell
	 */
	public PhasesCompletedMarker(ShutdownCoordinator coordinator) {
		this.coordinator = coordinator;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.coordinator.phasesCompleted();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return Integer.MIN_VALUE;
	}

}
