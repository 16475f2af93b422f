package dev.gracefulshutdown.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.gracefulshutdown.ShutdownReport;
import dev.gracefulshutdown.ShutdownReport.BeanTiming;
import dev.gracefulshutdown.ShutdownReport.HookOutcome;
import dev.gracefulshutdown.ShutdownReport.HookTiming;
import dev.gracefulshutdown.ShutdownReport.PhaseTiming;
import dev.gracefulshutdown.ShutdownReport.StageTiming;
import org.jspecify.annotations.Nullable;

/**
 * The report told in its own words, for failure messages: the outcome, what timed out or
 * failed, and what was still running.
 */
final class ReportDescriptions {

	private ReportDescriptions() {
	}

	/**
	 * Describe what went wrong in the shutdown, one item a line, or say it went well.
	 * @param result the result
	 * @return the description, starting with a line break
	 */
	static String problems(ShutdownResult result) {
		ShutdownReport report = result.report();
		if (report == null) {
			return System.lineSeparator() + "  no shutdown report: " + result.reportSource();
		}
		List<String> lines = new ArrayList<>();
		lines.add("the report says: " + outcome(report) + " in " + report.duration().toMillis() + " ms of a "
				+ millis(report.deadline()) + " deadline"
				+ ((report.exitCode() != null) ? ", exit code " + report.exitCode() : ""));
		for (PhaseTiming phase : report.phases()) {
			if (phase.timedOut() || phase.duration() == null) {
				lines.add("phase " + phaseName(phase) + ": " + phase(phase));
			}
		}
		for (HookTiming hook : report.hooks()) {
			if (hook.outcome() != HookOutcome.COMPLETED) {
				lines.add("hook " + hook(hook));
			}
		}
		for (String straggler : report.stragglers()) {
			lines.add("still running: " + straggler);
		}
		ShutdownReport.RequestCounts requests = report.requests();
		if (requests.atDrainEnd() > 0) {
			lines.add("requests: " + requests.atDrainEnd() + " still in flight when the drain ended (of "
					+ requests.atDrainStart() + " when it started)");
		}
		for (RequestOutcome lost : result.lostRequests()) {
			lines.add("lost request: " + lost.describe());
		}
		StringBuilder text = new StringBuilder();
		for (String line : lines) {
			text.append(System.lineSeparator()).append("  ").append(line);
		}
		return text.toString();
	}

	static String outcome(ShutdownReport report) {
		return switch (report.outcome()) {
			case IN_PROGRESS -> "IN_PROGRESS (the report was taken before the end)";
			case COMPLETED -> "COMPLETED";
			case TIMED_OUT -> "TIMED_OUT (something overran its own timeout, and the sequence went on)";
			case DEADLINE_EXCEEDED -> "DEADLINE_EXCEEDED (the watchdog halted the JVM at the deadline)";
			case ESCALATED -> "ESCALATED (a repeated signal halted the JVM)";
		};
	}

	static String stages(ShutdownReport report) {
		List<String> stages = new ArrayList<>();
		for (StageTiming stage : report.stages()) {
			stages.add(stage.stage().displayName() + " " + millis(stage.duration()));
		}
		List<String> phases = new ArrayList<>();
		for (PhaseTiming phase : report.phases()) {
			phases.add(phaseName(phase) + " " + millis(phase.duration()) + (phase.timedOut() ? " TIMED OUT" : ""));
		}
		return "stages [" + String.join(", ", stages) + "], phases [" + String.join(", ", phases) + "]";
	}

	static String phaseName(PhaseTiming phase) {
		return (phase.name() != null) ? phase.name() : String.valueOf(phase.phase());
	}

	static String phase(PhaseTiming phase) {
		StringBuilder text = new StringBuilder();
		text.append((phase.duration() != null) ? "took " + millis(phase.duration()) : "still running");
		if (phase.timedOut()) {
			text.append(", TIMED OUT after ").append(millis(phase.timeout()));
		}
		List<String> running = new ArrayList<>();
		for (BeanTiming bean : phase.beans()) {
			if (bean.duration() == null) {
				running.add(bean.name() + " (" + bean.type() + ")");
			}
		}
		if (!running.isEmpty()) {
			text.append(", beans still running: ").append(String.join(", ", running));
		}
		return text.toString();
	}

	static String hook(HookTiming hook) {
		return "'" + hook.name() + "' (" + hook.when() + ") "
				+ hook.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' ')
				+ ((hook.duration() != null) ? " after " + millis(hook.duration()) : "")
				+ ((hook.failure() != null) ? ": " + hook.failure() : "");
	}

	static String millis(@Nullable Duration duration) {
		return (duration != null) ? duration.toMillis() + " ms" : "running";
	}

	static String exitCodeMeaning(int exitCode) {
		return switch (exitCode) {
			case 0 -> "";
			case 124 -> " (the starter's timeout code: the deadline passed, or something overran its timeout)";
			case 130 -> " (128 + SIGINT: the JVM ended on SIGINT, not the starter)";
			case 137 -> " (128 + SIGKILL: the process was killed)";
			case 143 -> " (128 + SIGTERM: the JVM ended on SIGTERM, not the starter: is it on the classpath,"
					+ " graceful-shutdown.signals.enabled true?)";
			default -> "";
		};
	}

}
