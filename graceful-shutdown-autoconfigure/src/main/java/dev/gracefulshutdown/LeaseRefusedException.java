package dev.gracefulshutdown;

/**
 * A lease was asked for after the application stopped taking work in (the drain is over):
 * the work it would protect must not start now.
 */
public class LeaseRefusedException extends IllegalStateException {

	/**
	 * Create a new exception.
	 * @param name the lease's name
	 * @param shutdownId the shutdown under way
	 */
	public LeaseRefusedException(String name, String shutdownId) {
		super("Lease '" + name + "' refused: shutdown " + shutdownId
				+ " has stopped taking work in (the drain is over); do not start work that needs it now,"
				+ " or acquire the lease before the work is accepted");
	}

}
