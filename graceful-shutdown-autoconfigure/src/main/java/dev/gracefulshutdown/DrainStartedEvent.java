package dev.gracefulshutdown;

/**
 * Published when the drain starts, on the thread that closes the context, after readiness
 * went to {@code REFUSING_TRAFFIC} and before any lifecycle phase stops. Listeners must
 * return quickly: the drain waits for them.
 */
public class DrainStartedEvent extends GracefulShutdownEvent {

	private final long inFlight;

	/**
	 * Create a new event.
	 * @param source the coordinator
	 * @param shutdownId the id of the shutdown
	 * @param inFlight requests in flight when the drain started
	 */
	public DrainStartedEvent(Object source, String shutdownId, long inFlight) {
		super(source, shutdownId);
		this.inFlight = inFlight;
	}

	/**
	 * Return the requests in flight when the drain started.
	 * @return the count
	 */
	public long getInFlight() {
		return this.inFlight;
	}

}
