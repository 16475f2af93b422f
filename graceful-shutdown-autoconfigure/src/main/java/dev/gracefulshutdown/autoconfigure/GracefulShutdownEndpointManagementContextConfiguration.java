package dev.gracefulshutdown.autoconfigure;

import dev.gracefulshutdown.actuate.GracefulShutdownEndpoint;
import dev.gracefulshutdown.actuate.ShutdownRequestBodyFilter;
import jakarta.servlet.Filter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
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
			ObjectProvider<PathMappedEndpoints> pathMappedEndpoints) {
		FilterRegistrationBean<ShutdownRequestBodyFilter> registration = new FilterRegistrationBean<>(
				new ShutdownRequestBodyFilter());
		registration.setName("gracefulShutdownRequestBodyFilter");
		PathMappedEndpoints endpoints = pathMappedEndpoints.getIfAvailable();
		String path = (endpoints != null) ? endpoints.getPath(EndpointId.of(GracefulShutdownEndpoint.ID)) : null;
		if (path != null) {
			registration.addUrlPatterns(path);
		}
		else {
			registration.setEnabled(false);
		}
		return registration;
	}

}
