package dev.gracefulshutdown.metrics;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import dev.gracefulshutdown.ShutdownReason;
import dev.gracefulshutdown.ShutdownReport;
import dev.gracefulshutdown.ShutdownReport.PhaseTiming;
import dev.gracefulshutdown.ShutdownReport.StageTiming;
import dev.gracefulshutdown.ShutdownReportListener;
import dev.gracefulshutdown.ShutdownRequestedEvent;
import dev.gracefulshutdown.ShutdownStage;
import dev.gracefulshutdown.ShutdownState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationListener;
import org.springframework.util.Assert;

/**
 * The shutdown's meters (see {@link ShutdownMetricNames} and {@code docs/metrics.md}).
 * <p>
 * Two gauges are live: the work in flight, read from the in-flight counter the request
 * path already keeps (nothing is added to the request path), and the state. Everything
 * else is recorded once per shutdown, from the report, as early as it is known: the
 * shutdown's start when it is requested, the announce and drain stages and the requests
 * of the drain when the drain ends, which is before Spring Boot closes its meter
 * registries, so push registries publish them; the stop stage and the phases before
 * release; the rest, the total, halts and stragglers, when the shutdown ends. What is
 * recorded after a registry was closed only reaches registries that are still open: the
 * report, written to a file and shown by the next instance, carries it across.
 * <p>
 * The counters and the stage timers are registered at zero when the binder is bound, so
 * that rates work from the first shutdown on.
 */
public final class GracefulShutdownMetrics
		implements MeterBinder, ShutdownReportListener, ApplicationListener<ShutdownRequestedEvent> {

	private final LongSupplier inFlight;

	private final Supplier<ShutdownState> state;

	private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

	private final AtomicLong stragglers = new AtomicLong();

	private @Nullable String recordingFor;

	private final Set<ShutdownStage> stagesRecorded = EnumSet.noneOf(ShutdownStage.class);

	private final Set<Integer> phasesRecorded = new java.util.HashSet<>();

	private boolean drainRecorded;

	/**
	 * Create a new binder.
	 * @param inFlight the work in flight now
	 * @param state the state now
	 */
	public GracefulShutdownMetrics(LongSupplier inFlight, Supplier<ShutdownState> state) {
		Assert.notNull(inFlight, "'inFlight' must not be null");
		Assert.notNull(state, "'state' must not be null");
		this.inFlight = inFlight;
		this.state = state;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder(ShutdownMetricNames.REQUESTS_IN_FLIGHT, this.inFlight, LongSupplier::getAsLong)
			.description("Requests and other tracked work in flight")
			.strongReference(true)
			.register(registry);
		for (ShutdownState each : ShutdownState.values()) {
			Gauge.builder(ShutdownMetricNames.STATE, this.state, (current) -> (current.get() == each) ? 1 : 0)
				.description("1 for the state the application is in, 0 for the others")
				.tag("state", ShutdownMetricNames.state(each))
				.strongReference(true)
				.register(registry);
		}
		Gauge.builder(ShutdownMetricNames.STRAGGLERS, this.stragglers, AtomicLong::get)
			.description("Beans, hooks, requests and threads still running when the last shutdown ended")
			.strongReference(true)
			.register(registry);
		for (ShutdownReason reason : ShutdownReason.values()) {
			started(registry, reason);
		}
		for (ShutdownStage stage : ShutdownStage.values()) {
			stageTimer(registry, stage);
		}
		for (String cause : ShutdownMetricNames.HALT_CAUSES) {
			halts(registry, cause);
		}
		drained(registry);
		this.registries.add(registry);
	}

	@Override
	public void onApplicationEvent(ShutdownRequestedEvent event) {
		for (MeterRegistry registry : this.registries) {
			started(registry, event.getRequest().reason()).increment();
		}
	}

	@Override
	public synchronized void drainEnded(ShutdownReport report) {
		startRecording(report);
		recordStages(report);
		recordDrain(report);
	}

	@Override
	public synchronized void beforeRelease(ShutdownReport report) {
		startRecording(report);
		recordStages(report);
		recordDrain(report);
		recordPhases(report);
	}

	@Override
	public synchronized void shutdownEnded(ShutdownReport report) {
		startRecording(report);
		recordStages(report);
		recordDrain(report);
		recordPhases(report);
		this.stragglers.set(report.stragglers().size());
		String haltCause = ShutdownMetricNames.haltCause(report);
		for (MeterRegistry registry : this.registries) {
			Timer.builder(ShutdownMetricNames.DURATION)
				.description("Time from the first shutdown trigger to the end of the shutdown")
				.tags(Tags.of("reason", ShutdownMetricNames.reason(report.reason()), "outcome",
						ShutdownMetricNames.outcome(report.outcome())))
				.register(registry)
				.record(report.duration());
			if (haltCause != null) {
				halts(registry, haltCause).increment();
			}
		}
	}

	private void startRecording(ShutdownReport report) {
		if (!report.id().equals(this.recordingFor)) {
			this.recordingFor = report.id();
			this.stagesRecorded.clear();
			this.phasesRecorded.clear();
			this.drainRecorded = false;
		}
	}

	private void recordStages(ShutdownReport report) {
		for (StageTiming stage : report.stages()) {
			Duration duration = stage.duration();
			if (duration != null && this.stagesRecorded.add(stage.stage())) {
				for (MeterRegistry registry : this.registries) {
					stageTimer(registry, stage.stage()).record(duration);
				}
			}
		}
	}

	private void recordDrain(ShutdownReport report) {
		boolean drainOver = report.stages()
			.stream()
			.anyMatch((stage) -> stage.stage() == ShutdownStage.DRAIN && stage.duration() != null);
		if (drainOver && !this.drainRecorded) {
			this.drainRecorded = true;
			for (MeterRegistry registry : this.registries) {
				drained(registry).increment(report.requests().servedDuringDrain());
			}
		}
	}

	private void recordPhases(ShutdownReport report) {
		for (PhaseTiming phase : report.phases()) {
			Duration duration = phase.duration();
			if (duration != null && this.phasesRecorded.add(phase.phase())) {
				for (MeterRegistry registry : this.registries) {
					Timer.builder(ShutdownMetricNames.PHASE_DURATION)
						.description("Time a lifecycle phase took to stop")
						.tags(Tags.of("phase", ShutdownMetricNames.phase(phase), "outcome",
								phase.timedOut() ? "timed-out" : "completed"))
						.register(registry)
						.record(duration);
				}
			}
		}
	}

	private static Counter started(MeterRegistry registry, ShutdownReason reason) {
		return Counter.builder(ShutdownMetricNames.STARTED)
			.description("Shutdowns started")
			.tag("reason", ShutdownMetricNames.reason(reason))
			.register(registry);
	}

	private static Timer stageTimer(MeterRegistry registry, ShutdownStage stage) {
		return Timer.builder(ShutdownMetricNames.STAGE_DURATION)
			.description("Time spent in a stage of the shutdown")
			.tag("stage", ShutdownMetricNames.stage(stage))
			.register(registry);
	}

	private static Counter halts(MeterRegistry registry, String cause) {
		return Counter.builder(ShutdownMetricNames.HALTS)
			.description("Shutdowns that ended with the JVM halted rather than exiting")
			.tag("cause", cause)
			.register(registry);
	}

	private static Counter drained(MeterRegistry registry) {
		return Counter.builder(ShutdownMetricNames.REQUESTS_DRAINED)
			.description("Requests served during the drain")
			.register(registry);
	}

}
