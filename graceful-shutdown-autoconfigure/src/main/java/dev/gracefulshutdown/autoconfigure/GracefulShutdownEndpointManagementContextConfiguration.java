package dev.gracefulshutdown.autoconfigure;

import dev.gracefulshutdown.actuate.GracefulShutdownEndpoint;
import dev.gracefulshutdown.actuate.ShutdownRequestBodyFilter;
import jakarta.servlet.Filter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.EndpointAccessResolver;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * Registers the {@link ShutdownRequestBodyFilter} in whichever context serves the
 * actuator endpoints: the application's own, or the management context on its own port.
 */
@ManagementContextConfiguration(value = ManagementContextType.ANY, proxyBeanMethods = false)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ Filter.class, PathMappedEndpoints.class })
@ConditionalOnAvailableEndpoint(endpoint = GracefulShutdownEndpoint.class, exposure = EndpointExposure.WEB)
class GracefulShutdownEndpointManagementContextConfiguration {

	@Bean
	FilterRegistrationBean<ShutdownRequestBodyFilter> gracefulShutdownRequestBodyFilter(
			ObjectProvider<PathMappedEndpoints> pathMappedEndpoints,
			ObjectProvider<EndpointAccessResolver> accessResolver) {
		FilterRegistrationBean<ShutdownRequestBodyFilter> registration = new FilterRegistrationBean<>(
				new ShutdownRequestBodyFilter());
		registration.setName("gracefulShutdownRequestBodyFilter");
		PathMappedEndpoints endpoints = pathMappedEndpoints.getIfAvailable();
		String path = (endpoints != null) ? endpoints.getPath(EndpointId.of(GracefulShutdownEndpoint.ID)) : null;
		// Only in front of a POST that Spring Boot would accept: under
		// management.endpoints.access.max-permitted=read-only, Boot's own answer stands.
		EndpointAccessResolver resolver = accessResolver.getIfAvailable();
		boolean writable = resolver == null
				|| resolver.accessFor(EndpointId.of(GracefulShutdownEndpoint.ID), Access.NONE) == Access.UNRESTRICTED;
		if (path != null && writable) {
			registration.addUrlPatterns(path);
		}
		else {
			registration.setEnabled(false);
		}
		return registration;
	}

}
