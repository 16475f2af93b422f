package dev.gracefulshutdown.autoconfigure;

import dev.gracefulshutdown.GracefulShutdown;
import dev.gracefulshutdown.actuate.GracefulShutdownEndpoint;
import dev.gracefulshutdown.actuate.GracefulShutdownEndpointPathMapper;
import dev.gracefulshutdown.report.LastShutdownReport;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code /actuator/shutdown-graceful} endpoint. Runs after
 * Spring Boot's web endpoint auto-configuration so that Boot's path mapper (the user's
 * {@code management.endpoints.web.path-mapping}) is asked before the starter's.
 */
@AutoConfiguration(after = { GracefulShutdownAutoConfiguration.class, WebEndpointAutoConfiguration.class })
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(GracefulShutdown.class)
@ConditionalOnAvailableEndpoint(GracefulShutdownEndpoint.class)
@EnableConfigurationProperties(GracefulShutdownEndpointProperties.class)
public final class GracefulShutdownEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	GracefulShutdownEndpoint gracefulShutdownEndpoint(GracefulShutdown gracefulShutdown,
			ObjectProvider<LastShutdownReport> lastShutdown, ObjectProvider<PathMappedEndpoints> pathMappedEndpoints,
			GracefulShutdownEndpointProperties properties) {
		return new GracefulShutdownEndpoint(gracefulShutdown, lastShutdown.getIfAvailable(LastShutdownReport::none),
				() -> endpointPath(pathMappedEndpoints.getIfAvailable()), properties.getShowDetails(),
				properties.getRoles());
	}

	private static String endpointPath(@Nullable PathMappedEndpoints pathMappedEndpoints) {
		String path = (pathMappedEndpoints != null)
				? pathMappedEndpoints.getPath(EndpointId.of(GracefulShutdownEndpoint.ID)) : null;
		return (path != null) ? path : GracefulShutdownEndpoint.DEFAULT_PATH;
	}

	@Bean
	@ConditionalOnMissingBean
	GracefulShutdownEndpointPathMapper gracefulShutdownEndpointPathMapper() {
		return new GracefulShutdownEndpointPathMapper();
	}

}
