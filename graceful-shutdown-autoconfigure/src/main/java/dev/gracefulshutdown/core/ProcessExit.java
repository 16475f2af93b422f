package dev.gracefulshutdown.core;

/**
 * Ends the JVM. The one place that owns the process, so tests and embedders can replace
 * it.
 */
public interface ProcessExit {

	/**
	 * Exit normally: JVM shutdown hooks run. Must not be called from a shutdown hook.
	 * @param status the exit status
	 */
	void exit(int status);

	/**
	 * Stop the JVM at once, without running shutdown hooks: the last resort when the
	 * deadline passed.
	 * @param status the exit status
	 */
	void halt(int status);

	/**
	 * Return whether the JVM is already exiting (its shutdown hooks are running).
	 * @return whether the JVM is exiting
	 */
	boolean isJvmExiting();

	/**
	 * The real JVM.
	 * @return a {@link ProcessExit} backed by {@link Runtime}
	 */
	static ProcessExit runtime() {
		return RuntimeProcessExit.INSTANCE;
	}

}
