package dev.gracefulshutdown;

/**
 * Why a graceful shutdown started.
 */
public enum ShutdownReason {

	/**
	 * An operating-system signal (for example {@code SIGTERM} or {@code SIGINT}) handled
	 * by the starter.
	 */
	SIGNAL,

	/**
	 * Application code or an operator asked for it: {@link GracefulShutdown} or
	 * {@code POST /actuator/shutdown-graceful}.
	 */
	REQUESTED,

	/**
	 * Worker code wrapped with {@link GracefulShutdown#shutdownOnError} failed.
	 */
	ERROR,

	/**
	 * The JVM began to exit ({@code System.exit}, or a signal the starter does not
	 * handle) and Spring Boot's shutdown hook closed the application context.
	 */
	JVM_EXIT,

	/**
	 * Application code closed the application context while the JVM keeps running.
	 */
	CONTEXT_CLOSED;

	/**
	 * Return the noun used in log lines, as in "started by signal (SIGTERM)".
	 * @return the noun
	 */
	public String noun() {
		return switch (this) {
			case SIGNAL -> "signal";
			case REQUESTED -> "request";
			case ERROR -> "error";
			case JVM_EXIT -> "JVM exit";
			case CONTEXT_CLOSED -> "context close";
		};
	}

}
