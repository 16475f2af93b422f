package dev.gracefulshutdown;

/**
 * One unit of work counted in flight, as an HTTP request is: the drain waits until none
 * is in flight. For consumers the web server does not see (a queue poller, a gRPC
 * service). Close it when the unit is done; closing twice does nothing.
 *
 * <pre class="code">
 * try (InFlightWork work = gracefulShutdown.startWork()) {
 *     handle(message);
 * }
 * </pre>
 */
public interface InFlightWork extends AutoCloseable {

	/**
	 * The unit of work is done.
	 */
	@Override
	void close();

}
