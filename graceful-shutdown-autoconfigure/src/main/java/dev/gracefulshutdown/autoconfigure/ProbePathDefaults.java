package dev.gracefulshutdown.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.springframework.core.env.Environment;

/**
 * The probe paths in force: the configured ones, or the actuator's health endpoint under
 * {@code management.endpoints.web.base-path}, plus {@code /livez} and {@code /readyz}
 * when Spring Boot serves the probes on the main port as well.
 */
final class ProbePathDefaults {

	private ProbePathDefaults() {
	}

	static List<String> probePaths(GracefulShutdownProperties properties, Environment environment) {
		List<String> configured = properties.getDrain().getProbePaths();
		if (configured != null) {
			return configured;
		}
		String basePath = environment.getProperty("management.endpoints.web.base-path", "/actuator");
		List<String> paths = new ArrayList<>();
		paths.add((basePath.endsWith("/") ? basePath : basePath + "/") + "health");
		if (environment.getProperty("management.endpoint.health.probes.add-additional-paths", Boolean.class, false)) {
			// Boot then serves the probes on the main port too, as /livez and /readyz.
			paths.add("/livez");
			paths.add("/readyz");
		}
		return paths;
	}

}
