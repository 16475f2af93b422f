package dev.gracefulshutdown.core;

/**
 * Ends the JVM. The one place that owns the process, so tests and embedders can replace
 * it: public as an extension point, a bean of this type replaces the auto-configured one.
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
	 * Stop the JVM at once, from the backstop that ends the process when
	 * {@link #halt(int)} has not ended it in time (a log appender stuck on a full pipe, a
	 * report listener that blocks). Called on a thread that must not block: an
	 * implementation must not log, allocate much or take locks. The default calls
	 * {@link #halt(int)}; the JVM's calls {@link Runtime#halt(int)} and nothing else.
	 * @param status the exit status
	 */
	default void haltImmediately(int status) {
		halt(status);
	}

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
