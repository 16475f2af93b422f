package dev.gracefulshutdown;

/**
 * Published when the drain ends, on the thread that closes the context, just before
 * Spring's lifecycle phases (web server, executors, ...) stop.
 */
public class DrainFinishedEvent extends GracefulShutdownEvent {

	private final long servedDuringDrain;

	private final long inFlight;

	private final boolean cutShort;

	/**
	 * Create a new event.
	 * @param source the coordinator
	 * @param shutdownId the id of the shutdown
	 * @param servedDuringDrain requests that arrived and were served during the drain
	 * @param inFlight requests still in flight when the drain ended
	 * @param cutShort whether the drain ended at its maximum delay or the deadline
	 */
	public DrainFinishedEvent(Object source, String shutdownId, long servedDuringDrain, long inFlight,
			boolean cutShort) {
		super(source, shutdownId);
		this.servedDuringDrain = servedDuringDrain;
		this.inFlight = inFlight;
		this.cutShort = cutShort;
	}

	/**
	 * Return the requests that arrived and were served during the drain.
	 * @return the count
	 */
	public long getServedDuringDrain() {
		return this.servedDuringDrain;
	}

	/**
	 * Return the requests still in flight when the drain ended.
	 * @return the count
	 */
	public long getInFlight() {
		return this.inFlight;
	}

	/**
	 * Return whether the drain ended at its maximum delay or the deadline rather than
	 * because traffic stopped.
	 * @return whether cut short
	 */
	public boolean isCutShort() {
		return this.cutShort;
	}

}
