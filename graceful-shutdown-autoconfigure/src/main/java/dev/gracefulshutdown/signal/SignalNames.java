package dev.gracefulshutdown.signal;

import java.util.List;
import java.util.Locale;

/**
 * The signals a Java process may take over: the JVM keeps QUIT (thread dumps) and USR2
 * (thread suspension) for itself, and KILL and STOP cannot be caught at all.
 */
public final class SignalNames {

	/**
	 * The names that can be handled, without the {@code SIG} prefix.
	 */
	public static final List<String> SUPPORTED = List.of("TERM", "INT", "HUP", "USR1");

	private SignalNames() {
	}

	/**
	 * Normalize a name as users write it ({@code SIGTERM}, {@code term}) to the form the
	 * JVM expects ({@code TERM}).
	 * @param name the name
	 * @return the normalized name
	 */
	public static String normalize(String name) {
		String upper = name.trim().toUpperCase(Locale.ROOT);
		return upper.startsWith("SIG") ? upper.substring(3) : upper;
	}

	/**
	 * Return whether a (normalized) name can be handled.
	 * @param normalized the normalized name
	 * @return whether it is supported
	 */
	public static boolean isSupported(String normalized) {
		return SUPPORTED.contains(normalized);
	}

}
