package dev.gracefulshutdown;

/**
 * The stages of the shutdown sequence, in the order they run.
 */
public enum ShutdownStage {

	/**
	 * Readiness goes to {@code REFUSING_TRAFFIC} and the watchdog is armed.
	 */
	ANNOUNCE,

	/**
	 * The application keeps serving while load balancers notice it is leaving.
	 */
	DRAIN,

	/**
	 * Spring's lifecycle phases stop: web server, listener containers, executors.
	 */
	STOP,

	/**
	 * Beans are destroyed: pools, clients and other resources are released.
	 */
	RELEASE;

	/**
	 * Return the lower-case name used in logs and reports.
	 * @return the display name
	 */
	public String displayName() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
