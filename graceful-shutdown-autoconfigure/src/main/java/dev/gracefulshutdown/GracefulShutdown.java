package dev.gracefulshutdown;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Starts a graceful shutdown on purpose and tells where it stands: the Java side of
 * {@code POST /actuator/shutdown-graceful}: ask for a shutdown with a reason and an exit
 * code, or wrap a worker so that an error it does not handle shuts the application down.
 * Inject it where code needs to end the service.
 * <p>
 * A requested shutdown runs the same ordered, bounded sequence as a signal does, then
 * ends the process with the requested exit code. While a shutdown runs, every further
 * request joins it and gets the same handle.
 */
public interface GracefulShutdown {

	/**
	 * Request a graceful shutdown that ends the process with the configured exit code for
	 * requested shutdowns.
	 * @param reason why, for the log and the report
	 * @return the handle of the shutdown, new or already running
	 */
	ShutdownHandle requestShutdown(String reason);

	/**
	 * Request a graceful shutdown that ends the process with the given exit code and logs
	 * the given messages once the sequence is over.
	 * @param reason why, for the log and the report
	 * @param exitCode the exit status, between 0 and 255
	 * @param finalMessages messages to log at the very end, just before the process exits
	 * @return the handle of the shutdown, new or already running
	 */
	ShutdownHandle requestShutdown(String reason, int exitCode, List<String> finalMessages);

	/**
	 * Request a graceful shutdown described in full; the other {@code requestShutdown}
	 * methods are shortcuts for this one.
	 * @param request the request
	 * @return the handle of the shutdown, new or already running
	 */
	ShutdownHandle requestShutdown(ShutdownRequest request);

	/**
	 * Return whether a shutdown is under way (or over).
	 * @return whether shutting down
	 */
	boolean isShuttingDown();

	/**
	 * Return a snapshot of where the application stands.
	 * @return the status
	 */
	ShutdownStatus status();

	/**
	 * Wrap worker logic so that an error in it shuts the application down: the error is
	 * logged with the worker's name, then the normal ordered shutdown starts with the
	 * error exit code.
	 * @param name the worker's name, for the log and the report
	 * @param work the worker logic
	 * @return the wrapped logic, for a thread or an executor
	 */
	default Runnable shutdownOnError(String name, Runnable work) {
		return shutdownOnError(name, work, (error) -> {
		});
	}

	/**
	 * Wrap worker logic so that an error in it shuts the application down: the error is
	 * logged with the worker's name, {@code onError} runs, then the normal ordered
	 * shutdown starts with the error exit code.
	 * @param name the worker's name, for the log and the report
	 * @param work the worker logic
	 * @param onError runs first when the work fails, with the error
	 * @return the wrapped logic, for a thread or an executor
	 */
	Runnable shutdownOnError(String name, Runnable work, Consumer<Throwable> onError);

	/**
	 * Wrap worker logic that returns a value so that an error in it shuts the application
	 * down, as {@link #shutdownOnError(String, Runnable, Consumer)} does. The error is
	 * rethrown, so a {@code Future} of the task fails with it.
	 * @param <T> the type of the result
	 * @param name the worker's name, for the log and the report
	 * @param work the worker logic
	 * @param onError runs first when the work fails, with the error
	 * @return the wrapped logic, for an executor
	 */
	<T> Callable<T> shutdownOnError(String name, Callable<T> work, Consumer<Throwable> onError);

	/**
	 * Return the shutdown signal, for worker loops: whether a shutdown was requested,
	 * waiting for it, callbacks.
	 * @return the signal
	 */
	ShutdownSignal signal();

	/**
	 * Open a lease: the shutdown waits for it to be closed (after the drain, before the
	 * lifecycle phases stop), within the deadline.
	 * @param name the lease's name, for the log and the report
	 * @return the lease, to close when the work is done
	 * @throws LeaseRefusedException if the drain is over
	 */
	Lease acquireLease(String name);

	/**
	 * Open a lease that says what its work is doing whenever it is named: the log line of
	 * the wait for leases, the warning about a lease that outlives that wait, the report
	 * and the hang report add what {@code progress} returns at that moment, such as the
	 * item in progress ({@code lease 'import' open for 4s (in progress: row 1200)}). It
	 * is called only when the lease is named, never while the work runs, and may be
	 * called on the watchdog's thread at the deadline: it must return at once, without
	 * blocking.
	 * @param name the lease's name, for the log and the report
	 * @param progress what the work is doing now, or {@code null} or empty when there is
	 * nothing to add
	 * @return the lease, to close when the work is done
	 * @throws LeaseRefusedException if the drain is over
	 * @implSpec The default implementation, for implementations that predate it, opens
	 * the lease with {@link #acquireLease(String)} and leaves {@code progress} unused.
	 */
	default Lease acquireLease(String name, Supplier<? extends @Nullable String> progress) {
		return acquireLease(name);
	}

	/**
	 * Count one unit of work in flight, as a request is: the drain waits for it.
	 * @return the unit, to close when it is done
	 */
	InFlightWork startWork();

	/**
	 * Register a worker thread: when a shutdown starts, the thread is expected to end on
	 * the {@link #signal() signal}; after the drain the shutdown joins it, within
	 * {@code graceful-shutdown.workers.timeout} and the deadline. One still alive then is
	 * interrupted and named in a warning with its stack.
	 * @param name the worker's name, for the log and the report
	 * @param thread the thread
	 * @return the registration, to close if the thread ends on its own before shutdown
	 */
	Registration registerWorker(String name, Thread thread);

}
