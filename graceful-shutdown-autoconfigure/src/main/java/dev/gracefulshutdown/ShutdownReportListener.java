package dev.gracefulshutdown;

/**
 * Told about the shutdown's report, for metrics and for a report that must outlive the
 * process. Beans of this type are picked up by the coordinator when the shutdown starts.
 * <p>
 * Both methods are called on the thread that runs the sequence or on the watchdog about
 * to halt the JVM: keep them short, and never block. An exception is logged and ignored.
 */
public interface ShutdownReportListener {

	/**
	 * Every lifecycle phase has stopped and no bean has been destroyed yet: meter
	 * registries are still open, so this is the moment to record metrics that must be
	 * published when they close.
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

}
