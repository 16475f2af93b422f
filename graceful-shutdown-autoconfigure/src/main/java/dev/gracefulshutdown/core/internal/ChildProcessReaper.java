package dev.gracefulshutdown.core.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.gracefulshutdown.ShutdownReport.ChildProcess;
import dev.gracefulshutdown.ShutdownReport.ChildProcessOutcome;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Ends the processes the JVM started and left running, and every process they started in
 * turn: the whole tree is asked to stop ({@code TERM} on Unix) at once, parents before
 * their children; the reaper waits until they have all exited or the timeout has passed
 * (woken by their exits), then kills what is left. A halt kills them at once.
 * <p>
 * Nothing here holds a lock while it waits: a halt ({@link #killAll()}) never waits for a
 * stop under way, it ends that stop's wait.
 */
final class ChildProcessReaper {

	private static final Log logger = LogFactory.getLog(ChildProcessReaper.class);

	/**
	 * How often the processes that are not the JVM's own children are looked at while
	 * waiting: the JVM learns of its children's exits at once, of the others' only by
	 * asking.
	 */
	private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

	private final long jvm = ProcessHandle.current().pid();

	/**
	 * What became of each process, in the order it was known; a process is recorded once.
	 */
	private final ConcurrentLinkedQueue<ChildProcess> outcomes = new ConcurrentLinkedQueue<>();

	private final Set<ProcessHandle> recorded = ConcurrentHashMap.newKeySet();

	/**
	 * Every process this reaper sent a kill, added before the kill: a halt and the stop
	 * it interrupts may both try, and the one that finds the process already gone must
	 * still record it as killed, not as exited.
	 */
	private final Set<ProcessHandle> killing = ConcurrentHashMap.newKeySet();

	/**
	 * Completed by a halt: it ends the wait of a stop under way.
	 */
	private final CompletableFuture<Void> halted = new CompletableFuture<>();

	/**
	 * The tree a stop asked to end, taken before the first {@code TERM}: once a parent
	 * has exited, its children are no longer descendants of the JVM, and only this still
	 * reaches them.
	 */
	private volatile Tree stopping = Tree.EMPTY;

	/**
	 * Ask every process the JVM started, and their descendants, to stop, wait at most the
	 * timeout, then kill those left.
	 * @param timeout how long they get after TERM
	 */
	void stopChildren(Duration timeout) {
		Tree tree = Tree.of(this.jvm, ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList());
		if (tree.processes().isEmpty()) {
			return;
		}
		long deadline = System.nanoTime() + timeout.toNanos();
		this.stopping = tree;
		logger.info("Asking " + tree.count(tree.processes()) + " to stop (TERM): " + tree.describe(tree.processes())
				+ "; waiting up to " + Durations.format(timeout));
		// Parents first: a shell running "a; b" learns that it is stopping before "a"
		// ends, instead of starting "b".
		for (ProcessHandle process : tree.processes()) {
			process.destroy();
		}
		awaitExit(tree, deadline);
		// After a halt, which killed what was left and recorded it, this only makes sure.
		Map<ProcessHandle, String> killed = kill(tree);
		for (ProcessHandle process : tree.processes()) {
			record(process, tree.commandOf(process), (killed.containsKey(process) || this.killing.contains(process))
					? ChildProcessOutcome.KILLED : ChildProcessOutcome.EXITED);
		}
		killed.forEach((process, command) -> record(process, command, ChildProcessOutcome.KILLED));
		if (!killed.isEmpty() && !this.halted.isDone()) {
			List<ProcessHandle> processes = List.copyOf(killed.keySet());
			logger.warn("Killed " + tree.count(processes) + " still running " + Durations.format(timeout)
					+ " after TERM: " + tree.describe(processes));
		}
	}

	/**
	 * Kill every process the JVM started, and their descendants, at once, for a halt:
	 * nothing waits any more. A stop under way stops waiting.
	 * @return what became of every process this reaper has dealt with, those killed now
	 * included
	 */
	List<ChildProcess> killAll() {
		this.halted.complete(null);
		Tree tree = this.stopping;
		kill(tree).forEach((process, command) -> record(process, command, ChildProcessOutcome.KILLED));
		for (ProcessHandle process : tree.processes()) {
			// Those of a stop under way that nobody killed had exited.
			record(process, tree.commandOf(process),
					this.killing.contains(process) ? ChildProcessOutcome.KILLED : ChildProcessOutcome.EXITED);
		}
		return outcomes();
	}

	/**
	 * Return the processes the JVM started that are still running now, descendants
	 * included, for a report taken while waiting.
	 * @return the running processes
	 */
	static List<ChildProcess> running() {
		return ProcessHandle.current()
			.descendants()
			.filter(ProcessHandle::isAlive)
			.map((process) -> new ChildProcess(process.pid(), command(process), ChildProcessOutcome.RUNNING))
			.toList();
	}

	/**
	 * Return what became of the processes stopped so far.
	 * @return the outcomes
	 */
	List<ChildProcess> outcomes() {
		return List.copyOf(this.outcomes);
	}

	private void awaitExit(Tree tree, long deadline) {
		List<CompletableFuture<?>> wakers = new ArrayList<>();
		wakers.add(this.halted);
		for (ProcessHandle process : tree.processes()) {
			if (tree.isChildOfJvm(process)) {
				wakers.add(process.onExit());
			}
		}
		while (!this.halted.isDone()) {
			// The wakers still pending are taken before the processes still alive: a
			// child that exits in between then either shows as gone or wakes the wait,
			// which would otherwise last the whole timeout.
			CompletableFuture<?>[] pending = wakers.stream()
				.filter((waker) -> !waker.isDone())
				.toArray(CompletableFuture<?>[]::new);
			List<ProcessHandle> alive = tree.processes().stream().filter(ProcessHandle::isAlive).toList();
			long remaining = deadline - System.nanoTime();
			if (alive.isEmpty() || remaining <= 0) {
				return;
			}
			boolean othersAlive = alive.stream().anyMatch((process) -> !tree.isChildOfJvm(process));
			try {
				CompletableFuture.anyOf(pending)
					.get(othersAlive ? Math.min(remaining, POLL_NANOS) : remaining, TimeUnit.NANOSECONDS);
			}
			catch (TimeoutException | ExecutionException ex) {
				// Look again.
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	/**
	 * Kill what is still running: the processes of the tree, whether or not their parent
	 * is still there, what they started since, and every other process the JVM started.
	 * @param tree the tree asked to stop, possibly empty
	 * @return the processes killed, with their commands
	 */
	private Map<ProcessHandle, String> kill(Tree tree) {
		Set<ProcessHandle> targets = new LinkedHashSet<>();
		for (ProcessHandle process : tree.processes()) {
			if (process.isAlive()) {
				targets.add(process);
				process.descendants().forEach(targets::add);
			}
		}
		ProcessHandle.current().descendants().forEach(targets::add);
		Map<ProcessHandle, String> killed = new LinkedHashMap<>();
		for (ProcessHandle process : targets) {
			// The command is read before the kill: once killed, the system no longer
			// knows it.
			String command = tree.commands().containsKey(process) ? tree.commandOf(process) : command(process);
			if (process.isAlive()) {
				this.killing.add(process);
				if (process.destroyForcibly()) {
					killed.put(process, command);
				}
			}
		}
		return killed;
	}

	private void record(ProcessHandle process, String command, ChildProcessOutcome outcome) {
		if (this.recorded.add(process)) {
			this.outcomes.add(new ChildProcess(process.pid(), command, outcome));
		}
	}

	static String command(ProcessHandle process) {
		ProcessHandle.Info info = process.info();
		return info.commandLine().or(info::command).orElse("unknown command");
	}

	/**
	 * The processes of a tree as they were when it was taken, parents before their
	 * children, with their parents and commands.
	 *
	 * @param jvm the pid of the JVM
	 * @param processes the processes, parents first
	 * @param parents the pid of each process's parent
	 * @param commands the command of each process
	 */
	private record Tree(long jvm, List<ProcessHandle> processes, Map<ProcessHandle, Long> parents,
			Map<ProcessHandle, String> commands) {

		static final Tree EMPTY = new Tree(0, List.of(), Map.of(), Map.of());

		static Tree of(long jvm, List<ProcessHandle> descendants) {
			Map<ProcessHandle, Long> parents = new HashMap<>();
			Map<ProcessHandle, String> commands = new HashMap<>();
			for (ProcessHandle process : descendants) {
				parents.put(process, process.parent().map(ProcessHandle::pid).orElse(-1L));
				// Read while they run: once a process has exited (or been killed), the
				// system no longer knows its command.
				commands.put(process, command(process));
			}
			Map<Long, Long> parentByPid = new HashMap<>();
			parents.forEach((process, parent) -> parentByPid.put(process.pid(), parent));
			Map<ProcessHandle, Integer> depths = new HashMap<>();
			for (ProcessHandle process : descendants) {
				int depth = 0;
				Long parent = parentByPid.get(process.pid());
				while (parent != null && parent != jvm && depth < descendants.size()) {
					depth++;
					parent = parentByPid.get(parent);
				}
				depths.put(process, depth);
			}
			List<ProcessHandle> ordered = descendants.stream().sorted(Comparator.comparing(depths::get)).toList();
			return new Tree(jvm, ordered, Map.copyOf(parents), Map.copyOf(commands));
		}

		boolean isChildOfJvm(ProcessHandle process) {
			Long parent = this.parents.get(process);
			return parent != null && parent == this.jvm;
		}

		String commandOf(ProcessHandle process) {
			return this.commands.getOrDefault(process, "unknown command");
		}

		String count(List<ProcessHandle> processes) {
			long children = processes.stream().filter(this::isChildOfJvm).count();
			long others = processes.size() - children;
			if (others == 0) {
				return children + " child process" + ((children > 1) ? "es" : "");
			}
			String descendants = others + " descendant" + ((others > 1) ? "s" : "");
			return (children == 0) ? descendants
					: children + " child process" + ((children > 1) ? "es" : "") + " and " + descendants;
		}

		String describe(List<ProcessHandle> processes) {
			List<String> descriptions = new ArrayList<>();
			for (ProcessHandle process : processes) {
				Long parent = this.parents.get(process);
				descriptions.add("pid " + process.pid() + " ("
						+ ((parent != null && parent != this.jvm) ? "child of " + parent + ": " : "")
						+ (this.commands.containsKey(process) ? commandOf(process) : command(process)) + ")");
			}
			return String.join(", ", descriptions);
		}

	}

}
