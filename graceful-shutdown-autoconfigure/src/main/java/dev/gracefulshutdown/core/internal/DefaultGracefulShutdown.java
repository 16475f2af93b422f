package dev.gracefulshutdown.core.internal;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.gracefulshutdown.GracefulShutdown;
import dev.gracefulshutdown.InFlightWork;
import dev.gracefulshutdown.Lease;
import dev.gracefulshutdown.Registration;
import dev.gracefulshutdown.ShutdownHandle;
import dev.gracefulshutdown.ShutdownReason;
import dev.gracefulshutdown.ShutdownRequest;
import dev.gracefulshutdown.ShutdownSignal;
import dev.gracefulshutdown.ShutdownStatus;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * {@link GracefulShutdown} backed by the {@link ShutdownCoordinator}.
 * <p>
 * Internal, not API: public for the starter's auto-configuration and integrations.
 */
public final class DefaultGracefulShutdown implements GracefulShutdown {

	private static final Log logger = LogFactory.getLog(DefaultGracefulShutdown.class);

	static final String API_ORIGIN = "GracefulShutdown API";

	private final ShutdownCoordinator coordinator;

	private final InFlightTracker inFlight;

	private final ShutdownSignal signal;

	private final LeaseRegistry leases;

	private final WorkerRegistry workers;

	/**
	 * Create a new instance.
	 * @param coordinator the coordinator that runs the sequence
	 * @param inFlight the tracker of work in flight
	 * @param signal the signal that wakes worker loops
	 * @param leases the leases the shutdown waits for
	 * @param workers the worker threads the shutdown joins
	 */
	public DefaultGracefulShutdown(ShutdownCoordinator coordinator, InFlightTracker inFlight, ShutdownSignal signal,
			LeaseRegistry leases, WorkerRegistry workers) {
		Assert.notNull(coordinator, "'coordinator' must not be null");
		Assert.notNull(inFlight, "'inFlight' must not be null");
		Assert.notNull(signal, "'signal' must not be null");
		this.coordinator = coordinator;
		this.inFlight = inFlight;
		this.signal = signal;
		this.leases = leases;
		this.workers = workers;
	}

	@Override
	public ShutdownHandle requestShutdown(String reason) {
		Assert.hasText(reason, "'reason' must not be empty");
		return requestShutdown(
				new ShutdownRequest(ShutdownReason.REQUESTED, API_ORIGIN, reason, Instant.now(), null, List.of()));
	}

	@Override
	public ShutdownHandle requestShutdown(ShutdownRequest request) {
		Assert.notNull(request, "'request' must not be null");
		return this.coordinator.requestProcessShutdown(request);
	}

	@Override
	public ShutdownHandle requestShutdown(String reason, int exitCode, List<String> finalMessages) {
		Assert.hasText(reason, "'reason' must not be empty");
		Assert.isTrue(exitCode >= 0 && exitCode <= 255, () -> "'exitCode' must be between 0 and 255, not " + exitCode);
		Assert.notNull(finalMessages, "'finalMessages' must not be null");
		return requestShutdown(new ShutdownRequest(ShutdownReason.REQUESTED, API_ORIGIN, reason, Instant.now(),
				exitCode, finalMessages));
	}

	@Override
	public boolean isShuttingDown() {
		return this.coordinator.request().isPresent();
	}

	@Override
	public ShutdownStatus status() {
		return this.coordinator.status();
	}

	@Override
	public Runnable shutdownOnError(String name, Runnable work, Consumer<Throwable> onError) {
		Assert.hasText(name, "'name' must not be empty");
		Assert.notNull(work, "'work' must not be null");
		Assert.notNull(onError, "'onError' must not be null");
		return () -> {
			try {
				work.run();
			}
			catch (Throwable ex) {
				failed(name, ex, onError);
				rethrowIfFatal(ex);
			}
		};
	}

	@Override
	public <T> Callable<T> shutdownOnError(String name, Callable<T> work, Consumer<Throwable> onError) {
		Assert.hasText(name, "'name' must not be empty");
		Assert.notNull(work, "'work' must not be null");
		Assert.notNull(onError, "'onError' must not be null");
		return () -> {
			try {
				return work.call();
			}
			catch (Throwable ex) {
				failed(name, ex, onError);
				throw ex;
			}
		};
	}

	private void failed(String name, Throwable error, Consumer<Throwable> onError) {
		logger.error("Worker '" + name + "' failed", error);
		try {
			onError.accept(error);
		}
		catch (Throwable ex) {
			logger.error("The onError callback of worker '" + name + "' failed as well", ex);
		}
		ShutdownRequest request = new ShutdownRequest(ShutdownReason.ERROR, "worker '" + name + "'",
				String.valueOf(error), Instant.now(), null, List.of("Worker '" + name + "' failed: " + error));
		if (this.coordinator.requestProcessShutdownUnlessShuttingDown(request).isEmpty()) {
			logger.warn("Worker '" + name + "' failed while the application was already shutting down;"
					+ " the shutdown under way goes on unchanged");
		}
	}

	private static void rethrowIfFatal(Throwable ex) {
		// The shutdown is under way either way; a VirtualMachineError must still reach
		// whoever handles it.
		if (ex instanceof VirtualMachineError fatal) {
			throw fatal;
		}
	}

	@Override
	public ShutdownSignal signal() {
		return this.signal;
	}

	@Override
	public Lease acquireLease(String name) {
		Assert.hasText(name, "'name' must not be empty");
		return this.leases.acquire(name);
	}

	@Override
	public Lease acquireLease(String name, Supplier<? extends @Nullable String> progress) {
		Assert.hasText(name, "'name' must not be empty");
		Assert.notNull(progress, "'progress' must not be null");
		return this.leases.acquire(name, progress);
	}

	@Override
	public InFlightWork startWork() {
		InFlightTracker tracker = this.inFlight;
		tracker.started();
		AtomicBoolean closed = new AtomicBoolean();
		return () -> {
			if (closed.compareAndSet(false, true)) {
				tracker.finished();
			}
		};
	}

	@Override
	public Registration registerWorker(String name, Thread thread) {
		Assert.hasText(name, "'name' must not be empty");
		Assert.notNull(thread, "'thread' must not be null");
		return this.workers.register(name, thread);
	}

}
