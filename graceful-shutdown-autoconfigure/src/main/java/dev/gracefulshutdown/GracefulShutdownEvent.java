package dev.gracefulshutdown;

import org.springframework.context.ApplicationEvent;

/**
 * An event of a graceful shutdown, published by the coordinator. Listen to this type to
 * see all of them: {@link ShutdownRequestedEvent}, {@link DrainStartedEvent} and
 * {@link DrainFinishedEvent}.
 */
public abstract class GracefulShutdownEvent extends ApplicationEvent {

	private final String shutdownId;

	/**
	 * Create a new event.
	 * @param source the coordinator
	 * @param shutdownId the id of the shutdown
	 */
	protected GracefulShutdownEvent(Object source, String shutdownId) {
		super(source);
		this.shutdownId = shutdownId;
	}

	/**
	 * Return the id of the shutdown.
	 * @return the id
	 */
	public String getShutdownId() {
		return this.shutdownId;
	}

}
