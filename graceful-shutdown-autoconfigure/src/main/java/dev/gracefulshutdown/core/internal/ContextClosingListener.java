package dev.gracefulshutdown.core.internal;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;

/**
 * Starts the announce and drain stages when the application context closes, before any
 * lifecycle phase stops. Ignores the close of child contexts (a management context on its
 * own port, for example), whose events also reach the parent.
 * <p>
 * Internal, not API: public for the starter's auto-configuration and integrations.
 */
public final class ContextClosingListener implements ApplicationListener<ContextClosedEvent>, Ordered {

	private final ShutdownCoordinator coordinator;

	private final ApplicationContext context;

	/**
	 * Create a new listener.
	 * @param coordinator the coordinator
	 * @param context the context whose close starts the sequence
	 */
	public ContextClosingListener(ShutdownCoordinator coordinator, ApplicationContext context) {
		this.coordinator = coordinator;
		this.context = context;
	}

	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		if (event.getApplicationContext() == this.context) {
			this.coordinator.announceDrainAndStop();
		}
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public boolean supportsAsyncExecution() {
		// The drain must hold the closing thread: running it elsewhere would let the
		// phases stop while traffic still arrives.
		return false;
	}

}
