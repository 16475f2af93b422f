package dev.gracefulshutdown.autoconfigure;

import dev.gracefulshutdown.actuate.GracefulShutdownEndpoint;
import dev.gracefulshutdown.actuate.ShutdownRequestBodyFilter;
import jakarta.servlet.Filter;

import org.springframework.beans.factory.ListableBeanFactory;
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
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletPath;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

/**
 * Registers the {@link ShutdownRequestBodyFilter} in whichever context serves the
 * actuator endpoints: the application's own, or the management context on its own port.
 */
@ManagementContextConfiguration(value = ManagementContextType.ANY, proxyBeanMethods = false)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ Filter.class, PathMappedEndpoints.class })
@ConditionalOnAvailableEndpoint(endpoint = GracefulShutdownEndpoint.class, exposure = EndpointExposure.WEB)
class GracefulShutdownEndpointManagementContextConfiguration {

	private static final String DISPATCHER_SERVLET_PATH = "org.springframework.boot.webmvc.autoconfigure.DispatcherServletPath";

	@Bean
	FilterRegistrationBean<ShutdownRequestBodyFilter> gracefulShutdownRequestBodyFilter(
			ObjectProvider<PathMappedEndpoints> pathMappedEndpoints,
			ObjectProvider<EndpointAccessResolver> accessResolver, ListableBeanFactory beanFactory) {
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
			registration.addUrlPatterns(dispatcherServletRelative(path, beanFactory));
		}
		else {
			registration.setEnabled(false);
		}
		return registration;
	}

	/**
	 * The path as the servlet container sees it: below {@code spring.mvc.servlet.path}
	 * when the DispatcherServlet is not at the root. Looked up in this context only: a
	 * management context on its own port has a DispatcherServlet of its own.
	 */
	private static String dispatcherServletRelative(String path, ListableBeanFactory beanFactory) {
		if (!ClassUtils.isPresent(DISPATCHER_SERVLET_PATH, beanFactory.getClass().getClassLoader())) {
			return path;
		}
		return DispatcherServletPaths.relative(path, beanFactory);
	}

	/**
	 * Kept apart so that its class is only loaded when Spring MVC's auto-configuration is
	 * on the class path.
	 */
	private static final class DispatcherServletPaths {

		static String relative(String path, ListableBeanFactory beanFactory) {
			String[] names = beanFactory.getBeanNamesForType(DispatcherServletPath.class, false, false);
			if (names.length != 1) {
				return path;
			}
			return beanFactory.getBean(names[0], DispatcherServletPath.class).getRelativePath(path);
		}

	}

}
