package dev.gracefulshutdown.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.gracefulshutdown.ShutdownReport.ChildProcess;
import dev.gracefulshutdown.ShutdownReport.ChildProcessOutcome;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Ends the processes the JVM started and left running: each child is asked to stop
 * ({@code TERM} on Unix), the reaper waits until they have all exited or the timeout has
 * passed (woken by their exits), then kills what is left, descendants included. A halt
 * kills them at once, so that none outlives the JVM unnoticed.
 */
final class ChildProcessReaper {

	private static final Log logger = LogFactory.getLog(ChildProcessReaper.class);

	private final List<ChildProcess> outcomes = new ArrayList<>();

	/**
	 * Ask the children to stop, wait at most the timeout, then kill those left.
	 * @param timeout how long they get after TERM
	 */
	synchronized void stopChildren(Duration timeout) {
		List<ProcessHandle> children = ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList();
		if (children.isEmpty()) {
			return;
		}
		List<ProcessHandle> descendants = ProcessHandle.current().descendants().toList();
		logger.info("Asking " + children.size() + " child process" + ((children.size() > 1) ? "es" : "")
				+ " to stop (TERM): " + describe(children) + "; waiting up to " + Durations.format(timeout));
		// Read while they run: once a child has exited, the system no longer knows its
		// command.
		Map<ProcessHandle, String> commands = new HashMap<>();
		for (ProcessHandle child : children) {
			commands.put(child, command(child));
		}
		List<CompletableFuture<ProcessHandle>> exits = new ArrayList<>();
		for (ProcessHandle child : children) {
			child.destroy();
			exits.add(child.onExit());
		}
		try {
			CompletableFuture.allOf(exits.toArray(new CompletableFuture<?>[0]))
				.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException | ExecutionException ex) {
			// Those still alive are killed below.
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		List<String> killed = new ArrayList<>();
		for (ProcessHandle child : children) {
			boolean alive = child.isAlive();
			if (alive) {
				child.destroyForcibly();
				// Described from the command read earlier: a killed child that has been
				// reaped no longer has one.
				killed.add("pid " + child.pid() + " (" + commands.getOrDefault(child, "unknown command") + ")");
			}
			this.outcomes.add(new ChildProcess(child.pid(), commands.getOrDefault(child, "unknown command"),
					alive ? ChildProcessOutcome.KILLED : ChildProcessOutcome.EXITED));
		}
		for (ProcessHandle descendant : descendants) {
			if (descendant.isAlive() && !children.contains(descendant)) {
				descendant.destroyForcibly();
			}
		}
		if (!killed.isEmpty()) {
			logger.warn("Killed " + killed.size() + " child process" + ((killed.size() > 1) ? "es" : "")
					+ " still running " + Durations.format(timeout) + " after TERM: " + String.join(", ", killed));
		}
	}

	/**
	 * Kill every descendant at once, for a halt: nothing waits any more.
	 * @return the processes killed
	 */
	synchronized List<ChildProcess> killAll() {
		List<ChildProcess> killed = new ArrayList<>();
		ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).forEach((process) -> {
			String command = command(process);
			process.destroyForcibly();
			killed.add(new ChildProcess(process.pid(), command, ChildProcessOutcome.KILLED));
		});
		this.outcomes.addAll(killed);
		return killed;
	}

	/**
	 * Return the children still running now, for a report taken while waiting.
	 * @return the running children
	 */
	static List<ChildProcess> running() {
		return ProcessHandle.current()
			.children()
			.filter(ProcessHandle::isAlive)
			.map((child) -> new ChildProcess(child.pid(), command(child), ChildProcessOutcome.RUNNING))
			.toList();
	}

	/**
	 * Return what became of the children stopped so far.
	 * @return the outcomes
	 */
	synchronized List<ChildProcess> outcomes() {
		return List.copyOf(this.outcomes);
	}

	static String describe(List<ProcessHandle> processes) {
		List<String> descriptions = new ArrayList<>();
		for (ProcessHandle process : processes) {
			descriptions.add("pid " + process.pid() + " (" + command(process) + ")");
		}
		return String.join(", ", descriptions);
	}

	static String command(ProcessHandle process) {
		ProcessHandle.Info info = process.info();
		return info.commandLine().or(info::command).orElse("unknown command");
	}

}
