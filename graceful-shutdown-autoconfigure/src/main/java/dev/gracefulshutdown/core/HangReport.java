package dev.gracefulshutdown.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.gracefulshutdown.ShutdownReport.ChildProcess;
import dev.gracefulshutdown.ShutdownStage;
import org.jspecify.annotations.Nullable;

/**
 * What held shutdown up: the stage and phase, the beans, hooks and work still running,
 * and the stacks of the threads that hold shutdown up: the closing thread, the threads
 * running the code of what is still stopping, and every live non-daemon thread (the
 * threads that keep a JVM alive).
 */
final class HangReport {

	private static final int MAX_FRAMES = 64;

	private static final String NL = System.lineSeparator();

	private HangReport() {
	}

	/**
	 * Build a report.
	 * @param headline the first line
	 * @param where where the sequence stands
	 * @param closingThread the thread that closes the context, if any
	 * @return the report
	 */
	static String build(String headline, Where where, @Nullable Thread closingThread) {
		StringBuilder report = new StringBuilder(headline).append(NL);
		// No stage yet: the context has not begun to close, most often because it is
		// still starting (its close waits for the startup to end; see the main thread).
		report.append("  stage: ").append(stageOf(where));
		if (where.phase() != null) {
			report.append(", phase: ").append(PhaseNames.describe(where.phase()));
		}
		report.append(", requests in flight: ").append(where.inFlight()).append(NL);
		if (!where.stillRunning().isEmpty()) {
			report.append("  still running:").append(NL);
			for (String running : where.stillRunning()) {
				report.append("    - ").append(running).append(NL);
			}
		}
		if (!where.childProcesses().isEmpty()) {
			report.append("  child processes:").append(NL);
			for (ChildProcess child : where.childProcesses()) {
				report.append("    - pid ")
					.append(child.pid())
					.append(" (")
					.append(child.command())
					.append("): ")
					.append(child.outcome().name().toLowerCase(java.util.Locale.ROOT))
					.append(NL);
			}
		}
		Map<Thread, StackTraceElement[]> stacks = Thread.getAllStackTraces();
		Thread self = Thread.currentThread();
		List<Thread> shown = new ArrayList<>();
		shown.add(self);
		if (closingThread == self) {
			report.append("  closing thread: this one, which writes the report").append(NL);
		}
		else if (closingThread != null) {
			report.append("  closing thread (runs the shutdown sequence):").append(NL);
			appendThread(report, closingThread, stacks.getOrDefault(closingThread, closingThread.getStackTrace()));
			shown.add(closingThread);
		}
		Map<Thread, StackTraceElement[]> stopping = new LinkedHashMap<>();
		stacks.forEach((thread, frames) -> {
			if (!shown.contains(thread) && thread.isAlive()
					&& (where.threads().contains(thread) || runsCodeOf(frames, where.types()))) {
				stopping.put(thread, frames);
			}
		});
		if (!stopping.isEmpty()) {
			report.append("  threads running what is still stopping:").append(NL);
			stopping.forEach((thread, frames) -> appendThread(report, thread, frames));
			shown.addAll(stopping.keySet());
		}
		report.append("  live non-daemon threads:").append(NL);
		stacks.forEach((thread, frames) -> {
			if (!shown.contains(thread) && !thread.isDaemon() && thread.isAlive()) {
				appendThread(report, thread, frames);
			}
		});
		return report.toString();
	}

	private static String stageOf(Where where) {
		ShutdownStage stage = where.stage();
		if (stage != null) {
			return stage.displayName();
		}
		return where.completed() ? "none (the shutdown sequence has completed; the JVM is exiting)"
				: "none yet (the context has not begun to close: still starting?)";
	}

	/**
	 * Return the stack of one thread, indented, for a warning.
	 * @param thread the thread
	 * @return the stack
	 */
	static String stackOf(Thread thread) {
		StringBuilder text = new StringBuilder();
		appendThread(text, thread, thread.getStackTrace());
		return text.toString();
	}

	private static boolean runsCodeOf(StackTraceElement[] frames, List<Class<?>> types) {
		for (StackTraceElement frame : frames) {
			for (Class<?> type : types) {
				String name = type.getName();
				String className = frame.getClassName();
				if (className.equals(name) || className.startsWith(name + "$")) {
					return true;
				}
			}
		}
		return false;
	}

	private static void appendThread(StringBuilder report, Thread thread, StackTraceElement[] frames) {
		report.append("    \"")
			.append(thread.getName())
			.append("\" ")
			.append(thread.getState())
			.append(thread.isDaemon() ? " daemon" : "")
			.append(NL);
		int shown = Math.min(frames.length, MAX_FRAMES);
		for (int i = 0; i < shown; i++) {
			report.append("        at ").append(frames[i]).append(NL);
		}
		if (frames.length > shown) {
			report.append("        ... ").append(frames.length - shown).append(" more").append(NL);
		}
	}

	/**
	 * Where the sequence stands when the report is taken.
	 *
	 * @param stage the stage under way, or {@code null}
	 * @param phase the lifecycle phase under way, or {@code null}
	 * @param inFlight requests in flight
	 * @param stillRunning descriptions of the beans, hooks and work still running
	 * @param types the classes of the beans still stopping, to find threads running them
	 * @param threads threads known to be working for the shutdown (hook threads)
	 * @param childProcesses the child processes and what became of them
	 * @param completed whether the shutdown sequence has completed (the JVM's exit may
	 * still be under way)
	 */
	record Where(@Nullable ShutdownStage stage, @Nullable Integer phase, long inFlight, List<String> stillRunning,
			List<Class<?>> types, List<Thread> threads, List<ChildProcess> childProcesses, boolean completed) {

	}

}
