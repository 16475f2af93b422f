package dev.gracefulshutdown.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.amqp.rabbit.listener.AbstractMessageListenerContainer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.gracefulshutdown.GracefulShutdown;
import dev.gracefulshutdown.core.internal.ShutdownCoordinator;
import dev.gracefulshutdown.metrics.ListenersStoppedMetrics;
import dev.gracefulshutdown.rabbit.RabbitListenersDrain;

/**
 * Auto-configuration of the drain of Spring AMQP's RabbitMQ listener containers
 * ({@code graceful-shutdown.rabbit.*}). Without spring-rabbit on the class path, nothing
 * here is loaded.
 */
@AutoConfiguration(after = GracefulShutdownAutoConfiguration.class)
@ConditionalOnClass(AbstractMessageListenerContainer.class)
@ConditionalOnBean(ShutdownCoordinator.class)
@ConditionalOnBooleanProperty(name = "graceful-shutdown.rabbit.enabled", matchIfMissing = true)
public final class GracefulShutdownRabbitAutoConfiguration {

	/**
	 * The properties of Spring Boot that set {@code forceStop} on the containers its
	 * factories build.
	 */
	static final String[] FORCE_STOP_PROPERTIES = { "spring.rabbitmq.listener.simple.force-stop",
			"spring.rabbitmq.listener.direct.force-stop" };

	@Bean
	RabbitListenersDrain gracefulShutdownRabbitListenersDrain(ConfigurableApplicationContext context,
			GracefulShutdown gracefulShutdown) {
		return new RabbitListenersDrain(context.getBeanFactory(), gracefulShutdown,
				!forceStopSet(context.getEnvironment()));
	}

	private static boolean forceStopSet(Environment environment) {
		for (String property : FORCE_STOP_PROPERTIES) {
			if (environment.containsProperty(property)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The count of containers the drain stopped, with Micrometer on the class path.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBooleanProperty(name = "graceful-shutdown.metrics.enabled", matchIfMissing = true)
	static class RabbitListenersMetricsConfiguration {

		@Bean
		ListenersStoppedMetrics gracefulShutdownRabbitListenersStoppedMetrics(RabbitListenersDrain drain) {
			return new ListenersStoppedMetrics("rabbit", drain::stopped);
		}

	}

}
