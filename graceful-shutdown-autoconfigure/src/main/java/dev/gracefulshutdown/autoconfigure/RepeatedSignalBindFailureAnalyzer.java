package dev.gracefulshutdown.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Explains a value of {@code graceful-shutdown.signals.on-repeat} that cannot be bound,
 * saying what to write instead: the key is a map from signal name to {@code join} or
 * {@code escalate}, and the single value it once took ({@code on-repeat: ignore}) no
 * longer binds. Runs before Spring Boot's own analysis of binding failures, which would
 * only say that a string cannot be converted to a map.
 */
class RepeatedSignalBindFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

	static final String PROPERTY = "graceful-shutdown.signals.on-repeat";

	private static final ConfigurationPropertyName NAME = ConfigurationPropertyName.of(PROPERTY);

	private static final String EXAMPLE = "For example, in application.yml:" + System.lineSeparator()
			+ System.lineSeparator() + "    graceful-shutdown:" + System.lineSeparator() + "      signals:"
			+ System.lineSeparator() + "        on-repeat:" + System.lineSeparator() + "          TERM: join"
			+ System.lineSeparator() + "          INT: escalate" + System.lineSeparator() + System.lineSeparator()
			+ "or graceful-shutdown.signals.on-repeat.TERM=join in application.properties. 'join' lets the"
			+ " shutdown go on (what 'ignore' did), 'escalate' skips the remaining waits and halts with the timeout"
			+ " exit code. Without the key, INT escalates and TERM, HUP and USR1 join.";

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		ConfigurationPropertyName name = cause.getName();
		if (!NAME.equals(name) && !NAME.isAncestorOf(name)) {
			return null;
		}
		ConfigurationProperty property = cause.getProperty();
		String key = (property != null) ? property.getName().toString() : name.toString();
		String value = (property != null) ? String.valueOf(property.getValue()) : "";
		String origin = (property != null && property.getOrigin() != null)
				? System.lineSeparator() + System.lineSeparator() + "    Origin: " + property.getOrigin() : "";
		String problem = NAME.equals(name)
				? "'" + PROPERTY + "' is a map from signal name to what that signal does when it comes again"
						+ " during the shutdown, not a single value; give one entry per signal (TERM, INT, HUP or"
						+ " USR1, the SIG prefix is optional)"
				: "a signal that comes again during the shutdown can 'join' or 'escalate'";
		String description = "Invalid value '" + value + "' for property '" + key + "':" + System.lineSeparator()
				+ System.lineSeparator() + "    " + problem + "." + origin;
		return new FailureAnalysis(description, "Update '" + key + "' in your application's configuration. " + EXAMPLE,
				cause);
	}

	@Override
	public int getOrder() {
		// Before Spring Boot's BindFailureAnalyzer, which has no order of its own.
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
