package dev.gracefulshutdown.autoconfigure;

import dev.gracefulshutdown.core.InvalidShutdownHookException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns an {@link InvalidShutdownHookException} into a startup failure report that names
 * the hook and says what to change.
 */
class InvalidShutdownHookFailureAnalyzer extends AbstractFailureAnalyzer<InvalidShutdownHookException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidShutdownHookException cause) {
		String description = "Shutdown hook '" + cause.getHook() + "' " + cause.getProblem() + ".";
		String action = "Change the hook: " + cause.getAction() + ".";
		return new FailureAnalysis(description, action, cause);
	}

}
