package dev.gracefulshutdown.core.internal;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.gracefulshutdown.ShutdownReport.ChildProcess;
import dev.gracefulshutdown.ShutdownStage;
import org.jspecify.annotations.Nullable;

/**
 * What held shutdown up: the stage and phase, the beans, hooks and work still running,
 * and the stacks of the threads that hold shutdown up, with the locks they wait on and
 * hold (and who holds what they wait on): the closing thread, the threads running the
 * code of what is still stopping, and every live non-daemon thread (the threads that keep
 * a JVM alive).
 */
final class HangReport {

	private static final int MAX_FRAMES = 64;

	private static final String NL = System.lineSeparator();

	private HangReport() {
	}

	/**
	 * Build a report.
	 * @param headline the first line
	 * @param snapshot where the sequence stands
	 * @param closingThread the thread that closes the context, if any
	 * @return the report
	 */
	static String build(String headline, Snapshot snapshot, @Nullable Thread closingThread) {
		StringBuilder report = new StringBuilder(headline).append(NL);
		// No stage yet: the context has not begun to close, most often because it is
		// still starting (its close waits for the startup to end; see the main thread).
		report.append("  stage: ").append(stageOf(snapshot));
		if (snapshot.phase() != null) {
			report.append(", phase: ").append(PhaseNames.describe(snapshot.phase()));
		}
		report.append(", requests in flight: ").append(snapshot.inFlight()).append(NL);
		if (!snapshot.stillRunning().isEmpty()) {
			report.append("  still running:").append(NL);
			for (String running : snapshot.stillRunning()) {
				report.append("    - ").append(running).append(NL);
			}
		}
		if (!snapshot.childProcesses().isEmpty()) {
			report.append("  child processes:").append(NL);
			for (ChildProcess child : snapshot.childProcesses()) {
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
		Locks locks = Locks.of(stacks.keySet());
		Thread self = Thread.currentThread();
		List<Thread> shown = new ArrayList<>();
		shown.add(self);
		if (closingThread == self) {
			report.append("  closing thread: this one, which writes the report").append(NL);
		}
		else if (closingThread != null) {
			report.append("  closing thread (runs the shutdown sequence):").append(NL);
			appendThread(report, closingThread, stacks.getOrDefault(closingThread, closingThread.getStackTrace()),
					locks);
			shown.add(closingThread);
		}
		Map<Thread, StackTraceElement[]> stopping = new LinkedHashMap<>();
		stacks.forEach((thread, frames) -> {
			if (!shown.contains(thread) && thread.isAlive()
					&& (snapshot.threads().contains(thread) || runsCodeOf(frames, snapshot.types()))) {
				stopping.put(thread, frames);
			}
		});
		if (!stopping.isEmpty()) {
			report.append("  threads running what is still stopping:").append(NL);
			stopping.forEach((thread, frames) -> appendThread(report, thread, frames, locks));
			shown.addAll(stopping.keySet());
		}
		report.append("  live non-daemon threads:").append(NL);
		stacks.forEach((thread, frames) -> {
			if (!shown.contains(thread) && !thread.isDaemon() && thread.isAlive()) {
				appendThread(report, thread, frames, locks);
			}
		});
		return report.toString();
	}

	private static String stageOf(Snapshot snapshot) {
		ShutdownStage stage = snapshot.stage();
		if (stage != null) {
			return stage.displayName();
		}
		return snapshot.completed() ? "none (the shutdown sequence has completed; the JVM is exiting)"
				: "none yet (the context has not begun to close: still starting?)";
	}

	/**
	 * Return the stack of one thread, indented, for a warning.
	 * @param thread the thread
	 * @return the stack
	 */
	static String stackOf(Thread thread) {
		StringBuilder text = new StringBuilder();
		appendThread(text, thread, thread.getStackTrace(), Locks.of(List.of(thread)));
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

	private static void appendThread(StringBuilder report, Thread thread, StackTraceElement[] frames, Locks locks) {
		report.append("    \"")
			.append(thread.getName())
			.append("\" ")
			.append(thread.getState())
			.append(thread.isDaemon() ? " daemon" : "")
			.append(NL);
		ThreadInfo info = locks.of(thread);
		if (info != null && info.getLockName() != null) {
			report.append("        waiting on ").append(info.getLockName());
			if (info.getLockOwnerName() != null) {
				report.append(" held by \"").append(info.getLockOwnerName()).append('"');
			}
			report.append(NL);
		}
		int shown = Math.min(frames.length, MAX_FRAMES);
		for (int i = 0; i < shown; i++) {
			report.append("        at ").append(frames[i]).append(NL);
			if (info != null) {
				for (MonitorInfo monitor : info.getLockedMonitors()) {
					if (monitor.getLockedStackDepth() == i) {
						report.append("        - locked ").append(monitor).append(NL);
					}
				}
			}
		}
		if (frames.length > shown) {
			report.append("        ... ").append(frames.length - shown).append(" more").append(NL);
		}
		if (info != null && info.getLockedSynchronizers().length > 0) {
			report.append("        holds ");
			LockInfo[] synchronizers = info.getLockedSynchronizers();
			for (int i = 0; i < synchronizers.length; i++) {
				report.append((i > 0) ? ", " : "").append(synchronizers[i]);
			}
			report.append(NL);
		}
	}

	/**
	 * The locks of the threads shown, from
	 * {@link ThreadMXBean#getThreadInfo(long[], boolean, boolean)}: which monitor or lock
	 * a thread waits on, who holds it, and what the thread holds itself. Empty where the
	 * JVM cannot tell.
	 */
	private static final class Locks {

		private final Map<Long, ThreadInfo> infos;

		private Locks(Map<Long, ThreadInfo> infos) {
			this.infos = infos;
		}

		@SuppressWarnings("deprecation") // Thread.threadId() needs Java 19
		static Locks of(Collection<Thread> threads) {
			Map<Long, ThreadInfo> infos = new HashMap<>();
			try {
				ThreadMXBean bean = ManagementFactory.getThreadMXBean();
				long[] ids = threads.stream().mapToLong(Thread::getId).toArray();
				for (ThreadInfo info : bean.getThreadInfo(ids, bean.isObjectMonitorUsageSupported(),
						bean.isSynchronizerUsageSupported())) {
					if (info != null) {
						infos.put(info.getThreadId(), info);
					}
				}
			}
			catch (RuntimeException | LinkageError ex) {
				// No lock details, the stacks still help.
			}
			return new Locks(infos);
		}

		@SuppressWarnings("deprecation") // Thread.threadId() needs Java 19
		@Nullable ThreadInfo of(Thread thread) {
			return this.infos.get(thread.getId());
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
	record Snapshot(@Nullable ShutdownStage stage, @Nullable Integer phase, long inFlight, List<String> stillRunning,
			List<Class<?>> types, List<Thread> threads, List<ChildProcess> childProcesses, boolean completed) {

	}

}
