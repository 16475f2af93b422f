package dev.gracefulshutdown.core;

import java.util.ArrayList;
import java.util.List;

import dev.gracefulshutdown.ShutdownOutcome;
import dev.gracefulshutdown.ShutdownReport;
import dev.gracefulshutdown.ShutdownReport.ChildProcess;
import dev.gracefulshutdown.ShutdownReport.RequestCounts;
import dev.gracefulshutdown.ShutdownReportListener;
import dev.gracefulshutdown.ShutdownRequest;
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

	private ShutdownReportPublisher() {
	}

	static ShutdownReport assemble(String id, ShutdownRequest request, Deadline deadline, ShutdownOutcome outcome,
			@Nullable Integer exitCode, StageTimeline timeline, LifecycleStopRecorder stops, ShutdownHookRunner hooks,
			InFlightTracker inFlight, DrainOutcome drain, List<String> stragglers, List<ChildProcess> children) {
		RequestCounts requests = new RequestCounts(drain.inFlightAtStart(),
				Math.max(inFlight.peakDuringDrain(), drain.inFlightAtStart()), drain.acceptedDuringDrain(),
				drain.inFlightAtEnd());
		return new ShutdownReport(id, request.reason(), request.origin(), request.detail(), request.requestedAt(),
				deadline.budget(), deadline.elapsed(), outcome, exitCode, timeline.timings(deadline.startNanos()),
				stops.timings(), hooks.timings(), requests, new ArrayList<>(stragglers), children);
	}

	static void drainEnded(List<ShutdownReportListener> listeners, ShutdownReport report) {
		for (ShutdownReportListener listener : listeners) {
			try {
				listener.drainEnded(report);
			}
			catch (Throwable ex) {
				logger.warn("Shutdown report listener " + listener.getClass().getName() + " failed", ex);
			}
		}
	}

	static void beforeRelease(List<ShutdownReportListener> listeners, ShutdownReport report) {
		for (ShutdownReportListener listener : listeners) {
			try {
				listener.beforeRelease(report);
			}
			catch (Throwable ex) {
				logger.warn("Shutdown report listener " + listener.getClass().getName() + " failed", ex);
			}
		}
	}

	static void shutdownEnded(List<ShutdownReportListener> listeners, ShutdownReport report) {
		for (ShutdownReportListener listener : listeners) {
			try {
				listener.shutdownEnded(report);
			}
			catch (Throwable ex) {
				logger.warn("Shutdown report listener " + listener.getClass().getName() + " failed", ex);
			}
		}
	}

	static void shutdownRevised(List<ShutdownReportListener> listeners, ShutdownReport report) {
		for (ShutdownReportListener listener : listeners) {
			try {
				listener.shutdownRevised(report);
			}
			catch (Throwable ex) {
				logger.warn("Shutdown report listener " + listener.getClass().getName() + " failed", ex);
			}
		}
	}

}
