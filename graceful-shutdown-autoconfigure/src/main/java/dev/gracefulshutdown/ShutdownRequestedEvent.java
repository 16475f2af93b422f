package dev.gracefulshutdown;

/**
 * Published once, when the first request starts a graceful shutdown, on the thread that
 * runs the sequence (the one that closes the context), not on the thread that made the
 * request: a listener cannot hold up a signal handler. Listeners must return quickly: the
 * drain has not started yet. The deadline runs already, and the process ends by it even
 * if a listener blocks.
 */
public class ShutdownRequestedEvent extends GracefulShutdownEvent {

	private final ShutdownRequest request;

	/**
	 * Create a new event.
	 * @param source the coordinator
	 * @param shutdownId the id of the shutdown
	 * @param request the request that started it
	 */
	public ShutdownRequestedEvent(Object source, String shutdownId, ShutdownRequest request) {
		super(source, shutdownId);
		this.request = request;
	}

	/**
	 * Return the request that started the shutdown.
	 * @return the request
	 */
	public ShutdownRequest getRequest() {
		return this.request;
	}

}
