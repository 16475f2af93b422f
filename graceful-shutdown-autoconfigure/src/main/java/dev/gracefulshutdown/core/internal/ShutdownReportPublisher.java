package dev.gracefulshutdown.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import dev.gracefulshutdown.ShutdownOutcome;
import dev.gracefulshutdown.ShutdownReport;
import dev.gracefulshutdown.ShutdownReport.ChildProcess;
import dev.gracefulshutdown.ShutdownReport.RequestCounts;
import dev.gracefulshutdown.ShutdownReportListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Puts a {@link ShutdownReport} together from the parts that recorded the sequence, and
 * hands reports to the listeners without letting one of them stop the shutdown: whatever
 * a listener throws, an {@link Error} too, is logged and the next listener runs.
 */
final class ShutdownReportPublisher {

	private static final Log logger = LogFactory.getLog(ShutdownReportPublisher.class);

	private final ShutdownProgress progress;

	private final StageTimeline timeline;

	private final LifecycleStopRecorder stops;

	private final ShutdownHookRunner hooks;

	private final InFlightTracker inFlight;

	private volatile List<ShutdownReportListener> listeners = List.of();

	/**
	 * The final report as handed to the listeners when the sequence completed, to be
	 * revised if a halt follows.
	 */
	private volatile @Nullable ShutdownReport ended;

	ShutdownReportPublisher(ShutdownProgress progress, StageTimeline timeline, LifecycleStopRecorder stops,
			ShutdownHookRunner hooks, InFlightTracker inFlight) {
		this.progress = progress;
		this.timeline = timeline;
		this.stops = stops;
		this.hooks = hooks;
		this.inFlight = inFlight;
	}

	/**
	 * Set the listeners, once the shutdown has started.
	 * @param listeners the listeners, in order
	 */
	void listeners(List<ShutdownReportListener> listeners) {
		this.listeners = List.copyOf(listeners);
	}

	ShutdownReport assemble(ShutdownOutcome outcome, @Nullable Integer exitCode, List<String> stragglers,
			List<ChildProcess> children) {
		ShutdownProgress.Started started = this.progress.current();
		DrainOutcome drain = this.progress.drainOutcome();
		RequestCounts requests = new RequestCounts(drain.inFlightAtStart(),
				Math.max(this.inFlight.peakDuringDrain(), drain.inFlightAtStart()), drain.acceptedDuringDrain(),
				drain.inFlightAtEnd());
		Deadline deadline = started.deadline();
		return new ShutdownReport(started.id(), started.request().reason(), started.request().origin(),
				started.request().detail(), started.request().requestedAt(), deadline.budget(), deadline.elapsed(),
				outcome, exitCode, this.timeline.timings(deadline.startNanos()), this.stops.timings(),
				this.hooks.timings(), requests, new ArrayList<>(stragglers), children);
	}

	void drainEnded(ShutdownReport report) {
		publish(report, ShutdownReportListener::drainEnded);
	}

	void beforeRelease(ShutdownReport report) {
		publish(report, ShutdownReportListener::beforeRelease);
	}

	/**
	 * Hand the final report to the listeners.
	 * @param report the report
	 * @param revisable whether a halt that follows revises it: only the report of a
	 * sequence that completed says how the process will end
	 */
	void shutdownEnded(ShutdownReport report, boolean revisable) {
		if (revisable) {
			this.ended = report;
		}
		publish(report, ShutdownReportListener::shutdownEnded);
	}

	void shutdownRevised(ShutdownReport report) {
		publish(report, ShutdownReportListener::shutdownRevised);
	}

	/**
	 * Return the report the sequence ended with, if it did.
	 * @return the report, or {@code null}
	 */
	@Nullable ShutdownReport ended() {
		return this.ended;
	}

	private void publish(ShutdownReport report, BiConsumer<ShutdownReportListener, ShutdownReport> call) {
		for (ShutdownReportListener listener : this.listeners) {
			try {
				call.accept(listener, report);
			}
			catch (Throwable ex) {
				logger.warn("Shutdown report listener " + listener.getClass().getName() + " failed", ex);
			}
		}
	}

}
