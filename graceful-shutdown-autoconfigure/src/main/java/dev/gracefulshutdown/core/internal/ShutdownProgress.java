package dev.gracefulshutdown.core.internal;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.gracefulshutdown.ShutdownOutcome;
import dev.gracefulshutdown.ShutdownRequest;
import dev.gracefulshutdown.ShutdownState;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * How far the shutdown has got, in one place, for every thread that takes part in it (the
 * thread that asked, the sequence, the closing thread, the watchdog, the phase watch, a
 * signal handler). Each step that must happen once is a transition that only one caller
 * wins:
 * <ul>
 * <li>{@link #start}: the first request starts the one sequence; later ones join it;</li>
 * <li>{@link #claimExit}: the first request that ends the process decides its
 * status;</li>
 * <li>{@link #complete}: the sequence completes once;</li>
 * <li>{@link #endReport}: the report ends once, by the sequence or by a hang;</li>
 * <li>{@link #claimHalt}: one thread reports the hang and halts;</li>
 * <li>{@link #decideGracefulExit} and {@link #decideTimeout}: the graceful exit and the
 * timeout exclude each other, so the process never exits gracefully past the
 * deadline.</li>
 * </ul>
 */
final class ShutdownProgress {

	private final Object startLock = new Object();

	private volatile @Nullable Started started;

	private final AtomicReference<@Nullable ShutdownRequest> exitRequest = new AtomicReference<>();

	private volatile ShutdownState state = ShutdownState.RUNNING;

	private volatile boolean closing;

	private volatile @Nullable Thread closingThread;

	private final AtomicBoolean requestPublished = new AtomicBoolean();

	private final AtomicBoolean completed = new AtomicBoolean();

	private volatile long completedNanos;

	private final AtomicBoolean reportEnded = new AtomicBoolean();

	private final AtomicBoolean halting = new AtomicBoolean();

	private final AtomicReference<Ending> ending = new AtomicReference<>(Ending.UNDECIDED);

	private volatile boolean timedOut;

	private volatile ShutdownOutcome outcome = ShutdownOutcome.IN_PROGRESS;

	private volatile DrainOutcome drainOutcome = new DrainOutcome(0, 0, 0, false);

	private final List<String> stragglers = new CopyOnWriteArrayList<>();

	/**
	 * Start the shutdown with the given request, unless one has started.
	 * @param request the request
	 * @param deadline the deadline, starting now
	 * @param beforeVisible run under the lock with the new deadline before any other
	 * thread can see the request (to arm the backstop before anything can block)
	 * @return the start, or {@code null} if a shutdown had started already
	 */
	@Nullable Started start(ShutdownRequest request, Supplier<Deadline> deadline, Consumer<Deadline> beforeVisible) {
		synchronized (this.startLock) {
			if (this.started != null) {
				return null;
			}
			Deadline startedDeadline = deadline.get();
			beforeVisible.accept(startedDeadline);
			Started start = new Started(UUID.randomUUID().toString(), request, startedDeadline);
			this.started = start;
			// Requested means leaving: whoever asks next is told so, even before the
			// closing thread has announced it.
			this.state = ShutdownState.DRAINING;
			return start;
		}
	}

	/**
	 * Return the start of the shutdown, if one has started.
	 * @return the start, or {@code null}
	 */
	@Nullable Started started() {
		return this.started;
	}

	Started current() {
		Started current = this.started;
		Assert.state(current != null, "No shutdown has been requested");
		return current;
	}

	/**
	 * Make the given request the one that ends the process, unless one is.
	 * @param request the request
	 * @return whether it is now the one
	 */
	boolean claimExit(ShutdownRequest request) {
		return this.exitRequest.compareAndSet(null, request);
	}

	@Nullable ShutdownRequest exitRequest() {
		return this.exitRequest.get();
	}

	/**
	 * Return the request whose exit status applies: the one that ends the process, or the
	 * first.
	 * @return the request
	 */
	ShutdownRequest deciding() {
		ShutdownRequest exiting = this.exitRequest.get();
		return (exiting != null) ? exiting : current().request();
	}

	boolean claimRequestPublication() {
		return this.requestPublished.compareAndSet(false, true);
	}

	void closingStarted(Thread thread) {
		this.closingThread = thread;
		this.closing = true;
	}

	boolean isClosing() {
		return this.closing;
	}

	@Nullable Thread closingThread() {
		return this.closingThread;
	}

	ShutdownState state() {
		return this.state;
	}

	void draining() {
		this.state = ShutdownState.DRAINING;
	}

	void stopping() {
		this.state = ShutdownState.STOPPING;
	}

	/**
	 * The sequence has completed, unless it had already.
	 * @return whether this caller completed it
	 */
	boolean complete() {
		return this.completed.compareAndSet(false, true);
	}

	void stopped() {
		this.completedNanos = System.nanoTime();
		this.state = ShutdownState.STOPPED;
	}

	/**
	 * Return whether the sequence has completed and the application stopped (the JVM's
	 * exit may still be under way).
	 * @return whether it has
	 */
	boolean hasStopped() {
		return this.completed.get() && this.state == ShutdownState.STOPPED;
	}

	long completedNanos() {
		return this.completedNanos;
	}

	/**
	 * End the report with the given outcome, unless it has ended.
	 * @param outcome the outcome
	 * @return whether this caller ended it
	 */
	boolean endReport(ShutdownOutcome outcome) {
		if (this.reportEnded.compareAndSet(false, true)) {
			this.outcome = outcome;
			return true;
		}
		return false;
	}

	/**
	 * A halt followed the ended report and revises its outcome.
	 * @param outcome the outcome
	 */
	void revise(ShutdownOutcome outcome) {
		this.outcome = outcome;
	}

	ShutdownOutcome outcome() {
		return this.outcome;
	}

	/**
	 * Become the one thread that reports the hang and halts.
	 * @return whether this caller is
	 */
	boolean claimHalt() {
		return this.halting.compareAndSet(false, true);
	}

	/**
	 * Choose the graceful exit, unless the timeout was chosen first.
	 * @return whether the graceful exit is chosen
	 */
	boolean decideGracefulExit() {
		return this.ending.compareAndSet(Ending.UNDECIDED, Ending.GRACEFUL_EXIT);
	}

	/**
	 * Choose the timeout, unless the graceful exit was chosen first. A graceful exit
	 * whose JVM shutdown hooks are still running is halted all the same.
	 */
	void decideTimeout() {
		this.ending.compareAndSet(Ending.UNDECIDED, Ending.TIMEOUT);
	}

	boolean isTimeoutDecided() {
		return this.ending.get() == Ending.TIMEOUT;
	}

	void timedOut() {
		this.timedOut = true;
	}

	boolean hasTimedOut() {
		return this.timedOut;
	}

	/**
	 * Work was left behind: it is named in the report, and the process exits with the
	 * timeout exit code.
	 * @param descriptions what was left behind
	 */
	void abandoned(List<String> descriptions) {
		this.timedOut = true;
		this.stragglers.addAll(descriptions);
	}

	List<String> stragglers() {
		return List.copyOf(this.stragglers);
	}

	void drained(DrainOutcome outcome) {
		this.drainOutcome = outcome;
	}

	DrainOutcome drainOutcome() {
		return this.drainOutcome;
	}

	/**
	 * The start of a shutdown: its id, the first request, and the deadline.
	 *
	 * @param id the shutdown id
	 * @param request the first request
	 * @param deadline the deadline
	 */
	record Started(String id, ShutdownRequest request, Deadline deadline) {

	}

	/**
	 * How the process ends, decided once: by the sequence thread if it finished before
	 * the deadline, by the watchdog otherwise.
	 */
	private enum Ending {

		UNDECIDED, GRACEFUL_EXIT, TIMEOUT

	}

}
