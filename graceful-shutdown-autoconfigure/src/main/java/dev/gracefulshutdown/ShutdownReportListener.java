package dev.gracefulshutdown;

/**
 * Told about the shutdown's report, for metrics and for a report that must outlive the
 * process. Beans of this type are picked up by the coordinator when the shutdown starts.
 * <p>
 * Every method is called on the thread that runs the sequence or on the watchdog about to
 * halt the JVM: keep them short, and never block. An exception (an {@link Error} too) is
 * logged and ignored. A listener that blocks cannot hold the process past the deadline:
 * the JVM is halted a little after it all the same.
 */
public interface ShutdownReportListener {

	/**
	 * The drain has ended and the hooks of the {@code STOP} stage have run; no lifecycle
	 * phase has stopped yet. Called on the closing thread while it handles the
	 * {@code ContextClosedEvent}, before the other listeners of that event: Spring Boot
	 * closes its meter registries there, so this is the last moment at which a metric
	 * recorded reaches what a push registry publishes when it closes.
	 * @param report the report so far: the announce and drain stages and the requests
	 */
	default void drainEnded(ShutdownReport report) {
	}

	/**
	 * Every lifecycle phase has stopped and no bean has been destroyed yet. Meter
	 * registries that Spring Boot manages have already been closed by then (see
	 * {@link #drainEnded}); others may still be open.
	 * @param report the report so far
	 */
	default void beforeRelease(ShutdownReport report) {
	}

	/**
	 * The shutdown has ended, gracefully or not: called once, last, right before the
	 * process exits or halts (or the JVM goes on, for a plain context close).
	 * @param report the final report
	 */
	default void shutdownEnded(ShutdownReport report) {
	}

	/**
	 * The process is being halted after {@link #shutdownEnded} was called with a report
	 * that said otherwise: the sequence had completed, but the JVM's exit that followed
	 * (the application's own JVM shutdown hooks) outlived the deadline, or a repeated
	 * signal escalated. Called at most once, after {@link #shutdownEnded}, on the thread
	 * about to halt, with the report revised: the outcome and the exit code of the halt,
	 * the duration up to it, and the JVM's exit among the stragglers. A listener that
	 * keeps the report (a file) replaces it; one that counts shutdowns does not count
	 * this one again.
	 * @param report the revised final report
	 */
	default void shutdownRevised(ShutdownReport report) {
	}

}
