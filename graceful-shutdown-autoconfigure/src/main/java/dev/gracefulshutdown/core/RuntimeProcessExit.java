package dev.gracefulshutdown.core;

import org.springframework.boot.logging.LoggingSystem;

/**
 * {@link ProcessExit} backed by {@link Runtime}.
 */
final class RuntimeProcessExit implements ProcessExit {

	static final RuntimeProcessExit INSTANCE = new RuntimeProcessExit();

	private RuntimeProcessExit() {
	}

	@Override
	public void exit(int status) {
		System.exit(status);
	}

	@Override
	public void halt(int status) {
		try {
			flushLogs();
		}
		finally {
			// Whatever the logging system threw (an Error too), the JVM must end.
			Runtime.getRuntime().halt(status);
		}
	}

	@Override
	public void haltImmediately(int status) {
		Runtime.getRuntime().halt(status);
	}

	/**
	 * Stop the logging system (which flushes asynchronous appenders) and the standard
	 * streams: {@code halt} runs no shutdown hook that would do it.
	 */
	private void flushLogs() {
		try {
			Runnable shutdownHandler = LoggingSystem.get(getClass().getClassLoader()).getShutdownHandler();
			if (shutdownHandler != null) {
				shutdownHandler.run();
			}
		}
		catch (RuntimeException ex) {
			// Halting matters more than the last log lines.
		}
		System.out.flush();
		System.err.flush();
	}

	@Override
	public boolean isJvmExiting() {
		// The JVM refuses new shutdown hooks once it has started to exit: the only public
		// way to ask whether that has happened.
		Thread probe = new Thread(() -> {
		}, "graceful-shutdown-exit-probe");
		try {
			Runtime.getRuntime().addShutdownHook(probe);
			Runtime.getRuntime().removeShutdownHook(probe);
			return false;
		}
		catch (IllegalStateException ex) {
			return true;
		}
	}

}
