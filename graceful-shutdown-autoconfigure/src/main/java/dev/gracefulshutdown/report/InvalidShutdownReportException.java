package dev.gracefulshutdown.report;

/**
 * The text is not a shutdown report this version can read: malformed JSON, a missing or
 * wrong member, or an unknown format.
 */
public class InvalidShutdownReportException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create a new exception.
	 * @param message what is wrong
	 */
	public InvalidShutdownReportException(String message) {
		super(message);
	}

	/**
	 * Create a new exception.
	 * @param message what is wrong
	 * @param cause the cause
	 */
	public InvalidShutdownReportException(String message, Throwable cause) {
		super(message, cause);
	}

}
