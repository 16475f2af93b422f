package dev.gracefulshutdown.signal;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

import dev.gracefulshutdown.ShutdownReason;
import dev.gracefulshutdown.ShutdownRequest;
import dev.gracefulshutdown.core.internal.Durations;
import dev.gracefulshutdown.core.internal.ShutdownCoordinator;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Replaces the JVM's handlers for the configured signals with one that asks the
 * coordinator for a graceful shutdown, and puts the previous handlers back once the
 * sequence is done.
 * <p>
 * No thread waits for a signal: the JVM runs the handler on a thread of its own when one
 * arrives, and the handler only records the request and hands it to the coordinator,
 * which runs the sequence on its own thread. The previous handlers come back when the
 * sequence is over, unless the process is about to exit anyway. A signal the process
 * ignored when it started (such as {@code SIGINT} for a job started in the background)
 * stays ignored.
 * <p>
 * A signal that comes again during the shutdown joins it, logged once per signal however
 * many come, unless {@link RepeatedSignals} says it escalates ({@code SIGINT} by default,
 * a user pressing Ctrl-C twice): the coordinator then skips every remaining wait and
 * halts with the timeout exit code.
 */
public final class SignalShutdownTrigger implements SmartInitializingSingleton, DisposableBean {

	private static final Log logger = LogFactory.getLog(SignalShutdownTrigger.class);

	private final ShutdownCoordinator coordinator;

	private final List<String> names;

	private final Map<Signal, SignalHandler> previousHandlers = new LinkedHashMap<>();

	private final RepeatedSignals repeats;

	private final LongSupplier nanoTime;

	private final Object handoverLock = new Object();

	/**
	 * The signals whose joining has been logged: one line each, however many come.
	 */
	private final Set<String> joinsLogged = new HashSet<>();

	private boolean signalled;

	private long firstSignalNanos;

	/**
	 * Create a new trigger.
	 * @param coordinator the coordinator to hand requests to
	 * @param names the signal names to handle, normalized (for example {@code TERM})
	 * @param repeats what a signal does that comes again during the shutdown
	 */
	public SignalShutdownTrigger(ShutdownCoordinator coordinator, List<String> names, RepeatedSignals repeats) {
		this(coordinator, names, repeats, System::nanoTime);
	}

	SignalShutdownTrigger(ShutdownCoordinator coordinator, List<String> names, RepeatedSignals repeats,
			LongSupplier nanoTime) {
		this.coordinator = coordinator;
		this.names = List.copyOf(names);
		this.repeats = repeats;
		this.nanoTime = nanoTime;
	}

	/**
	 * Return what a signal does that comes again during the shutdown.
	 * @return the policy
	 */
	public RepeatedSignals repeatedSignals() {
		return this.repeats;
	}

	@Override
	public void afterSingletonsInstantiated() {
		install();
	}

	/**
	 * Install the handlers.
	 */
	public synchronized void install() {
		if (!this.previousHandlers.isEmpty()) {
			return;
		}
		SignalHandler handler = (signal) -> handle(signal.getName());
		for (String name : this.names) {
			Signal signal;
			SignalHandler previous;
			try {
				signal = new Signal(name);
				previous = Signal.handle(signal, handler);
			}
			catch (IllegalArgumentException ex) {
				// Unknown on this operating system, or taken by the JVM (-Xrs, for
				// example).
				logger.warn("Cannot handle SIG" + name + " on this platform (" + ex.getMessage() + "); skipping it");
				continue;
			}
			if (previous == SignalHandler.SIG_IGN) {
				Signal.handle(signal, SignalHandler.SIG_IGN);
				logger.info("SIG" + name + " is ignored by this process (started in the background or with nohup?);"
						+ " leaving it ignored");
				continue;
			}
			this.previousHandlers.put(signal, previous);
		}
		this.coordinator.onCompletion(this::restoreUnlessExiting);
		if (logger.isDebugEnabled()) {
			logger.debug("Handling signals " + this.previousHandlers.keySet() + " with a graceful shutdown");
		}
	}

	/**
	 * Put the handlers back that were there before {@link #install()}.
	 */
	public synchronized void restore() {
		this.previousHandlers.forEach(Signal::handle);
		this.previousHandlers.clear();
	}

	private void restoreUnlessExiting() {
		// When the coordinator ends the process next, a late signal must keep joining the
		// shutdown: the JVM's own handler would start a second exit with status 143.
		if (!this.coordinator.isProcessExitPending()) {
			restore();
		}
	}

	@Override
	public void destroy() {
		// Restoring here would hand a second signal during the rest of the close to the
		// JVM's own handler; the coordinator restores once the sequence is over.
		if (this.coordinator.request().isEmpty()) {
			restore();
		}
	}

	/**
	 * Handle one signal. The JVM runs each signal's handler on a thread of its own: a
	 * signal that arrives while the first one's request is still being handed over waits
	 * for it, then counts as a repeat, instead of joining the shutdown as if it were the
	 * first. What a repeat does (log, escalate) happens outside that lock, so that a
	 * storm of signals never queues behind a log line.
	 * @param name the signal's name, such as {@code TERM}
	 */
	void handle(String name) {
		String signalName = "SIG" + name;
		// Taken on arrival: waiting for the first signal's handover must not push a
		// repeat out of the window.
		long arrivedNanos = this.nanoTime.getAsLong();
		Duration sinceFirst;
		boolean escalate;
		boolean firstJoin;
		synchronized (this.handoverLock) {
			if (!this.signalled || this.coordinator.request().isEmpty()) {
				this.signalled = true;
				this.firstSignalNanos = arrivedNanos;
				this.coordinator.requestProcessShutdown(ShutdownRequest.now(ShutdownReason.SIGNAL, signalName));
				return;
			}
			sinceFirst = Duration.ofNanos(Math.max(0, arrivedNanos - this.firstSignalNanos));
			escalate = this.repeats.escalates(name, sinceFirst);
			firstJoin = !escalate && this.joinsLogged.add(name);
		}
		if (escalate) {
			// Someone is tired of waiting.
			this.coordinator.repeatedSignal(signalName);
		}
		else if (firstJoin) {
			logger.info(describeJoin(name, signalName, sinceFirst) + "; further " + signalName
					+ " during this shutdown join it without a log line");
		}
		else if (logger.isDebugEnabled()) {
			logger.debug(describeJoin(name, signalName, sinceFirst));
		}
	}

	private String describeJoin(String name, String signalName, Duration sinceFirst) {
		String id = this.coordinator.handle().id();
		if (this.repeats.isEscalating(name)) {
			return signalName + " again " + sinceFirst.toMillis() + " ms after the first signal of shutdown " + id
					+ ": taken for the same signal delivered twice, it joins the shutdown"
					+ " (within graceful-shutdown.signals.repeat-window=" + Durations.format(this.repeats.window())
					+ ")";
		}
		return signalName + " again during shutdown " + id + ": it joins the shutdown (" + this.repeats.setting(name)
				+ ")";
	}

}
