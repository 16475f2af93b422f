package dev.gracefulshutdown.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import dev.gracefulshutdown.GracefulShutdown;
import dev.gracefulshutdown.core.BeanDestructionTracker;
import dev.gracefulshutdown.core.ContextClosingListener;
import dev.gracefulshutdown.core.DefaultGracefulShutdown;
import dev.gracefulshutdown.core.InFlightTracker;
import dev.gracefulshutdown.core.PhasesCompletedMarker;
import dev.gracefulshutdown.core.ProcessExit;
import dev.gracefulshutdown.core.ShutdownCoordinator;
import dev.gracefulshutdown.core.ShutdownSettings;
import dev.gracefulshutdown.signal.SignalShutdownTrigger;
import dev.gracefulshutdown.web.servlet.InFlightRequestFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.cloud.CloudPlatform;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Auto-configuration of the graceful shutdown: the coordinator and the deadline, the
 * signal handlers, and the drain of the web server in front of the application.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "graceful-shutdown.enabled", matchIfMissing = true)
@EnableConfigurationProperties(GracefulShutdownProperties.class)
public final class GracefulShutdownAutoConfiguration {

	private static final String WEB_SERVER_CONTEXT = "org.springframework.boot.web.server.context.WebServerApplicationContext";

	@Bean
	static BeanDestructionTracker gracefulShutdownBeanDestructionTracker() {
		return new BeanDestructionTracker();
	}

	@Bean
	@ConditionalOnMissingBean
	InFlightTracker gracefulShutdownInFlightTracker() {
		return new InFlightTracker();
	}

	@Bean
	@ConditionalOnMissingBean
	ProcessExit gracefulShutdownProcessExit() {
		return ProcessExit.runtime();
	}

	@Bean
	@ConditionalOnMissingBean
	ShutdownCoordinator shutdownCoordinator(ConfigurableApplicationContext context,
			GracefulShutdownProperties properties, InFlightTracker inFlightTracker, ProcessExit processExit) {
		ShutdownSettings settings = ShutdownSettingsFactory.create(properties,
				CloudPlatform.getActive(context.getEnvironment()), isWebServerContext(context));
		return new ShutdownCoordinator(context, settings, inFlightTracker, processExit);
	}

	@Bean
	@ConditionalOnMissingBean(GracefulShutdown.class)
	DefaultGracefulShutdown gracefulShutdown(ShutdownCoordinator coordinator) {
		return new DefaultGracefulShutdown(coordinator);
	}

	@Bean
	@ConditionalOnBean(ShutdownCoordinator.class)
	ContextClosingListener gracefulShutdownContextClosingListener(ShutdownCoordinator coordinator,
			ConfigurableApplicationContext context) {
		return new ContextClosingListener(coordinator, context);
	}

	@Bean
	@ConditionalOnBean(ShutdownCoordinator.class)
	PhasesCompletedMarker gracefulShutdownPhasesCompletedMarker(ObjectProvider<ShutdownCoordinator> coordinator) {
		return new PhasesCompletedMarker(coordinator);
	}

	private static boolean isWebServerContext(ConfigurableApplicationContext context) {
		ClassLoader classLoader = context.getClassLoader();
		if (!ClassUtils.isPresent(WEB_SERVER_CONTEXT, classLoader)) {
			return false;
		}
		return ClassUtils.resolveClassName(WEB_SERVER_CONTEXT, classLoader).isInstance(context);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "sun.misc.Signal")
	@ConditionalOnBooleanProperty(name = "graceful-shutdown.signals.enabled", matchIfMissing = true)
	static class SignalConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SignalShutdownTrigger gracefulShutdownSignalTrigger(ShutdownCoordinator coordinator,
				GracefulShutdownProperties properties) {
			return new SignalShutdownTrigger(coordinator, ShutdownSettingsFactory.signalNames(properties));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass(Filter.class)
	static class ServletDrainConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "gracefulShutdownInFlightRequestFilter")
		FilterRegistrationBean<InFlightRequestFilter> gracefulShutdownInFlightRequestFilter(
				InFlightTracker inFlightTracker, GracefulShutdownProperties properties, Environment environment) {
			InFlightRequestFilter filter = new InFlightRequestFilter(inFlightTracker,
					properties.getDrain().isConnectionClose(), probePaths(properties, environment));
			FilterRegistrationBean<InFlightRequestFilter> registration = new FilterRegistrationBean<>(filter);
			registration.setName("gracefulShutdownInFlightRequestFilter");
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
			registration.setDispatcherTypes(DispatcherType.REQUEST);
			registration.setAsyncSupported(true);
			return registration;
		}

		private static List<String> probePaths(GracefulShutdownProperties properties, Environment environment) {
			List<String> configured = properties.getDrain().getProbePaths();
			if (configured != null) {
				return configured;
			}
			String basePath = environment.getProperty("management.endpoints.web.base-path", "/actuator");
			List<String> paths = new ArrayList<>();
			paths.add((basePath.endsWith("/") ? basePath : basePath + "/") + "health");
			if (environment.getProperty("management.endpoint.health.probes.add-additional-paths", Boolean.class,
					false)) {
				// Boot then serves the probes on the main port too, as /livez and
				// /readyz.
				paths.add("/livez");
				paths.add("/readyz");
			}
			return paths;
		}

	}

}
