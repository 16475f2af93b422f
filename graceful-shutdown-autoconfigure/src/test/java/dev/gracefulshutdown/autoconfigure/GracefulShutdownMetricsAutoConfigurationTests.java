package dev.gracefulshutdown.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.gracefulshutdown.DrainStartedEvent;
import dev.gracefulshutdown.ShutdownOutcome;
import dev.gracefulshutdown.ShutdownReason;
import dev.gracefulshutdown.ShutdownReport;
import dev.gracefulshutdown.ShutdownReport.RequestCounts;
import dev.gracefulshutdown.ShutdownReport.StageTiming;
import dev.gracefulshutdown.ShutdownStage;
import dev.gracefulshutdown.core.internal.InFlightTracker;
import dev.gracefulshutdown.core.internal.OpenStreams;
import dev.gracefulshutdown.core.internal.ShutdownCoordinator;
import dev.gracefulshutdown.metrics.GracefulShutdownMetrics;
import dev.gracefulshutdown.metrics.LastShutdownMetrics;
import dev.gracefulshutdown.report.ShutdownReportFile;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.core.instrument.step.StepMeterRegistry;
import io.micrometer.core.instrument.step.StepRegistryConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link GracefulShutdownMetricsAutoConfiguration}.
 */
class GracefulShutdownMetricsAutoConfigurationTests {

