package dev.gracefulshutdown.core;

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
		Runtime.getRuntime().halt(status);
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
