package dev.gracefulshutdown;

/**
 * How a shutdown ended.
 */
public enum ShutdownOutcome {

	/**
	 * Still under way.
	 */
	IN_PROGRESS,

	/**
	 * Every stage finished within its bounds.
	 */
	COMPLETED,

	/**
	 * A lifecycle phase or a hook overran its timeout; the sequence went on without it
	 * and finished, and the process exits with the timeout exit code.
	 */
	TIMED_OUT,

	/**
	 * The deadline passed: the watchdog logged the hang report and halted the JVM with
	 * the timeout exit code. Also the outcome of a report revised when the sequence had
	 * completed but the JVM's exit that followed (its shutdown hooks) outlived the
	 * deadline.
	 */
	DEADLINE_EXCEEDED,

	/**
	 * A second signal came while shutting down (or while the JVM exited after the
	 * sequence): the remaining waits were skipped and the JVM halted with the timeout
	 * exit code.
	 */
	ESCALATED

}
