package dev.gracefulshutdown.task;

/**
 * One executor or scheduler whose intake is stopped, as the {@link ExecutorsDrain} waits
 * for its tasks.
 */
interface DrainedExecutor {

	/**
	 * Return whether it has tasks running or queued, as far as it tells.
	 * @return whether it is busy
	 */
	boolean isBusy();

	/**
	 * Wait until its tasks have run, at the latest until the given time.
	 * @param endNanos the end of the wait, on the {@link System#nanoTime()} scale
	 * @return whether every task ran
	 */
	boolean await(long endNanos);

	/**
	 * Describe it with what it still runs, for the log and the report.
	 * @return the description
	 */
	String describe();

	/**
	 * Give up on the tasks: interrupt the running ones, cancel the queued ones.
	 */
	default void abandon() {
	}

}
