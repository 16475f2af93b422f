package dev.gracefulshutdown.core.internal;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;

/**
 * Keeps readiness at {@link ReadinessState#REFUSING_TRAFFIC} once a shutdown has been
 * requested, by answering every change to {@link ReadinessState#ACCEPTING_TRAFFIC} with
 * {@code REFUSING_TRAFFIC} again.
 * <p>
 * Spring Boot publishes {@code ACCEPTING_TRAFFIC} at the very end of
 * {@code SpringApplication.run}. When the shutdown is requested while the application is
 * still starting, Spring's close waits for the refresh to end and the drain then runs
 * while {@code run} goes on: without this guard, readiness would flip back to accepting
 * traffic in the middle of the drain.
 * <p>
 * The coordinator registers the guard on the context when the shutdown is requested,
 * after every listener bean, so that among listeners without an order (Spring Boot's
 * {@code ApplicationAvailabilityBean} among them) it is called last and its answer is the
 * state that stays.
 */
final class ReadinessGuard implements ApplicationListener<AvailabilityChangeEvent<?>> {

	private static final Log logger = LogFactory.getLog(ReadinessGuard.class);

	private final ApplicationEventPublisher publisher;

	private final String shutdownId;

	ReadinessGuard(ApplicationEventPublisher publisher, String shutdownId) {
		this.publisher = publisher;
		this.shutdownId = shutdownId;
	}

	@Override
	public void onApplicationEvent(AvailabilityChangeEvent<?> event) {
		if (event.getState() != ReadinessState.ACCEPTING_TRAFFIC) {
			return;
		}
		// Set back first: whoever reads the line below finds readiness refusing again.
		AvailabilityChangeEvent.publish(this.publisher, this, ReadinessState.REFUSING_TRAFFIC);
		logger.info("Readiness changed to ACCEPTING_TRAFFIC during shutdown " + this.shutdownId
				+ " (the application finished starting after the shutdown was requested?);"
				+ " setting it back to REFUSING_TRAFFIC");
	}

	@Override
	public boolean supportsAsyncExecution() {
		// The answer must come before the publisher of ACCEPTING_TRAFFIC goes on.
		return false;
	}

}
