package dev.gracefulshutdown.report;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import dev.gracefulshutdown.ShutdownReport;
import dev.gracefulshutdown.ShutdownReport.ChildProcess;
import dev.gracefulshutdown.ShutdownReport.HookTiming;
import dev.gracefulshutdown.ShutdownReport.PhaseTiming;
import dev.gracefulshutdown.ShutdownReport.RequestCounts;
import dev.gracefulshutdown.ShutdownReport.StageTiming;
import dev.gracefulshutdown.ShutdownStage;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationStyle;

/**
 * A report as a few lines for people: a headline, a table of the stages with the
 * lifecycle phases inside the stop stage, the requests, and what ran late or stayed
 * behind.
 */
public final class ShutdownReportSummary {

	private static final String STILL_RUNNING = "running";

	private ShutdownReportSummary() {
	}

	/**
	 * Format a report.
	 * @param report the report
	 * @return the lines, separated by {@code \n}, without a final one
	 */
	public static String format(ShutdownReport report) {
		List<String> lines = new ArrayList<>();
		lines.add("Shutdown report " + report.id() + ": " + report.reason().noun() + " (" + report.origin()
				+ (hasText(report.detail()) ? ": " + oneLine(report.detail()) : "") + "), " + outcome(report) + " in "
				+ report.duration().toMillis() + " ms of a " + seconds(report.deadline()) + " deadline"
				+ ((report.exitCode() != null) ? ", exit code " + report.exitCode() : ""));
		List<String[]> rows = new ArrayList<>();
		rows.add(new String[] { "stage", "start", "duration", "" });
		for (StageTiming stage : report.stages()) {
			rows.add(new String[] { stage.stage().displayName(), millis(stage.start()), millis(stage.duration()), "" });
			if (stage.stage() == ShutdownStage.STOP) {
				for (PhaseTiming phase : report.phases()) {
					rows.add(new String[] { "  phase " + phaseName(phase), millis(phase.start()),
							millis(phase.duration()), phaseNote(phase) });
				}
			}
		}
		lines.addAll(table(rows));
		RequestCounts requests = report.requests();
		lines.add("  requests: " + requests.atDrainStart() + " in flight when the drain started, peak "
				+ requests.peak() + ", " + requests.servedDuringDrain() + " served during the drain, "
				+ requests.atDrainEnd() + " in flight when it ended");
		if (!report.hooks().isEmpty()) {
			List<String> hooks = new ArrayList<>();
			for (HookTiming hook : report.hooks()) {
				hooks.add(hook.name() + " (" + hook.when() + ") " + millis(hook.duration())
						+ ((hook.outcome() != ShutdownReport.HookOutcome.COMPLETED)
								? " " + hook.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
								: ""));
			}
			lines.add("  hooks: " + String.join(", ", hooks));
		}
		for (String straggler : report.stragglers()) {
			lines.add("  still running: " + straggler);
		}
		for (ChildProcess child : report.childProcesses()) {
			lines.add("  child process " + child.pid() + " " + child.outcome().name().toLowerCase(java.util.Locale.ROOT)
					+ ": " + child.command());
		}
		return String.join("\n", lines);
	}

	private static String outcome(ShutdownReport report) {
		return switch (report.outcome()) {
			case IN_PROGRESS -> "still in progress";
			case COMPLETED -> "completed";
			case TIMED_OUT -> "completed, but something overran its timeout,";
			case DEADLINE_EXCEEDED -> "deadline exceeded, halted";
			case ESCALATED -> "escalated by a repeated signal, halted";
		};
	}

	private static String phaseName(PhaseTiming phase) {
		return (phase.name() != null) ? phase.name() : String.valueOf(phase.phase());
	}

	private static String phaseNote(PhaseTiming phase) {
		StringBuilder note = new StringBuilder();
		if (phase.timedOut()) {
			note.append("TIMED OUT after ").append(seconds(phase.timeout())).append("; ");
		}
		note.append(phase.beans().size()).append((phase.beans().size() == 1) ? " bean" : " beans");
		ShutdownReport.BeanTiming slowest = null;
		for (ShutdownReport.BeanTiming bean : phase.beans()) {
			if (bean.duration() == null) {
				note.append(", ").append(bean.name()).append(" still running");
			}
			else if (slowest == null || bean.duration().compareTo(slowest.duration()) > 0) {
				slowest = bean;
			}
		}
		if (slowest != null && phase.beans().size() > 1) {
			note.append(", slowest ").append(slowest.name()).append(' ').append(millis(slowest.duration()));
		}
		return note.toString();
	}

	private static List<String> table(List<String[]> rows) {
		int[] widths = new int[3];
		for (String[] row : rows) {
			for (int i = 0; i < widths.length; i++) {
				widths[i] = Math.max(widths[i], row[i].length());
			}
		}
		List<String> lines = new ArrayList<>();
		for (String[] row : rows) {
			String line = "  " + pad(row[0], widths[0], false) + "  " + pad(row[1], widths[1], true) + "  "
					+ pad(row[2], widths[2], true) + (row[3].isEmpty() ? "" : "  " + row[3]);
			lines.add(line.stripTrailing());
		}
		return lines;
	}

	private static String pad(String text, int width, boolean right) {
		String padding = " ".repeat(width - text.length());
		return right ? padding + text : text + padding;
	}

	private static String millis(@Nullable Duration duration) {
		return (duration != null) ? duration.toMillis() + " ms" : STILL_RUNNING;
	}

	private static String seconds(Duration duration) {
		// "25s", "1500ms": the form the property was likely written in.
		ChronoUnit unit = (duration.toMillis() % 1000 == 0) ? ChronoUnit.SECONDS : ChronoUnit.MILLIS;
		return DurationStyle.SIMPLE.print(duration, unit);
	}

	private static String oneLine(@Nullable String text) {
		StringBuilder line = new StringBuilder();
		for (int i = 0; (text != null) && i < text.length(); i++) {
			char c = text.charAt(i);
			line.append(Character.isISOControl(c) ? ' ' : c);
		}
		return line.toString();
	}

	private static boolean hasText(@Nullable String text) {
		return text != null && !text.isEmpty();
	}

}
