package dev.gracefulshutdown.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.kafka.listener.MessageListenerContainer;

import dev.gracefulshutdown.GracefulShutdown;
import dev.gracefulshutdown.core.internal.ShutdownCoordinator;
import dev.gracefulshutdown.kafka.ImmediateStopPostProcessor;
import dev.gracefulshutdown.kafka.KafkaListenersDrain;
import dev.gracefulshutdown.kafka.RecordsInProgressTracking;
import dev.gracefulshutdown.metrics.ListenersStoppedMetrics;

/**
 * Auto-configuration of the drain of Spring for Apache Kafka's listener containers
 * ({@code graceful-shutdown.kafka.*}). Without spring-kafka on the class path, nothing
 * here is loaded.
 */
@AutoConfiguration(after = GracefulShutdownAutoConfiguration.class)
@ConditionalOnClass(MessageListenerContainer.class)
@ConditionalOnBean(ShutdownCoordinator.class)
@ConditionalOnBooleanProperty(name = "graceful-shutdown.kafka.enabled", matchIfMissing = true)
public final class GracefulShutdownKafkaAutoConfiguration {

	/**
	 * The property of Spring Boot that sets {@code stopImmediate} on the containers.
	 */
	static final String IMMEDIATE_STOP_PROPERTY = "spring.kafka.listener.immediate-stop";

	@Bean
	KafkaListenersDrain gracefulShutdownKafkaListenersDrain(ConfigurableApplicationContext context,
			GracefulShutdown gracefulShutdown) {
		return new KafkaListenersDrain(context.getBeanFactory(), gracefulShutdown);
	}

	@Bean
	RecordsInProgressTracking gracefulShutdownKafkaRecordsInProgress(ConfigurableApplicationContext context) {
		return new RecordsInProgressTracking(context.getBeanFactory());
	}

	@Bean
	@Conditional(ImmediateStopNotSet.class)
	static ImmediateStopPostProcessor gracefulShutdownKafkaImmediateStop() {
		return new ImmediateStopPostProcessor();
	}

	/**
	 * Matches when the application leaves {@value #IMMEDIATE_STOP_PROPERTY} unset.
	 */
	static final class ImmediateStopNotSet extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			if (context.getEnvironment().containsProperty(IMMEDIATE_STOP_PROPERTY)) {
				return ConditionOutcome.noMatch(IMMEDIATE_STOP_PROPERTY + " is set");
			}
			return ConditionOutcome.match(IMMEDIATE_STOP_PROPERTY + " is not set");
		}

	}

	/**
	 * The count of containers the drain stopped, with Micrometer on the class path.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBooleanProperty(name = "graceful-shutdown.metrics.enabled", matchIfMissing = true)
	static class KafkaListenersMetricsConfiguration {

		@Bean
		ListenersStoppedMetrics gracefulShutdownKafkaListenersStoppedMetrics(KafkaListenersDrain drain) {
			return new ListenersStoppedMetrics("kafka", drain::stopped);
		}

	}

}
