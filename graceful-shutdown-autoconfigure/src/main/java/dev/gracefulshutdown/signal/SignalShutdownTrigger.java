package dev.gracefulshutdown.signal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.gracefulshutdown.ShutdownReason;
import dev.gracefulshutdown.ShutdownRequest;
import dev.gracefulshutdown.core.ShutdownCoordinator;
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
 * A second signal during the shutdown escalates (unless configured to be ignored): the
 * coordinator skips every remaining wait and halts with the timeout exit code, as a user
 * pressing Ctrl-C twice expects.
 */
public final class SignalShutdownTrigger implements SmartInitializingSingleton, DisposableBean {

	private static final Log logger = LogFactory.getLog(SignalShutdownTrigger.class);

	private final ShutdownCoordinator coordinator;

	private final List<String> names;

	private final Map<Signal, SignalHandler> previousHandlers = new LinkedHashMap<>();

	private final AtomicInteger signalsReceived = new AtomicInteger();

	/**
	 * Create a new trigger.
	 * @param coordinator the coordinator to hand requests to
	 * @param names the signal names to handle, normalized (for example {@code TERM})
	 */
	public SignalShutdownTrigger(ShutdownCoordinator coordinator, List<String> names) {
		this.coordinator = coordinator;
		this.names = List.copyOf(names);
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
	 * Handle one signal. Synchronized because the JVM runs each signal's handler on a
	 * thread of its own: a second signal that arrives while the first one's request is
	 * still being handed over must wait for it, then escalate, instead of joining the
	 * shutdown as if it were the first.
	 * @param name the signal's name, such as {@code TERM}
	 */
	synchronized void handle(String name) {
		String signalName = "SIG" + name;
		if (this.signalsReceived.getAndIncrement() > 0 && this.coordinator.request().isPresent()) {
			// The second signal of this shutdown: someone is tired of waiting.
			this.coordinator.repeatedSignal(signalName);
			return;
		}
		this.coordinator.requestProcessShutdown(ShutdownRequest.now(ShutdownReason.SIGNAL, signalName));
	}

}
