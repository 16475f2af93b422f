package dev.gracefulshutdown.core.internal;

import java.util.List;

/**
 * The path prefixes of health checks and probes: their requests are counted in flight but
 * are not traffic. A prefix matches whole path segments only: {@code /actuator/health}
 * matches {@code /actuator/health} and {@code /actuator/health/readiness}, not
 * {@code /actuator/healthcare-report}.
 * <p>
 * Internal, not API: public for the starter's auto-configuration and integrations.
 */
public final class ProbePaths {

	private final List<String> prefixes;

	/**
	 * Create new probe paths.
	 * @param prefixes the path prefixes
	 */
	public ProbePaths(List<String> prefixes) {
		this.prefixes = List.copyOf(prefixes);
	}

	/**
	 * Return whether a path, within the application, is a probe's.
	 * @param path the path
	 * @return whether it is a probe's
	 */
	public boolean matches(String path) {
		for (String prefix : this.prefixes) {
			if (path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/'
					|| prefix.endsWith("/"))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Return the prefixes.
	 * @return the prefixes
	 */
	public List<String> prefixes() {
		return this.prefixes;
	}

}
