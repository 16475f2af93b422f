package dev.gracefulshutdown.test;

/**
 * Entry point of the assertions on a {@link ShutdownResult}:
 * {@code import static dev.gracefulshutdown.test.GracefulShutdownAssertions.assertThat;}.
 */
public final class GracefulShutdownAssertions {

	private GracefulShutdownAssertions() {
	}

	/**
	 * Start the assertions on how an application shut down.
	 * @param actual the result
	 * @return the assertions
	 */
	public static ShutdownResultAssert assertThat(ShutdownResult actual) {
		return new ShutdownResultAssert(actual);
	}

}
