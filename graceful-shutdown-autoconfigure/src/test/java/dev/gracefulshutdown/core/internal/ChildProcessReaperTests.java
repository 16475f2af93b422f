package dev.gracefulshutdown.core.internal;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.gracefulshutdown.ShutdownReport.ChildProcess;
import dev.gracefulshutdown.ShutdownReport.ChildProcessOutcome;
import dev.gracefulshutdown.testsupport.LogRecorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests for {@link ChildProcessReaper}, with real child processes of the test JVM.
 */
class ChildProcessReaperTests {

	private static final Duration UPPER_BOUND = Duration.ofSeconds(10);

	private final List<Process> started = new ArrayList<>();

	@TempDir
	Path markers;

	@BeforeEach
	void needsAUnixShell() {
		assumeTrue(new File("/bin/sh").canExecute(), "needs /bin/sh to start children that handle TERM");
		assumeTrue(ProcessHandle.current().children().noneMatch(ProcessHandle::isAlive),
				"the reaper stops every child of the JVM: the test JVM must have none of its own");
	}

	@AfterEach
	void killWhatIsLeft() {
		ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
		for (Process process : this.started) {
			process.destroyForcibly();
		}
	}

	@Test
	void childrenAreAskedToStopThenThoseStillRunningAreKilled() throws Exception {
		Process stubborn = start("trap '' TERM; echo ready; exec sleep 30");
		Process polite = start("echo ready; exec sleep 30");
		awaitReady(stubborn);
		awaitReady(polite);
		ChildProcessReaper reaper = new ChildProcessReaper();
		long start = System.nanoTime();
		try (LogRecorder log = new LogRecorder(ChildProcessReaper.class)) {
			reaper.stopChildren(Duration.ofMillis(500));
			// Named by the command read while it ran: once killed, the system no longer
			// knows it.
			assertThat(log.text()).containsPattern("WARN Killed 1 child process still running 500ms after TERM: pid "
					+ stubborn.pid() + " \\(\\S*sleep 30\\)");
		}
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(500)).isLessThan(UPPER_BOUND);
		assertThat(stubborn.onExit()).succeedsWithin(UPPER_BOUND);
		assertThat(polite.onExit()).succeedsWithin(UPPER_BOUND);
		assertThat(stubborn.isAlive()).isFalse();
		assertThat(polite.isAlive()).isFalse();
		assertThat(reaper.outcomes()).extracting(ChildProcess::pid)
			.containsExactlyInAnyOrder(stubborn.pid(), polite.pid());
		assertThat(outcomeOf(reaper, polite)).isEqualTo(ChildProcessOutcome.EXITED);
		assertThat(outcomeOf(reaper, stubborn)).isEqualTo(ChildProcessOutcome.KILLED);
		assertThat(reaper.outcomes()).allSatisfy((child) -> assertThat(child.command()).contains("sleep"));
	}

	@Test
	void childrenThatExitOnTermEndTheWaitEarly() throws Exception {
		Process polite = start("echo ready; exec sleep 30");
		awaitReady(polite);
		ChildProcessReaper reaper = new ChildProcessReaper();
		long start = System.nanoTime();
		reaper.stopChildren(UPPER_BOUND);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(UPPER_BOUND);
		assertThat(polite.onExit()).succeedsWithin(UPPER_BOUND);
		assertThat(outcomeOf(reaper, polite)).isEqualTo(ChildProcessOutcome.EXITED);
	}

	@Test
	void killAllKillsAtOnce() throws Exception {
		Process stubborn = start("trap '' TERM; echo ready; exec sleep 30");
		awaitReady(stubborn);
		ChildProcessReaper reaper = new ChildProcessReaper();
		assertThat(ChildProcessReaper.running()).extracting(ChildProcess::pid).contains(stubborn.pid());
		List<ChildProcess> killed = reaper.killAll();
		assertThat(killed).extracting(ChildProcess::pid).contains(stubborn.pid());
		assertThat(stubborn.onExit()).succeedsWithin(UPPER_BOUND);
		assertThat(outcomeOf(reaper, stubborn)).isEqualTo(ChildProcessOutcome.KILLED);
	}

	@Test
	void withoutChildrenNothingHappens() {
		ChildProcessReaper reaper = new ChildProcessReaper();
		reaper.stopChildren(UPPER_BOUND);
		assertThat(reaper.outcomes()).isEmpty();
	}

	@Test
	void grandchildrenAreAskedToStopTooBeforeTheirParentCanGoOn() throws Exception {
		// sh -c 'a; b' where a cleans up on TERM: a gets TERM (not a KILL once its
		// parent has gone), and b never starts.
		Process child = start("sh -c \"$A\"; echo ran > \"$MARKERS/b\"", Map.of("MARKERS", this.markers.toString(), "A",
				"trap 'echo $$ > \"$MARKERS/a\"; exit 0' TERM; sleep 30 & echo ready; wait"));
		awaitReady(child);
		List<ProcessHandle> tree = ProcessHandle.current().descendants().toList();
		assertThat(tree).hasSize(3);
		ChildProcessReaper reaper = new ChildProcessReaper();
		String logged;
		try (LogRecorder log = new LogRecorder(ChildProcessReaper.class)) {
			reaper.stopChildren(UPPER_BOUND);
			logged = log.text();
		}
		Path a = this.markers.resolve("a");
		assertThat(a).as("a cleaned up on TERM").isRegularFile();
		long grandchild = Long.parseLong(Files.readString(a).trim());
		assertThat(this.markers.resolve("b")).as("b started").doesNotExist();
		assertThat(tree).extracting(ProcessHandle::pid).contains(grandchild);
		assertThat(tree).allSatisfy((process) -> assertThat(process.onExit()).succeedsWithin(UPPER_BOUND));
		assertThat(reaper.outcomes()).extracting(ChildProcess::pid)
			.containsExactlyInAnyOrderElementsOf(tree.stream().map(ProcessHandle::pid).toList());
		assertThat(reaper.outcomes()).extracting(ChildProcess::outcome).containsOnly(ChildProcessOutcome.EXITED);
		assertThat(outcomeOf(reaper, grandchild)).isEqualTo(ChildProcessOutcome.EXITED);
		assertThat(logged)
			.contains("INFO Asking 1 child process and 2 descendants to stop (TERM): pid " + child.pid() + " (")
			.doesNotContain("Killed");
	}

	@Test
	void grandchildThatIgnoresTermIsWaitedForAndKilledAfterItsParentExited() throws Exception {
		Process child = start("sh -c \"$A\"; echo after a", Map.of("A", "trap '' TERM; echo ready $$; exec sleep 30"));
		String ready = new Lines(child).next();
		assertThat(ready).startsWith("ready ");
		ProcessHandle grandchild = alive(Long.parseLong(ready.substring("ready ".length())));
		// "ready" comes before its exec: the command the reaper reads and logs is the
		// sleep's only once the exec is done.
		await().atMost(UPPER_BOUND).until(() -> ChildProcessReaper.command(grandchild).endsWith("sleep 30"));
		ChildProcessReaper reaper = new ChildProcessReaper();
		long start = System.nanoTime();
		String logged;
		try (LogRecorder log = new LogRecorder(ChildProcessReaper.class)) {
			reaper.stopChildren(Duration.ofMillis(500));
			logged = log.text();
		}
		// The child exited at once; its orphan still had its time.
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(500))
			.isLessThan(UPPER_BOUND);
		assertThat(grandchild.onExit()).succeedsWithin(UPPER_BOUND);
		assertThat(outcomeOf(reaper, child)).isEqualTo(ChildProcessOutcome.EXITED);
		assertThat(outcomeOf(reaper, grandchild.pid())).isEqualTo(ChildProcessOutcome.KILLED);
		assertThat(logged).containsPattern("WARN Killed 1 descendant still running 500ms after TERM: pid "
				+ grandchild.pid() + " \\(child of " + child.pid() + ": \\S*sleep 30\\)");
	}

	@Test
	void killAllDuringTheWaitOfAStopReturnsAtOnceAndEndsTheWait() throws Exception {
		// Ready once the grandchild ignores TERM: a TERM that came before its trap would
		// end it, and with it the loop of its parent.
		Process stubborn = start("trap 'echo term' TERM; "
				+ "sh -c \"trap '' TERM; echo ready; exec sleep 60\" & s=$!; while kill -0 $s 2>/dev/null; do wait $s; done");
		Lines lines = new Lines(stubborn);
		assertThat(lines.next()).isEqualTo("ready");
		ChildProcessReaper reaper = new ChildProcessReaper();
		CompletableFuture<Void> stop = CompletableFuture.runAsync(() -> reaper.stopChildren(Duration.ofSeconds(60)),
				(task) -> new Thread(task, "stop-children").start());
		// TERM has come: the stop is waiting out its 60 seconds.
		assertThat(lines.next()).isEqualTo("term");
		CompletableFuture<List<ChildProcess>> halt = CompletableFuture.supplyAsync(reaper::killAll,
				(task) -> new Thread(task, "halt").start());
		// At once: it must not wait for the stop under way.
		List<ChildProcess> outcomes = assertThat(halt).as("killAll during a stop's wait")
			.succeedsWithin(Duration.ofSeconds(5))
			.actual();
		assertThat(outcomes).extracting(ChildProcess::pid).contains(stubborn.pid());
		assertThat(stop).succeedsWithin(UPPER_BOUND);
		assertThat(stubborn.onExit()).succeedsWithin(UPPER_BOUND);
		assertThat(ProcessHandle.current().descendants()).noneMatch(ProcessHandle::isAlive);
		assertThat(outcomeOf(reaper, stubborn)).isEqualTo(ChildProcessOutcome.KILLED);
		assertThat(reaper.outcomes()).extracting(ChildProcess::outcome).containsOnly(ChildProcessOutcome.KILLED);
	}

	private Process start(String script) throws IOException {
		return start(script, Map.of());
	}

	private Process start(String script, Map<String, String> environment) throws IOException {
		ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", script).redirectErrorStream(true);
		builder.environment().putAll(environment);
		Process process = builder.start();
		this.started.add(process);
		return process;
	}

	private static void awaitReady(Process process) {
		// The child prints once its TERM handling is in place: a TERM sent before would
		// find the shell's default.
		assertThat(new Lines(process).next()).isEqualTo("ready");
	}

	private static ChildProcessOutcome outcomeOf(ChildProcessReaper reaper, Process process) {
		return outcomeOf(reaper, process.pid());
	}

	private static ChildProcessOutcome outcomeOf(ChildProcessReaper reaper, long pid) {
		return reaper.outcomes()
			.stream()
			.filter((child) -> child.pid() == pid)
			.map(ChildProcess::outcome)
			.findFirst()
			.orElseThrow(() -> new AssertionError("No outcome for pid " + pid + " in " + reaper.outcomes()));
	}

	private static ProcessHandle alive(long pid) {
		ProcessHandle handle = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("No process " + pid));
		assertThat(handle.isAlive()).as("process %d alive", pid).isTrue();
		return handle;
	}

	/**
	 * The lines a child process prints, each awaited with an upper bound.
	 */
	private static final class Lines {

		private final BufferedReader reader;

		Lines(Process process) {
			this.reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		}

		String next() {
			CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
				try {
					return this.reader.readLine();
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
			return assertThat(line).succeedsWithin(UPPER_BOUND).actual();
		}

	}

}
