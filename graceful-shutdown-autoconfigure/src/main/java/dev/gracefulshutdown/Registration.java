package dev.gracefulshutdown;

/**
 * Something registered with the graceful shutdown: close it to take it back. Closing it
 * twice does nothing.
 */
@FunctionalInterface
public interface Registration extends AutoCloseable {

	/**
	 * Take the registration back.
	 */
	@Override
	void close();

}
