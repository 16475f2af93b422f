package dev.gracefulshutdown.autoconfigure;

import dev.gracefulshutdown.actuate.GracefulShutdownEndpoint;
import dev.gracefulshutdown.actuate.ShutdownRequestBodyFilter;
import dev.gracefulshutdown.actuate.ShutdownRequestWebFilter;
import jakarta.servlet.Filter;
import org.jspecify.annotations.Nullable;

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
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletPath;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;
import org.springframework.web.server.WebFilter;

/**
 * Registers the checks of a {@code POST} to the endpoint in whichever context serves the
 * actuator endpoints, the application's own or the management context on its own port:
 * {@link ShutdownRequestBodyFilter} in a servlet application,
 * {@link ShutdownRequestWebFilter} in a reactive one. Only in front of a {@code POST}
 * that Spring Boot would accept: under
 * {@code management.endpoints.access.max-permitted=read-only}, Boot's own answer stands.
 */
@ManagementContextConfiguration(value = ManagementContextType.ANY, proxyBeanMethods = false)
@ConditionalOnClass(PathMappedEndpoints.class)
@ConditionalOnAvailableEndpoint(endpoint = GracefulShutdownEndpoint.class, exposure = EndpointExposure.WEB)
@EnableConfigurationProperties(GracefulShutdownEndpointProperties.class)
class GracefulShutdownEndpointManagementContextConfiguration {

	/**
	 * Return the endpoint's path if a {@code POST} to it reaches the endpoint.
	 */
	private static @Nullable String writablePath(ObjectProvider<PathMappedEndpoints> pathMappedEndpoints,
			ObjectProvider<EndpointAccessResolver> accessResolver) {
		PathMappedEndpoints endpoints = pathMappedEndpoints.getIfAvailable();
		String path = (endpoints != null) ? endpoints.getPath(EndpointId.of(GracefulShutdownEndpoint.ID)) : null;
		EndpointAccessResolver resolver = accessResolver.getIfAvailable();
		boolean writable = resolver == null
				|| resolver.accessFor(EndpointId.of(GracefulShutdownEndpoint.ID), Access.NONE) == Access.UNRESTRICTED;
		return writable ? path : null;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass(Filter.class)
	static class ServletRequestChecksConfiguration {

		private static final String DISPATCHER_SERVLET_PATH = "org.springframework.boot.webmvc.autoconfigure.DispatcherServletPath";

		@Bean
		FilterRegistrationBean<ShutdownRequestBodyFilter> gracefulShutdownRequestBodyFilter(
				ObjectProvider<PathMappedEndpoints> pathMappedEndpoints,
				ObjectProvider<EndpointAccessResolver> accessResolver, ListableBeanFactory beanFactory,
				GracefulShutdownEndpointProperties properties) {
			FilterRegistrationBean<ShutdownRequestBodyFilter> registration = new FilterRegistrationBean<>(
					new ShutdownRequestBodyFilter(properties.crossOriginCheck()));
			registration.setName("gracefulShutdownRequestBodyFilter");
			String path = writablePath(pathMappedEndpoints, accessResolver);
			if (path != null) {
				registration.addUrlPatterns(dispatcherServletRelative(path, beanFactory));
			}
			else {
				registration.setEnabled(false);
			}
			return registration;
		}

		/**
		 * The path as the servlet container sees it: below
		 * {@code spring.mvc.servlet.path} when the DispatcherServlet is not at the root.
		 * Looked up in this context only: a management context on its own port has a
		 * DispatcherServlet of its own.
		 */
		private static String dispatcherServletRelative(String path, ListableBeanFactory beanFactory) {
			if (!ClassUtils.isPresent(DISPATCHER_SERVLET_PATH, beanFactory.getClass().getClassLoader())) {
				return path;
			}
			return DispatcherServletPaths.relative(path, beanFactory);
		}

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

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	@ConditionalOnClass(WebFilter.class)
	static class ReactiveRequestChecksConfiguration {

		@Bean
		@Nullable ShutdownRequestWebFilter gracefulShutdownRequestWebFilter(
				ObjectProvider<PathMappedEndpoints> pathMappedEndpoints,
				ObjectProvider<EndpointAccessResolver> accessResolver, GracefulShutdownEndpointProperties properties) {
			String path = writablePath(pathMappedEndpoints, accessResolver);
			return (path != null) ? new ShutdownRequestWebFilter(path, properties.crossOriginCheck()) : null;
		}

	}

}
