package dev.gracefulshutdown.autoconfigure;

import dev.gracefulshutdown.core.internal.InFlightTracker;
import dev.gracefulshutdown.core.internal.ShutdownCoordinator;
import dev.gracefulshutdown.core.internal.OpenStreams;
import dev.gracefulshutdown.metrics.GracefulShutdownMetrics;
import dev.gracefulshutdown.metrics.StreamsEndedMetrics;
import dev.gracefulshutdown.metrics.LastShutdownMetrics;
import dev.gracefulshutdown.report.LastShutdownReport;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the shutdown's Micrometer metrics: binders that Spring Boot binds
 * to its meter registries. Without Micrometer on the class path, nothing here is loaded.
 */
@AutoConfiguration(after = GracefulShutdownAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(ShutdownCoordinator.class)
@ConditionalOnBooleanProperty(name = "graceful-shutdown.metrics.enabled", matchIfMissing = true)
public final class GracefulShutdownMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	GracefulShutdownMetrics gracefulShutdownMetrics(InFlightTracker inFlightTracker, ShutdownCoordinator coordinator) {
		return new GracefulShutdownMetrics(inFlightTracker::inFlight, coordinator::state);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(OpenStreams.class)
	StreamsEndedMetrics gracefulShutdownStreamsEndedMetrics(OpenStreams streams) {
		return new StreamsEndedMetrics(streams::ended);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(LastShutdownReport.class)
	LastShutdownMetrics gracefulShutdownLastMetrics(LastShutdownReport lastShutdown) {
		return new LastShutdownMetrics(lastShutdown);
	}

}
