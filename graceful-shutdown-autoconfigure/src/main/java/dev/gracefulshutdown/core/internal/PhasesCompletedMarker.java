package dev.gracefulshutdown.core.internal;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

/**
 * Sits in the lowest lifecycle phase, so its stop marks the moment every phase has
 * stopped and bean destruction begins. Only when the context closes:
 * {@code ConfigurableApplicationContext.stop()} and a pause are no shutdown.
 * <p>
 * It looks the coordinator up only when it stops: a bean injected into it would make it a
 * dependent of the coordinator, and Spring stops dependents together with the bean they
 * depend on, in the coordinator's (top) phase.
 * <p>
 * Internal, not API: public for the starter's auto-configuration and integrations.
 */
public final class PhasesCompletedMarker implements SmartLifecycle {

	private final ObjectProvider<ShutdownCoordinator> coordinator;

	private volatile boolean running;

	/**
	 * Create a new marker.
	 * @param coordinator provides the coordinator to tell
	 */
	public PhasesCompletedMarker(ObjectProvider<ShutdownCoordinator> coordinator) {
		this.coordinator = coordinator;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		ShutdownCoordinator current = this.coordinator.getIfUnique();
		if (current != null && !current.isClosing()) {
			// ConfigurableApplicationContext.stop(): no shutdown, and the record of the
			// phases stays open for the one to come.
			return;
		}
		this.running = false;
		if (current != null) {
			current.release();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public boolean isPauseable() {
		// Its stop marks the end of the phases of the shutdown: a pause leaves it alone.
		return false;
	}

	@Override
	public int getPhase() {
		return Integer.MIN_VALUE;
	}

}
