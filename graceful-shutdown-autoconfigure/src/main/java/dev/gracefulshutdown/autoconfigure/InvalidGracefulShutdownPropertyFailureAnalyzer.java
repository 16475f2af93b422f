package dev.gracefulshutdown.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns an {@link InvalidGracefulShutdownPropertyException} into a startup failure report
 * that names the key and says what to change.
 */
class InvalidGracefulShutdownPropertyFailureAnalyzer
		extends AbstractFailureAnalyzer<InvalidGracefulShutdownPropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidGracefulShutdownPropertyException cause) {
		String description = "Invalid value '" + cause.getValue() + "' for property '" + cause.getProperty() + "':"
				+ System.lineSeparator() + System.lineSeparator() + "    " + cause.getReason();
		String action = "Update '" + cause.getProperty()
				+ "' in your application's configuration (application.yml, application.properties,"
				+ " environment variables or command-line arguments).";
		return new FailureAnalysis(description, action, cause);
	}

}