	private static final Duration UPPER_BOUND = Duration.ofSeconds(30);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				GracefulShutdownAutoConfiguration.class, GracefulShutdownMetricsAutoConfiguration.class))
		.withPropertyValues("graceful-shutdown.signals.enabled=false");

	@TempDir
	Path directory;

	@Test
	void metersAreRegisteredWithTheDocumentedNamesAndTagsBeforeAnyShutdown() {
		this.contextRunner.withBean(SimpleMeterRegistry.class).run((context) -> {
			assertThat(context).hasSingleBean(GracefulShutdownMetrics.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("graceful.shutdown.requests.in.flight").gauge().value()).isZero();
			assertThat(registry.get("graceful.shutdown.state").tag("state", "running").gauge().value()).isOne();
			for (String state : List.of("draining", "stopping", "stopped")) {
				assertThat(registry.get("graceful.shutdown.state").tag("state", state).gauge().value()).isZero();
			}
			assertThat(tagValues(registry, "graceful.shutdown.started", "reason")).containsExactlyInAnyOrder("signal",
					"requested", "error", "jvm-exit", "context-closed");
			assertThat(tagValues(registry, "graceful.shutdown.stage.duration", "stage"))
				.containsExactlyInAnyOrder("announce", "drain", "stop", "release");
			assertThat(tagValues(registry, "graceful.shutdown.halts", "cause")).containsExactlyInAnyOrder("deadline",
					"phase-timeout", "escalation");
			assertThat(registry.get("graceful.shutdown.requests.drained").counter().count()).isZero();
			assertThat(registry.get("graceful.shutdown.stragglers").gauge().value()).isZero();
			assertThat(registry.find("graceful.shutdown.last.duration").meters()).isEmpty();
		});
	}

	@Test
	void theInFlightGaugeReadsTheTrackerTheRequestPathAlreadyKeeps() {
		this.contextRunner.withBean(SimpleMeterRegistry.class).run((context) -> {
			InFlightTracker tracker = context.getBean(InFlightTracker.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			tracker.started();
			tracker.started();
			assertThat(registry.get("graceful.shutdown.requests.in.flight").gauge().value()).isEqualTo(2);
			tracker.finished();
			assertThat(registry.get("graceful.shutdown.requests.in.flight").gauge().value()).isOne();
			tracker.finished();
		});
	}

	@Test
	void theStreamsEndedCounterCountsByKind() {
		this.contextRunner.withBean(SimpleMeterRegistry.class).run((context) -> {
			OpenStreams streams = context.getBean(OpenStreams.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(tagValues(registry, "graceful.shutdown.streams.ended", "kind")).containsExactlyInAnyOrder("sse",
					"websocket");
			streams.register(OpenStreams.SSE, () -> {
			});
			streams.register(OpenStreams.SSE, () -> {
			});
			streams.endAll(Duration.ofSeconds(10));
			assertThat(registry.get("graceful.shutdown.streams.ended").tag("kind", "sse").functionCounter().count())
				.isEqualTo(2);
			assertThat(
					registry.get("graceful.shutdown.streams.ended").tag("kind", "websocket").functionCounter().count())
				.isZero();
		});
	}

	@Test
	void afterAShutdownAnOpenRegistryHoldsEveryShutdownMeter() {
		SimpleMeterRegistry open = new SimpleMeterRegistry();
		this.contextRunner.withUserConfiguration(ServedDuringDrainConfiguration.class, LifecycleConfiguration.class)
			.run((context) -> {
				// Not a bean: Spring Boot does not close it with the context.
				context.getBean(GracefulShutdownMetrics.class).bindTo(open);
				ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
				context.close();
				assertThat(coordinator.awaitCompletion(UPPER_BOUND)).isTrue();
			});
		assertThat(open.get("graceful.shutdown.started").tag("reason", "context-closed").counter().count()).isOne();
		assertThat(open.get("graceful.shutdown.started").tag("reason", "signal").counter().count()).isZero();
		for (String stage : List.of("announce", "drain", "stop", "release")) {
			assertThat(open.get("graceful.shutdown.stage.duration").tag("stage", stage).timer().count()).as(stage)
				.isOne();
		}
		assertThat(open.get("graceful.shutdown.requests.drained").counter().count()).isOne();
		assertThat(open.get("graceful.shutdown.duration")
			.tag("reason", "context-closed")
			.tag("outcome", "completed")
			.timer()
			.count()).isOne();
		assertThat(open.get("graceful.shutdown.phase.duration").tag("outcome", "completed").timers()).isNotEmpty();
		assertThat(tagValues(open, "graceful.shutdown.phase.duration", "phase")).contains("100");
		assertThat(open.get("graceful.shutdown.stragglers").gauge().value()).isZero();
		assertThat(open.get("graceful.shutdown.halts").counters())
			.allSatisfy((halts) -> assertThat(halts.count()).isZero());
		assertThat(open.get("graceful.shutdown.state").tag("state", "stopped").gauge().value()).isOne();
	}

	@Test
	void aPushRegistryPublishesTheShutdownMetersWhenSpringBootClosesIt() {
		this.contextRunner.withUserConfiguration(ServedDuringDrainConfiguration.class, PushRegistryConfiguration.class)
			.run((context) -> {
				RecordingPushRegistry registry = context.getBean(RecordingPushRegistry.class);
				ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
				context.close();
				assertThat(coordinator.awaitCompletion(UPPER_BOUND)).isTrue();
				assertThat(registry.isClosed()).isTrue();
				assertThat(registry.publications).as("publications").hasSize(1);
				Map<String, Double> published = registry.publications.get(0);
				assertThat(published).containsEntry("graceful.shutdown.started{reason=context-closed} COUNT", 1.0)
					.containsEntry("graceful.shutdown.started{reason=signal} COUNT", 0.0)
					.containsEntry("graceful.shutdown.requests.drained{} COUNT", 1.0)
					.containsEntry("graceful.shutdown.stage.duration{stage=announce} COUNT", 1.0)
					.containsEntry("graceful.shutdown.stage.duration{stage=drain} COUNT", 1.0)
					.containsEntry("graceful.shutdown.state{state=stopping} VALUE", 1.0)
					.containsKey("graceful.shutdown.requests.in.flight{} VALUE");
				// Spring Boot closes its registries on the ContextClosedEvent, right
				// after
				// the drain: what happens later cannot reach a push registry (the report
				// file carries it to the next instance).
				assertThat(published).containsEntry("graceful.shutdown.stage.duration{stage=stop} COUNT", 0.0)
					.doesNotContainKey("graceful.shutdown.duration{outcome=completed,reason=context-closed} COUNT");
			});
	}

	@Test
	void withoutMicrometerNothingIsConfiguredAndTheShutdownRuns() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer")).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(GracefulShutdownMetrics.class);
			assertThat(context).doesNotHaveBean(LastShutdownMetrics.class);
			ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
			context.close();
			assertThat(coordinator.awaitCompletion(UPPER_BOUND)).isTrue();
			assertThat(coordinator.outcome()).isEqualTo(ShutdownOutcome.COMPLETED);
		});
	}

	@Test
	void whenMetricsAreDisabledThenAutoConfigurationBacksOff() {
		this.contextRunner.withBean(SimpleMeterRegistry.class)
			.withPropertyValues("graceful-shutdown.metrics.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(GracefulShutdownMetrics.class);
				assertThat(context.getBean(MeterRegistry.class).find("graceful.shutdown.started").meters()).isEmpty();
			});
	}

	@Test
	void whenUserDefinesTheMetricsThenAutoConfigurationBacksOff() {
		GracefulShutdownMetrics own = new GracefulShutdownMetrics(() -> 42,
				() -> dev.gracefulshutdown.ShutdownState.RUNNING);
		this.contextRunner.withBean(SimpleMeterRegistry.class)
			.withBean(GracefulShutdownMetrics.class, () -> own)
			.run((context) -> assertThat(context).getBean(GracefulShutdownMetrics.class).isSameAs(own));
	}

	@Test
	void theLastReportInTheFileIsPublishedAsGauges() throws Exception {
		Path file = this.directory.resolve("report.json");
		new ShutdownReportFile(file).write(haltedReport());
		this.contextRunner.withBean(SimpleMeterRegistry.class)
			.withPropertyValues("graceful-shutdown.report.file=" + file)
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("graceful.shutdown.last.duration")
					.tag("reason", "signal")
					.tag("outcome", "deadline-exceeded")
					.gauge()
					.value()).isEqualTo(25.5);
				assertThat(registry.get("graceful.shutdown.last.duration").gauge().getId().getBaseUnit())
					.isEqualTo("seconds");
				assertThat(registry.get("graceful.shutdown.last.timed.out").gauge().value()).isOne();
				assertThat(registry.get("graceful.shutdown.last.exit.code").gauge().value()).isEqualTo(124);
				assertThat(registry.get("graceful.shutdown.last.timestamp").gauge().value())
					.isEqualTo(1_795_000_000.25);
			});
	}

	@Test
	void theLastReportIsScrapedInPrometheusFormat() throws Exception {
		Path file = this.directory.resolve("report.json");
		new ShutdownReportFile(file).write(haltedReport());
		this.contextRunner
			.withBean(PrometheusMeterRegistry.class, () -> new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
			.withPropertyValues("graceful-shutdown.report.file=" + file)
			.run((context) -> {
				String scrape = context.getBean(PrometheusMeterRegistry.class).scrape();
				assertThat(scrape)
					.contains("graceful_shutdown_last_timed_out{outcome=\"deadline-exceeded\",reason=\"signal\"} 1.0")
					.contains(
							"graceful_shutdown_last_duration_seconds{outcome=\"deadline-exceeded\",reason=\"signal\"} 25.5")
					.contains("graceful_shutdown_last_timestamp_seconds{")
					.contains("graceful_shutdown_started_total{reason=\"signal\"} 0.0")
					.contains("graceful_shutdown_requests_in_flight 0.0")
					.contains("graceful_shutdown_stage_duration_seconds_count{stage=\"drain\"} 0");
			});
	}

	@Test
	void aCorruptReportFileLeavesNoLastGaugesAndStartupGoesOn() throws Exception {
		Path file = this.directory.resolve("report.json");
		java.nio.file.Files.writeString(file, "{\"format\":1,\"id\":");
		this.contextRunner.withBean(SimpleMeterRegistry.class)
			.withPropertyValues("graceful-shutdown.report.file=" + file)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(MeterRegistry.class).find("graceful.shutdown.last.duration").meters())
					.isEmpty();
			});
	}

	static ShutdownReport haltedReport() {
		return new ShutdownReport("5b0c7c43-9f59-4a3a-8d7e-0b6a1f1e2d3c", ShutdownReason.SIGNAL, "SIGTERM", null,
				Instant.ofEpochMilli(1_795_000_000_250L), Duration.ofSeconds(25), Duration.ofMillis(25_500),
				ShutdownOutcome.DEADLINE_EXCEEDED, 124,
				List.of(new StageTiming(ShutdownStage.ANNOUNCE, Duration.ZERO, Duration.ofMillis(12)),
						new StageTiming(ShutdownStage.DRAIN, Duration.ofMillis(12), Duration.ofMillis(15_000)),
						new StageTiming(ShutdownStage.STOP, Duration.ofMillis(15_012), null)),
				List.of(), List.of(), new RequestCounts(3, 5, 40, 1), List.of("bean 'stuck' still stopping"),
				List.of());
	}

	private static List<String> tagValues(MeterRegistry registry, String name, String tag) {
		List<String> values = new ArrayList<>();
		for (Meter meter : registry.find(name).meters()) {
			values.add(meter.getId().getTag(tag));
		}
		return values;
	}

	@Configuration(proxyBeanMethods = false)
	static class ServedDuringDrainConfiguration {

		/**
		 * One request served during the drain: it arrives on the news of the drain.
		 */
		@Bean
		ApplicationListener<DrainStartedEvent> requestDuringDrain(InFlightTracker tracker) {
			return (event) -> {
				tracker.started();
				tracker.finished();
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class LifecycleConfiguration {

		@Bean
		SmartLifecycle phase100Lifecycle() {
			return new SmartLifecycle() {

				private volatile boolean running;

				@Override
				public void start() {
					this.running = true;
				}

				@Override
				public void stop() {
					this.running = false;
				}

				@Override
				public boolean isRunning() {
					return this.running;
				}

				@Override
				public int getPhase() {
					return 100;
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PushRegistryConfiguration {

		@Bean
		RecordingPushRegistry recordingPushRegistry() {
			return new RecordingPushRegistry();
		}

	}

	/**
	 * A push registry that records what it publishes instead of sending it; it publishes
	 * only when closed (its step is far longer than a test).
	 */
	static final class RecordingPushRegistry extends StepMeterRegistry {

		final List<Map<String, Double>> publications = new ArrayList<>();

		RecordingPushRegistry() {
			super(new StepRegistryConfig() {

				@Override
				public String prefix() {
					return "recording";
				}

				@Override
				public Duration step() {
					return Duration.ofHours(1);
				}

				@Override
				public String get(String key) {
					return null;
				}

			}, Clock.SYSTEM);
		}

		@Override
		protected void publish() {
			Map<String, Double> published = new ConcurrentHashMap<>();
			for (Meter meter : getMeters()) {
				StringBuilder id = new StringBuilder(meter.getId().getName()).append('{');
				List<String> tags = new ArrayList<>();
				for (Tag tag : meter.getId().getTagsAsIterable()) {
					tags.add(tag.getKey() + "=" + tag.getValue());
				}
				id.append(String.join(",", tags)).append('}');
				for (Measurement measurement : meter.measure()) {
					published.put(id + " " + measurement.getStatistic(), measurement.getValue());
				}
			}
			this.publications.add(published);
		}

		@Override
		protected TimeUnit getBaseTimeUnit() {
			return TimeUnit.SECONDS;
		}

	}

}
