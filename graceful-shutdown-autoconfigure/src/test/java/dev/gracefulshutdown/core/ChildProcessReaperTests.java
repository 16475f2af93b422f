package dev.gracefulshutdown.core;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.gracefulshutdown.ShutdownReport.ChildProcess;
import dev.gracefulshutdown.ShutdownReport.ChildProcessOutcome;
import dev.gracefulshutdown.testsupport.LogRecorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests for {@link ChildProcessReaper}, with real child processes of the test JVM.
 */
class ChildProcessReaperTests {

	private static final Duration UPPER_BOUND = Duration.ofSeconds(10);

	private final List<Process> started = new ArrayList<>();

	@BeforeEach
	void needsAUnixShell() {
		assumeTrue(new File("/bin/sh").canExecute(), "needs /bin/sh to start children that handle TERM");
		assumeTrue(ProcessHandle.current().children().noneMatch(ProcessHandle::isAlive),
				"the reaper stops every child of the JVM: the test JVM must have none of its own");
	}

	@AfterEach
	void killWhatIsLeft() {
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

	private Process start(String script) throws IOException {
		Process process = new ProcessBuilder("/bin/sh", "-c", script).redirectErrorStream(true).start();
		this.started.add(process);
		return process;
	}

	private static void awaitReady(Process process) {
		// The child prints once its TERM handling is in place: a TERM sent before would
		// find the shell's default.
		BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
			try {
				return reader.readLine();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
		assertThat(line).succeedsWithin(UPPER_BOUND).isEqualTo("ready");
	}

	private static ChildProcessOutcome outcomeOf(ChildProcessReaper reaper, Process process) {
		return reaper.outcomes()
			.stream()
			.filter((child) -> child.pid() == process.pid())
			.map(ChildProcess::outcome)
			.findFirst()
			.orElseThrow(() -> new AssertionError("No outcome for pid " + process.pid() + " in " + reaper.outcomes()));
	}

}
