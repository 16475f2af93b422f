package dev.gracefulshutdown;

import java.time.Duration;

/**
 * The moment a shutdown is requested, for worker code that loops: ask whether it came,
 * wait for it with a timeout (woken at once when it comes, no polling), or be called
 * back. Like Python's {@code threading.Event} set by a signal handler.
 *
 * <pre class="code">
 * while (!signal.isRequested()) {
 *     Job job = queue.poll();
 *     if (job != null) {
 *         job.run();
 *     }
 *     else {
 *         signal.await(Duration.ofSeconds(5)); // idle: sleeps, but wakes at once on shutdown
 *     }
 * }
 * </pre>
 */
public interface ShutdownSignal {

	/**
	 * Return whether a shutdown has been requested.
	 * @return whether it has
	 */
	boolean isRequested();

	/**
	 * Wait until a shutdown is requested, or the timeout passes.
	 * @param timeout the longest time to wait
	 * @return whether a shutdown was requested
	 * @throws InterruptedException if interrupted while waiting
	 */
	boolean await(Duration timeout) throws InterruptedException;

	/**
	 * Run a callback when a shutdown is requested, on the thread that runs the shutdown
	 * sequence, before the drain; at once if one already was. Keep it short: it delays
	 * the sequence. An exception is logged and ignored.
	 * @param callback the callback
	 * @return the registration, to close when the callback is no longer wanted
	 */
	Registration onShutdown(Runnable callback);

}
