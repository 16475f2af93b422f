package dev.gracefulshutdown.sample;

import java.util.regex.Pattern;

/**
 * Stack frames as the hang reports of a child JVM print them. A class loaded by the JDK's
 * application class loader, as from the extracted jar that {@link SampleJarLaunch}
 * starts, prints as {@code at app//dev.gracefulshutdown...}; one loaded by Spring Boot's
 * launcher from the jar itself, or from the test classpath by another loader, as
 * {@code at dev.gracefulshutdown...}.
 */
final class StackFrames {

	private StackFrames() {
	}

	/**
	 * Return a pattern for a stack frame of the given method, whichever class loader
	 * loaded it.
	 * @param method the class and method, up to the opening parenthesis, such as
	 * {@code dev.gracefulshutdown.sample.StuckOnStopLifecycle.stop(}
	 * @return the pattern, found anywhere in the output
	 */
	static Pattern frame(String method) {
		return Pattern.compile("\\bat (?:app//)?" + Pattern.quote(method));
	}

}
