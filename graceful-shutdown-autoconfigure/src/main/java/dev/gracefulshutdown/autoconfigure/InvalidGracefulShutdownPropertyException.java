package dev.gracefulshutdown.autoconfigure;

/**
 * A {@code graceful-shutdown.*} property has a value the starter cannot work with.
 */
public class InvalidGracefulShutdownPropertyException extends RuntimeException {

	private final String property;

	private final Object value;

	private final String reason;

	/**
	 * Create a new exception.
	 * @param property the full name of the property
	 * @param value the offending value
	 * @param reason what is wrong with it and what would be right
	 */
	public InvalidGracefulShutdownPropertyException(String property, Object value, String reason) {
		super("Invalid value '" + value + "' for property '" + property + "': " + reason);
		this.property = property;
		this.value = value;
		this.reason = reason;
	}

	/**
	 * Return the full name of the property.
	 * @return the property name
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * Return the offending value.
	 * @return the value
	 */
	public Object getValue() {
		return this.value;
	}

	/**
	 * Return what is wrong with the value.
	 * @return the reason
	 */
	public String getReason() {
		return this.reason;
	}

}
