package dev.gracefulshutdown;

/**
 * Work that must finish before the application's resources are released: flushing a
 * buffer, finishing a batch. While a lease is open, the shutdown waits for it (after the
 * drain, before the lifecycle phases stop), within the deadline; a lease still open then
 * is named in the hang report (with what its work is doing, when it was opened with
 * {@link GracefulShutdown#acquireLease(String, java.util.function.Supplier)}). Close it
 * when the work is done; closing twice does nothing.
 *
 * <pre class="code">
 * try (Lease lease = gracefulShutdown.acquireLease("flush-audit-log")) {
 *     auditLog.flush();
 * }
 * </pre>
 */
public interface Lease extends AutoCloseable {

	/**
	 * Return the lease's name, as logs and reports show it.
	 * @return the name
	 */
	String name();

	/**
	 * Release the lease: the work is done.
	 */
	@Override
	void close();

}
