package dev.gracefulshutdown.metrics;

import java.util.concurrent.TimeUnit;

import dev.gracefulshutdown.ShutdownOutcome;
import dev.gracefulshutdown.ShutdownReport;
import dev.gracefulshutdown.report.LastShutdownReport;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.util.Assert;

/**
 * The report of the previous instance's shutdown, read back from the report file, as
 * gauges: a scraping backend could not scrape the previous instance while it shut down,
 * but it sees how it ended from the next one. Nothing is registered when there is no
 * report.
 */
public final class LastShutdownMetrics implements MeterBinder {

	private final LastShutdownReport lastShutdown;

	/**
	 * Create a new binder.
	 * @param lastShutdown the report of the previous shutdown
	 */
	public LastShutdownMetrics(LastShutdownReport lastShutdown) {
		Assert.notNull(lastShutdown, "'lastShutdown' must not be null");
		this.lastShutdown = lastShutdown;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.lastShutdown.report().ifPresent((report) -> bindTo(registry, report));
	}

	private static void bindTo(MeterRegistry registry, ShutdownReport report) {
		Tags tags = Tags.of("reason", ShutdownMetricNames.reason(report.reason()), "outcome",
				ShutdownMetricNames.outcome(report.outcome()));
		long nanos = report.duration().toNanos();
		TimeGauge.builder(ShutdownMetricNames.LAST_DURATION, () -> nanos, TimeUnit.NANOSECONDS)
			.description("How long the previous instance's shutdown took")
			.tags(tags)
			.register(registry);
		int timedOut = (report.outcome() != ShutdownOutcome.COMPLETED) ? 1 : 0;
		Gauge.builder(ShutdownMetricNames.LAST_TIMED_OUT, () -> timedOut)
			.description("1 if the previous instance's shutdown overran a timeout or its deadline, or escalated")
			.tags(tags)
			.register(registry);
		long requestedAt = report.requestedAt().toEpochMilli();
		TimeGauge.builder(ShutdownMetricNames.LAST_TIMESTAMP, () -> requestedAt, TimeUnit.MILLISECONDS)
			.description("When the previous instance's shutdown was requested, since the epoch")
			.tags(tags)
			.register(registry);
		Integer exitCode = report.exitCode();
		if (exitCode != null) {
			Gauge.builder(ShutdownMetricNames.LAST_EXIT_CODE, () -> exitCode)
				.description("The exit status the previous instance ended with")
				.tags(tags)
				.register(registry);
		}
	}

}
