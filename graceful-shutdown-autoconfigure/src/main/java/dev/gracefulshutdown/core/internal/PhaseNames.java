package dev.gracefulshutdown.core.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * The documented names of Spring Boot's well-known lifecycle phases, so that a timeout or
 * a hook can say {@code web-server-graceful-shutdown} instead of {@code 2147482623}.
 * <p>
 * The numbers are Spring Boot 4.1's: {@code SmartLifecycle.DEFAULT_PHASE},
 * {@code WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE} and
 * {@code START_STOP_LIFECYCLE_PHASE}, the management server's context
 * ({@code GRACEFUL_SHUTDOWN_PHASE - 512}) and Spring's executors and schedulers
 * ({@code ExecutorConfigurationSupport.DEFAULT_PHASE}). They are written out here so that
 * the core needs no web server class.
 * <p>
 * Internal, not API: public for the starter's auto-configuration and integrations.
 */
public final class PhaseNames {

	/**
	 * Every {@code SmartLifecycle} that does not choose a phase, and the coordinator.
	 */
	public static final int DEFAULT = SmartLifecycle.DEFAULT_PHASE;

	/**
	 * The web server's graceful shutdown: it stops accepting and waits for requests.
	 */
	public static final int WEB_SERVER_GRACEFUL_SHUTDOWN = SmartLifecycle.DEFAULT_PHASE - 1024;

	/**
	 * The management server on a port of its own: its whole context closes.
	 */
	public static final int MANAGEMENT_SERVER = WEB_SERVER_GRACEFUL_SHUTDOWN - 512;

	/**
	 * The web server stops.
	 */
	public static final int WEB_SERVER_STOP = WEB_SERVER_GRACEFUL_SHUTDOWN - 1024;

	/**
	 * Spring's executors and schedulers ({@code ThreadPoolTaskExecutor},
	 * {@code ThreadPoolTaskScheduler}, ...).
	 */
	public static final int EXECUTORS = Integer.MAX_VALUE / 2;

	/**
	 * The starter's drain of the executors and schedulers, right before they stop.
	 */
	public static final int EXECUTORS_DRAIN = EXECUTORS + 1;

	/**
	 * Plain {@code Lifecycle} beans, which have no phase of their own.
	 */
	public static final int PLAIN_LIFECYCLE = 0;

	private static final Map<String, Integer> BY_NAME;

	static {
		Map<String, Integer> names = new LinkedHashMap<>();
		names.put("default", DEFAULT);
		names.put("web-server-graceful-shutdown", WEB_SERVER_GRACEFUL_SHUTDOWN);
		names.put("management-server", MANAGEMENT_SERVER);
		names.put("web-server-stop", WEB_SERVER_STOP);
		names.put("executors-drain", EXECUTORS_DRAIN);
		names.put("executors", EXECUTORS);
		names.put("plain-lifecycle", PLAIN_LIFECYCLE);
		BY_NAME = Collections.unmodifiableMap(names);
	}

	private PhaseNames() {
	}

	/**
	 * Return every name with its phase, highest phase (first to stop) first.
	 * @return the names
	 */
	public static Map<String, Integer> all() {
		return BY_NAME;
	}

	/**
	 * Resolve a phase given as a documented name or as a number.
	 * @param nameOrNumber the name or number
	 * @return the phase, or empty if it is neither a known name nor an integer
	 */
	public static Optional<Integer> resolve(String nameOrNumber) {
		String trimmed = nameOrNumber.trim();
		Integer named = BY_NAME.get(trimmed.toLowerCase(java.util.Locale.ROOT));
		if (named != null) {
			return Optional.of(named);
		}
		try {
			return Optional.of(Integer.parseInt(trimmed));
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Return the documented name of a phase.
	 * @param phase the phase
	 * @return the name, or {@code null} if the phase has none
	 */
	public static @Nullable String nameOf(int phase) {
		for (Map.Entry<String, Integer> entry : BY_NAME.entrySet()) {
			if (entry.getValue() == phase) {
				return entry.getKey();
			}
		}
		return null;
	}

	/**
	 * Describe a phase for a log line: {@code 2147482623 (web-server-graceful-shutdown)}.
	 * @param phase the phase
	 * @return the description
	 */
	public static String describe(int phase) {
		String name = nameOf(phase);
		return (name != null) ? phase + " (" + name + ")" : String.valueOf(phase);
	}

}
