package dev.gracefulshutdown.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.gracefulshutdown.ShutdownOutcome;
import dev.gracefulshutdown.ShutdownReason;
import dev.gracefulshutdown.ShutdownReport;
import dev.gracefulshutdown.ShutdownReport.RequestCounts;
import dev.gracefulshutdown.report.LastShutdownReport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LastShutdownMetrics}: the names, units and values a backend scrapes.
 */
class LastShutdownMetricsTests {

	private static final ShutdownReport REPORT = new ShutdownReport("id", ShutdownReason.REQUESTED, "POST", null,
			Instant.ofEpochMilli(1_795_000_000_250L), Duration.ofSeconds(25), Duration.ofNanos(1_234_567_891),
			ShutdownOutcome.COMPLETED, 0, List.of(), List.of(), List.of(), new RequestCounts(0, 0, 0, 0), List.of(),
			List.of());

	@Test
	void durationAndTimestampAreScrapedInSecondsAsGauges() {
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		new LastShutdownMetrics(LastShutdownReport.of(REPORT)).bindTo(registry);
		String tags = "{outcome=\"completed\",reason=\"requested\"}";
		assertThat(registry.scrape()).contains("# TYPE graceful_shutdown_last_duration_seconds gauge")
			.contains("graceful_shutdown_last_duration_seconds" + tags + " 1.234567891\n")
			.contains("# TYPE graceful_shutdown_last_timestamp_seconds gauge")
			.contains("graceful_shutdown_last_timestamp_seconds" + tags + " 1.79500000025E9\n")
			.contains("graceful_shutdown_last_exit_code" + tags + " 0.0\n")
			.contains("graceful_shutdown_last_timed_out" + tags + " 0.0\n");
	}

	@Test
	void aRegistryWithSecondsAsItsTimeUnitSeesTheSameValues() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		new LastShutdownMetrics(LastShutdownReport.of(REPORT)).bindTo(registry);
		assertThat(registry.get(ShutdownMetricNames.LAST_DURATION).gauge().value()).isEqualTo(1.234567891);
		assertThat(registry.get(ShutdownMetricNames.LAST_DURATION).gauge().getId().getBaseUnit()).isEqualTo("seconds");
		assertThat(registry.get(ShutdownMetricNames.LAST_TIMESTAMP).gauge().value()).isEqualTo(1_795_000_000.25);
		assertThat(registry.get(ShutdownMetricNames.LAST_TIMESTAMP).gauge().getId().getBaseUnit()).isEqualTo("seconds");
	}

}
