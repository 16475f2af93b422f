package dev.gracefulshutdown.core;

import java.util.Map;

import dev.gracefulshutdown.ShutdownStage;
import org.jspecify.annotations.Nullable;

/**
 * What held shutdown up when the deadline passed: the stage, the work in flight, and the
 * stacks of the closing thread and of every live non-daemon thread (the threads that keep
 * a JVM alive).
 */
final class HangReport {

	private static final int MAX_FRAMES = 64;

	private HangReport() {
	}

	static String build(String headline, @Nullable ShutdownStage stage, long inFlight, @Nullable Thread closingThread) {
		StringBuilder report = new StringBuilder(headline);
		report.append(System.lineSeparator())
			.append("  stage: ")
			.append((stage != null) ? stage.displayName() : "none")
			.append(", requests in flight: ")
			.append(inFlight)
			.append(System.lineSeparator());
		Map<Thread, StackTraceElement[]> stacks = Thread.getAllStackTraces();
		if (closingThread != null) {
			report.append("  closing thread (runs the shutdown sequence):").append(System.lineSeparator());
			appendThread(report, closingThread, stacks.getOrDefault(closingThread, closingThread.getStackTrace()));
		}
		report.append("  live non-daemon threads:").append(System.lineSeparator());
		Thread self = Thread.currentThread();
		stacks.forEach((thread, frames) -> {
			if (thread != self && thread != closingThread && !thread.isDaemon() && thread.isAlive()) {
				appendThread(report, thread, frames);
			}
		});
		return report.toString();
	}

	private static void appendThread(StringBuilder report, Thread thread, StackTraceElement[] frames) {
		report.append("    \"")
			.append(thread.getName())
			.append("\" ")
			.append(thread.getState())
			.append(thread.isDaemon() ? " daemon" : "")
			.append(System.lineSeparator());
		int shown = Math.min(frames.length, MAX_FRAMES);
		for (int i = 0; i < shown; i++) {
			report.append("        at ").append(frames[i]).append(System.lineSeparator());
		}
		if (frames.length > shown) {
			report.append("        ... ").append(frames.length - shown).append(" more").append(System.lineSeparator());
		}
	}

}
