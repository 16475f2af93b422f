package dev.gracefulshutdown;

/**
 * Where the application stands on its way from serving to stopped.
 */
public enum ShutdownState {

	/**
	 * Serving normally; no shutdown has been requested.
	 */
	RUNNING,

	/**
	 * Shutdown requested: readiness is down and traffic is being drained.
	 */
	DRAINING,

	/**
	 * Intake has stopped: lifecycle phases are stopping and beans are being destroyed.
	 */
	STOPPING,

	/**
	 * The sequence is over; the process exits (or, for a plain context close, carries on
	 * without the context).
	 */
	STOPPED

}
