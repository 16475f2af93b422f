package dev.gracefulshutdown.sample;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Whole-process test of the child processes: one that ignores {@code SIGTERM}, with a
 * grandchild that ignores it too, is killed after its grace time, and neither outlives
 * the JVM; in a tree started the way {@code sh -c 'a; b'} does, every process gets
 * {@code TERM} before any is killed, and none outlives the JVM.
 */
@WholeProcessTest
@Order(9)
class ChildProcessIT {

	private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(3);

	private static final Duration DEADLINE = Duration.ofSeconds(6);

	/**
	 * Slack for the watchdog or the exit and for this JVM to see the exit, as in
	 * {@link ShutdownDeadlineIT}.
	 */
	private static final Duration SLACK = Duration.ofSeconds(3);

	private static final Pattern TREE_STARTED = Pattern.compile("Started a process tree: child (?<child>\\d+) "
			+ "stubborn (?<stubborn>\\d+) stubborn-sleep (?<stubbornsleep>\\d+) polite (?<polite>\\d+) "
			+ "polite-sleep (?<politesleep>\\d+)");

	private static final Pattern STARTED = Pattern
		.compile("Started child process pid (\\d+) and grandchild pid (\\d+), both ignoring TERM");

	@Test
	void childThatIgnoresTermIsKilledWithItsDescendantsBeforeTheJvmExits(TestInfo testInfo) throws Exception {
		try (SampleAppProcess app = SampleAppProcess.start(testInfo, "--sample.fault.child-ignores-term=true",
				"--graceful-shutdown.deadline=6s",
				"--graceful-shutdown.child-processes.timeout=" + CHILD_TIMEOUT.toSeconds() + "s")) {
			Matcher started = STARTED.matcher(app.waitForLine(STARTED, Duration.ofSeconds(10)));
			assertThat(started.find()).isTrue();
			long childPid = Long.parseLong(started.group(1));
			long grandchildPid = Long.parseLong(started.group(2));
			// Taken while they run: a handle knows its process's start time, so a reused
			// PID cannot pass for it later.
			ProcessHandle child = alive(childPid);
			ProcessHandle grandchild = alive(grandchildPid);
			assertThat(child.parent().map(ProcessHandle::pid)).contains(app.pid());
			assertThat(grandchild.parent().map(ProcessHandle::pid)).contains(childPid);
			app.signal("TERM");
			assertThat(app.awaitExit(Duration.ofSeconds(30))).as("exit code").isZero();
			assertThat(app.signalToExit()).isGreaterThanOrEqualTo(CHILD_TIMEOUT).isLessThan(DEADLINE.plus(SLACK));
			assertThat(app
				.linesContaining("Asking 1 child process and 1 descendant to stop (TERM): pid " + childPid + " ("))
				.singleElement()
				.asString()
				.contains(" INFO ", "trap '' TERM", "waiting up to 3s");
			assertThat(app.linesContaining(
					"Killed 1 child process and 1 descendant still running 3s after TERM: pid " + childPid + " ("))
				.singleElement()
				.asString()
				.contains(" WARN ", "trap '' TERM", "pid " + grandchildPid + " (child of " + childPid + ": ");
			assertThat(app.linesContaining("Graceful shutdown complete in ")).singleElement()
				.asString()
				.contains("exit code 0");
			assertThat(app.linesContaining("Graceful shutdown deadline")).isEmpty();
			// Killed before the JVM exited; reaping a dead grandchild (now an orphan) is
			// up
			// to init, hence the short wait.
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(List.of(child, grandchild)).noneMatch(ProcessHandle::isAlive));
		}
	}

	@Test
	void everyProcessOfTheTreeIsAskedToStopBeforeAnyIsKilledAndNoneOutlivesTheJvm(TestInfo testInfo,
			@TempDir Path markers) throws Exception {
		Map<String, ProcessHandle> tree = new LinkedHashMap<>();
		try (SampleAppProcess app = SampleAppProcess.start(testInfo, "--sample.fault.child-process-tree=" + markers,
				"--graceful-shutdown.deadline=6s",
				"--graceful-shutdown.child-processes.timeout=" + CHILD_TIMEOUT.toSeconds() + "s")) {
			Matcher started = TREE_STARTED.matcher(app.waitForLine(TREE_STARTED, Duration.ofSeconds(10)));
			assertThat(started.find()).isTrue();
			for (String role : List.of("child", "stubborn", "stubborn-sleep", "polite", "polite-sleep")) {
				tree.put(role, alive(Long.parseLong(started.group(role.replace("-", "")))));
			}
			assertThat(parentOf(tree.get("child"))).isEqualTo(app.pid());
			assertThat(parentOf(tree.get("stubborn"))).isEqualTo(pid(tree, "child"));
			assertThat(parentOf(tree.get("polite"))).isEqualTo(pid(tree, "child"));
			assertThat(parentOf(tree.get("stubborn-sleep"))).isEqualTo(pid(tree, "stubborn"));
			assertThat(parentOf(tree.get("polite-sleep"))).isEqualTo(pid(tree, "polite"));
			app.signal("TERM");
			assertThat(app.awaitExit(Duration.ofSeconds(30))).as("exit code").isZero();
			// TERM reached the grandchildren while they ran: each wrote its marker. The
			// child died on its TERM before its foreground grandchild exited, so it never
			// went on to the next command.
			assertThat(markers.resolve("polite.term")).content().isEqualToIgnoringWhitespace(pidText(tree, "polite"));
			assertThat(markers.resolve("stubborn.term")).content()
				.isEqualToIgnoringWhitespace(pidText(tree, "stubborn"));
			assertThat(markers.resolve("b.ran")).doesNotExist();
			// The stubborn grandchild held the stop for the child timeout, no longer.
			assertThat(app.signalToExit()).isGreaterThanOrEqualTo(CHILD_TIMEOUT).isLessThan(DEADLINE.plus(SLACK));
			assertThat(app.linesContaining(
					"Asking 1 child process and 4 descendants to stop (TERM): pid " + pid(tree, "child") + " ("))
				.singleElement()
				.asString()
				.contains(" INFO ", "waiting up to 3s",
						"pid " + pid(tree, "polite") + " (child of " + pid(tree, "child"));
			assertThat(app.linesContaining("Killed 2 descendants still running 3s after TERM: pid "
					+ pid(tree, "stubborn") + " (child of " + pid(tree, "child") + ": "))
				.singleElement()
				.asString()
				.contains(" WARN ",
						"pid " + pid(tree, "stubborn-sleep") + " (child of " + pid(tree, "stubborn") + ": ");
			// The report names every process of the tree with what became of it.
			for (String role : List.of("child", "polite", "polite-sleep")) {
				assertThat(app.linesContaining("  child process " + pid(tree, role) + " exited: ")).as(role).hasSize(1);
			}
			for (String role : List.of("stubborn", "stubborn-sleep")) {
				assertThat(app.linesContaining("  child process " + pid(tree, role) + " killed: ")).as(role).hasSize(1);
			}
			assertThat(app.linesContaining("Graceful shutdown complete in ")).singleElement()
				.asString()
				.contains("exit code 0");
			// Checked by PID, with handles taken while they ran: a reused PID cannot pass
			// for one of them. Orphans are reaped by init, hence the short wait.
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(tree.values()).noneMatch(ProcessHandle::isAlive));
		}
		finally {
			tree.values().forEach(ProcessHandle::destroyForcibly);
		}
	}

	private static long parentOf(ProcessHandle process) {
		return process.parent().map(ProcessHandle::pid).orElse(-1L);
	}

	private static long pid(Map<String, ProcessHandle> tree, String role) {
		return tree.get(role).pid();
	}

	private static String pidText(Map<String, ProcessHandle> tree, String role) {
		return Long.toString(pid(tree, role));
	}

	private static ProcessHandle alive(long pid) {
		Optional<ProcessHandle> handle = ProcessHandle.of(pid);
		assertThat(handle).as("process %d", pid).isPresent();
		assertThat(handle.get().isAlive()).as("process %d alive", pid).isTrue();
		return handle.get();
	}

}
