package dev.gracefulshutdown.core.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.gracefulshutdown.ShutdownOutcome;
import dev.gracefulshutdown.ShutdownReport;
import dev.gracefulshutdown.ShutdownReport.ChildProcess;
import dev.gracefulshutdown.ShutdownStage;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Collects what holds the shutdown up (the phase and beans still stopping, the hook, the
 * bean being destroyed, requests, leases and workers, the JVM's own exit) into a
 * {@link HangReport}, logs it, and ends the report with it: the report of a hang, or the
 * revision of the report of a sequence that completed but whose JVM exit did not.
 */
final class HangReportCollector {

	// The shutdown's lines keep the coordinator's category, which users set levels for.
	private static final Log logger = LogFactory.getLog(ShutdownCoordinator.class);

	private final ShutdownProgress progress;

	private final StageTimeline timeline;

	private final LifecycleStopRecorder lifecycleStops;

	private final ShutdownHookRunner hooks;

	private final InFlightTracker inFlight;

	private final LeaseRegistry leases;

	private final WorkerRegistry workers;

	private final ChildProcessReaper childProcesses;

	private final ShutdownReportPublisher reports;

	private volatile @Nullable String destroyingBean;

	private volatile long destroyingSinceNanos;

	HangReportCollector(ShutdownProgress progress, StageTimeline timeline, LifecycleStopRecorder lifecycleStops,
			ShutdownHookRunner hooks, InFlightTracker inFlight, LeaseRegistry leases, WorkerRegistry workers,
			ChildProcessReaper childProcesses, ShutdownReportPublisher reports) {
		this.progress = progress;
		this.timeline = timeline;
		this.lifecycleStops = lifecycleStops;
		this.hooks = hooks;
		this.inFlight = inFlight;
		this.leases = leases;
		this.workers = workers;
		this.childProcesses = childProcesses;
		this.reports = reports;
	}

	/**
	 * A bean is about to be destroyed: remembered for the hang report.
	 * @param beanName the bean's name
	 * @param type its class
	 */
	void destroying(String beanName, Class<?> type) {
		this.destroyingSinceNanos = System.nanoTime();
		this.destroyingBean = "bean '" + beanName + "' (" + type.getName() + ") being destroyed";
	}

	/**
	 * Every bean has been destroyed.
	 */
	void destroyed() {
		this.destroyingBean = null;
	}

	/**
	 * Build the hang report of where the sequence stands now.
	 * @param headline the first line
	 * @return the report
	 */
	String build(String headline) {
		return HangReport.build(headline, snapshot(), this.progress.closingThread());
	}

	/**
	 * Log the hang report and end the shutdown's report with it.
	 * @param outcome how the shutdown ended
	 * @param headline the first line of the hang report
	 * @param halt whether the JVM halts next
	 * @param status the status it halts with
	 */
	void report(ShutdownOutcome outcome, String headline, boolean halt, int status) {
		HangReport.Snapshot snapshot = snapshot();
		List<ChildProcess> killed = halt ? this.childProcesses.killAll() : List.of();
		List<ChildProcess> children = new ArrayList<>(snapshot.childProcesses());
		children.addAll(killed);
		HangReport.Snapshot reported = new HangReport.Snapshot(snapshot.stage(), snapshot.phase(), snapshot.inFlight(),
				snapshot.stillRunning(), snapshot.types(), snapshot.threads(), children, snapshot.completed());
		logger
			.error(HangReport.build(
					headline + (halt ? "; halting the JVM with exit code " + status
							: "; the JVM is not exiting, so it is left running"),
					reported, this.progress.closingThread()));
		if (this.progress.endReport(outcome)) {
			this.reports.shutdownEnded(
					this.reports.assemble(outcome, halt ? status : null, snapshot.stillRunning(), children), false);
			return;
		}
		ShutdownReport ended = this.reports.ended();
		if (halt && ended != null) {
			// The sequence had completed and said how the process would end; the JVM's
			// exit that followed did not end in time, so the halt decides instead.
			this.progress.revise(outcome);
			this.reports.shutdownRevised(revise(ended, outcome, status, snapshot, killed));
		}
	}

	private ShutdownReport revise(ShutdownReport ended, ShutdownOutcome outcome, int status,
			HangReport.Snapshot snapshot, List<ChildProcess> killed) {
		List<ChildProcess> children = new ArrayList<>(ended.childProcesses());
		children.addAll(killed);
		return new ShutdownReport(ended.id(), ended.reason(), ended.origin(), ended.detail(), ended.requestedAt(),
				ended.deadline(), this.progress.current().deadline().elapsed(), outcome, status, ended.stages(),
				ended.phases(), ended.hooks(), ended.requests(), snapshot.stillRunning(), children);
	}

	/**
	 * Return where the sequence stands, and what holds it up.
	 * @return the snapshot
	 */
	HangReport.Snapshot snapshot() {
		List<String> stillRunning = new ArrayList<>(this.lifecycleStops.stillRunning());
		String hook = this.hooks.describeRunning();
		if (hook != null) {
			stillRunning.add(hook);
		}
		String destroying = this.destroyingBean;
		if (destroying != null && this.timeline.current() == ShutdownStage.RELEASE) {
			stillRunning.add(destroying + " for "
					+ Durations.format(Duration.ofNanos(System.nanoTime() - this.destroyingSinceNanos)));
		}
		if (this.timeline.current() == ShutdownStage.DRAIN && this.inFlight.inFlight() > 0) {
			stillRunning.add(this.inFlight.inFlight() + " requests in flight");
		}
		List<String> openNow = new ArrayList<>(this.leases.describeOpen());
		openNow.addAll(this.workers.describeLive());
		stillRunning.addAll(openNow);
		for (String straggler : this.progress.stragglers()) {
			// A lease or worker that outlived its own wait is a straggler, and if it is
			// still open now it is named once, as it is now.
			if (openNow.stream().noneMatch((open) -> straggler.startsWith(subjectOf(open)))) {
				stillRunning.add(straggler);
			}
		}
		List<Thread> threads = new ArrayList<>(this.workers.liveThreads());
		Thread hookThread = this.hooks.runningThread();
		if (hookThread != null) {
			threads.add(hookThread);
		}
		boolean completed = this.progress.hasStopped();
		if (completed) {
			stillRunning
				.add("the JVM's exit: its shutdown hooks (the application's own, other libraries') still" + " running "
						+ Durations.format(Duration.ofNanos(System.nanoTime() - this.progress.completedNanos()))
						+ " after the shutdown sequence completed");
		}
		return new HangReport.Snapshot(this.timeline.current(), this.lifecycleStops.currentPhase(),
				this.inFlight.inFlight(), stillRunning, this.lifecycleStops.stillRunningTypes(), threads,
				ChildProcessReaper.running(), completed);
	}

	private static String subjectOf(String description) {
		int since = description.indexOf(" open for ");
		return (since < 0) ? description : description.substring(0, since);
	}

}
