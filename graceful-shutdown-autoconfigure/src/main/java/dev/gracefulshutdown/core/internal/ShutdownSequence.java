package dev.gracefulshutdown.core.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.gracefulshutdown.DrainFinishedEvent;
import dev.gracefulshutdown.DrainStartedEvent;
import dev.gracefulshutdown.ShutdownOutcome;
import dev.gracefulshutdown.ShutdownReason;
import dev.gracefulshutdown.ShutdownReport;
import dev.gracefulshutdown.ShutdownReport.PhaseTiming;
import dev.gracefulshutdown.ShutdownRequest;
import dev.gracefulshutdown.ShutdownStage;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The stages of the shutdown, one method each, in the order they run: {@link #announce},
 * {@link #drain} and {@link #stop} on the thread that closes the context, from the
 * {@code ContextClosedEvent}, before any lifecycle phase stops; Spring's phases stop;
 * {@link #release} once they have, before beans are destroyed; {@link #finish} once the
 * last bean has been destroyed. The stage "finish" is not a {@link ShutdownStage}: the
 * summary line, the metrics and the hook stages list every constant of that enum, and
 * would change.
 * <p>
 * Longer than 300 lines because the five stages share their collaborators and their
 * order; splitting the stages apart would scatter the sequence the docs describe.
 */
final class ShutdownSequence {

	// The shutdown's lines keep the coordinator's category, which users set levels for.
	private static final Log logger = LogFactory.getLog(ShutdownCoordinator.class);

	private final Object eventSource;

	private final ConfigurableApplicationContext context;

	private final ShutdownSettings settings;

	private final ShutdownProgress progress;

	private final StageTimeline timeline;

	private final InFlightTracker inFlight;

	private final DefaultShutdownSignal signal;

	private final ShutdownHookRunner hooks;

	private final LifecycleStopRecorder lifecycleStops;

	private final LeaseRegistry leases;

	private final WorkerRegistry workers;

	private final ChildProcessReaper childProcesses;

	private final ShutdownReportPublisher reports;

	private final HangReportCollector hangReports;

	private final ShutdownTermination termination;

	private final List<Runnable> completionCallbacks = new CopyOnWriteArrayList<>();

	private final CompletableFuture<Integer> completion = new CompletableFuture<>();

	ShutdownSequence(Object eventSource, ConfigurableApplicationContext context, ShutdownSettings settings,
			ShutdownProgress progress, Parts parts, ShutdownTermination termination) {
		this.eventSource = eventSource;
		this.context = context;
		this.settings = settings;
		this.progress = progress;
		this.timeline = parts.timeline();
		this.inFlight = parts.inFlight();
		this.signal = parts.signal();
		this.hooks = parts.hooks();
		this.lifecycleStops = parts.lifecycleStops();
		this.leases = parts.leases();
		this.workers = parts.workers();
		this.childProcesses = parts.childProcesses();
		this.reports = parts.reports();
		this.hangReports = parts.hangReports();
		this.termination = termination;
	}

	/**
	 * Announce: readiness {@code REFUSING_TRAFFIC}, the {@link DrainStartedEvent}, the
	 * shutdown signal's callbacks.
	 */
	void announce() {
		this.progress.closingStarted(Thread.currentThread());
		this.timeline.enter(ShutdownStage.ANNOUNCE);
		// Before anyone hears of the shutdown: a request sent on the news already gets
		// "Connection: close" and counts as served during the drain.
		this.inFlight.startDrain();
		this.progress.draining();
		refuseTraffic();
		publish(new DrainStartedEvent(this.eventSource, id(), this.inFlight.inFlightAtDrainStart()));
		this.signal.runCallbacks();
	}

	/**
	 * Drain: keep serving while load balancers notice, until traffic stops or a limit
	 * ends it.
	 */
	void drain() {
		ShutdownProgress.Started started = this.progress.current();
		DrainSettings drain = this.settings.drain();
		// Entered before the line that says so: whoever reads it and acts at once (a
		// second signal, a hang report) finds the drain under way.
		this.timeline.enter(ShutdownStage.DRAIN);
		logger.info("Graceful shutdown started by " + started.request().describe()
				+ ": readiness is REFUSING_TRAFFIC, requests in flight: " + this.inFlight.inFlightAtDrainStart()
				+ "; draining for " + Durations.format(drain.minDelay()) + " to " + Durations.format(drain.maxDelay())
				+ " (quiet period " + Durations.format(drain.quietPeriod()) + "), deadline "
				+ Durations.format(started.deadline().budget()) + "; shutdown id " + started.id());
		DrainOutcome outcome = this.inFlight.awaitDrain(drain, started.deadline());
		this.progress.drained(outcome);
		publish(new DrainFinishedEvent(this.eventSource, started.id(), outcome.acceptedDuringDrain(),
				outcome.inFlightAtEnd(), outcome.cutShort()));
		if (outcome.cutShort() && outcome.inFlightAtEnd() > 0) {
			logger.warn("Drain ended at its limit with requests still in flight: " + outcome.inFlightAtEnd()
					+ "; the web server's graceful shutdown takes over");
		}
		else if (outcome.cutShort()) {
			logger.info("Drain ended at its limit: nothing was in flight, but requests kept arriving, so the quiet"
					+ " period (" + Durations.format(drain.quietPeriod()) + ") was never reached;"
					+ " load balancers may still be sending traffic");
		}
	}

	/**
	 * Stop: intake stops, the hooks of the stop stage run, workers and leases are
	 * awaited. Spring's lifecycle phases stop after this returns.
	 */
	void stop() {
		Deadline deadline = this.progress.current().deadline();
		// Intake has stopped: work that would start now must not.
		this.leases.stopIntake(id());
		this.timeline.enter(ShutdownStage.STOP);
		this.progress.stopping();
		this.hooks.runStage(ShutdownStage.STOP, deadline);
		awaitWorkersAndLeases(deadline);
		this.reports.drainEnded(inProgressReport());
	}

	/**
	 * Release: every lifecycle phase has stopped; the hooks of the release stage run, and
	 * bean destruction begins.
	 */
	void release() {
		this.lifecycleStops.finish();
		if (this.progress.started() == null) {
			return;
		}
		List<PhaseTiming> phases = this.lifecycleStops.timings();
		if (!phases.isEmpty() && logger.isInfoEnabled()) {
			logger.info(ShutdownSummary.phasesLine(phases));
		}
		this.timeline.enter(ShutdownStage.RELEASE);
		this.hooks.runStage(ShutdownStage.RELEASE, this.progress.current().deadline());
		this.reports.beforeRelease(inProgressReport());
	}

	/**
	 * Finish: the last bean has been destroyed. Stop the child processes, log the
	 * summary, run the completion callbacks and end the report, once.
	 */
	void finish() {
		if (this.progress.started() == null || !this.progress.complete()) {
			return;
		}
		this.hangReports.destroyed();
		ShutdownProgress.Started started = this.progress.current();
		boolean exiting = this.progress.exitRequest() != null;
		boolean jvmExiting = !exiting && this.termination.isJvmExiting();
		ChildProcessSettings children = this.settings.childProcesses();
		if (children.enabled() && (exiting || jvmExiting)) {
			this.childProcesses.stopChildren(min(children.timeout(), started.deadline().remaining()));
		}
		this.timeline.finish();
		this.progress.stopped();
		ShutdownRequest current = started.request();
		int exitCode = this.termination.exitCodeFor(this.progress.deciding());
		String ending = exiting ? "exit code " + exitCode : jvmExiting ? "the JVM is exiting" : "the JVM keeps running";
		boolean timedOut = this.termination.hasTimedOut();
		logger.info(
				ShutdownSummary.line(current, this.timeline, this.progress.drainOutcome(), started.deadline().elapsed(),
						ending) + (timedOut ? "; something overran its timeout (see the warnings above)" : "")
						+ "; shutdown id " + started.id());
		for (String message : current.finalMessages()) {
			if (current.reason() == ShutdownReason.ERROR) {
				logger.error(message);
			}
			else {
				logger.info(message);
			}
		}
		if (!exiting && !jvmExiting) {
			this.termination.standDown();
		}
		for (Runnable callback : this.completionCallbacks) {
			try {
				callback.run();
			}
			catch (RuntimeException ex) {
				logger.warn("Shutdown completion callback failed", ex);
			}
		}
		ShutdownOutcome outcome = this.termination.hasTimedOut() ? ShutdownOutcome.TIMED_OUT
				: ShutdownOutcome.COMPLETED;
		if (this.progress.endReport(outcome)) {
			// When the JVM started the exit (a signal the starter does not handle,
			// System.exit), its status is not the starter's to choose, nor to know.
			this.reports.shutdownEnded(this.reports.assemble(outcome, exiting ? exitCode : null,
					this.progress.stragglers(), this.childProcesses.outcomes()), true);
		}
		this.completion.complete(exitCode);
	}

	/**
	 * A bean is about to be destroyed: remembered for the hang report.
	 * @param beanName the bean's name
	 * @param type its class
	 */
	void destroying(String beanName, Class<?> type) {
		if (this.progress.started() != null) {
			this.hangReports.destroying(beanName, type);
		}
	}

	/**
	 * A lifecycle phase timed out with beans still running: Spring goes on with the next
	 * phase, as it always has; the stacks are logged and the process will exit with the
	 * timeout exit code.
	 * @param phase the phase
	 * @param timeout its timeout
	 * @param stillRunning the beans still running, named in the hang report too
	 */
	void phaseTimedOut(int phase, Duration timeout, List<String> stillRunning) {
		this.progress.timedOut();
		if (this.progress.started() == null) {
			return;
		}
		logger.warn(this.hangReports.build("Hang report for shutdown phase " + PhaseNames.describe(phase) + " (timeout "
				+ Durations.format(timeout) + ")"));
	}

	/**
	 * A bean's {@code stop()} has blocked the closing thread past its phase's timeout:
	 * nothing can move the sequence on, so the process halts now rather than at the
	 * deadline.
	 * @param overrun what overran
	 */
	void blockingOverrun(LifecycleStopRecorder.Overrun overrun) {
		this.progress.timedOut();
		this.termination.end(ShutdownOutcome.TIMED_OUT,
				"Shutdown phase " + PhaseNames.describe(overrun.phase()) + " overran its timeout of "
						+ Durations.format(overrun.timeout()) + ": stop() of bean '" + overrun.beanName() + "' ("
						+ overrun.beanType().getName() + ") has not returned, and nothing can go on while it blocks");
	}

	@Nullable ShutdownStage currentStage() {
		return this.timeline.current();
	}

	void onCompletion(Runnable callback) {
		this.completionCallbacks.add(callback);
	}

	boolean awaitCompletion(Duration timeout) throws InterruptedException {
		try {
			this.completion.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
			return true;
		}
		catch (TimeoutException ex) {
			return false;
		}
		catch (ExecutionException ex) {
			// Never completed exceptionally; completion is what was asked about.
			return true;
		}
	}

	CompletableFuture<Integer> completion() {
		return this.completion;
	}

	private void awaitWorkersAndLeases(Deadline deadline) {
		WorkSettings work = this.settings.work();
		List<String> liveWorkers = this.workers.joinAll(work.workersWait(deadline.remaining()));
		if (!liveWorkers.isEmpty()) {
			this.progress.abandoned(liveWorkers);
		}
		int open = this.leases.openCount();
		if (open == 0) {
			return;
		}
		Duration wait = work.leasesWait(deadline.remaining());
		logger.info("Waiting up to " + Durations.format(wait) + " for " + open + " open lease" + ((open > 1) ? "s" : "")
				+ ": " + String.join(", ", this.leases.describeOpen()));
		if (!this.leases.awaitAll(wait)) {
			List<String> stillOpen = this.leases.describeOpen();
			logger.warn("Leases still open after " + Durations.format(wait) + ", going on without them: "
					+ String.join(", ", stillOpen));
			this.progress.abandoned(stillOpen);
		}
	}

	private void refuseTraffic() {
		// A servlet or reactive web server context has already done this; a plain context
		// has not, and its probes need it too.
		ApplicationAvailability availability = this.context.getBeanProvider(ApplicationAvailability.class)
			.getIfAvailable();
		if (availability == null || availability.getReadinessState() != ReadinessState.REFUSING_TRAFFIC) {
			AvailabilityChangeEvent.publish(this.context, ReadinessState.REFUSING_TRAFFIC);
		}
	}

	private ShutdownReport inProgressReport() {
		return this.reports.assemble(ShutdownOutcome.IN_PROGRESS,
				this.termination.exitCodeFor(this.progress.deciding()), this.progress.stragglers(),
				ChildProcessReaper.running());
	}

	private String id() {
		return this.progress.current().id();
	}

	void publish(ApplicationEvent event) {
		try {
			this.context.publishEvent(event);
		}
		catch (RuntimeException | Error ex) {
			// A failing listener must not stop the shutdown.
			logger.warn("Listener of " + event.getClass().getSimpleName() + " failed", ex);
		}
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	/**
	 * The parts the sequence drives.
	 *
	 * @param timeline the record of the stages
	 * @param inFlight the tracker of requests in flight
	 * @param signal the signal that wakes worker loops
	 * @param hooks the runner of the application's shutdown hooks
	 * @param lifecycleStops the record of the lifecycle phases
	 * @param leases the open leases
	 * @param workers the registered workers
	 * @param childProcesses the child processes
	 * @param reports the report and its listeners
	 * @param hangReports the hang report
	 */
	record Parts(StageTimeline timeline, InFlightTracker inFlight, DefaultShutdownSignal signal,
			ShutdownHookRunner hooks, LifecycleStopRecorder lifecycleStops, LeaseRegistry leases,
			WorkerRegistry workers, ChildProcessReaper childProcesses, ShutdownReportPublisher reports,
			HangReportCollector hangReports) {

	}

}
