package dev.gracefulshutdown.sample;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Whole-process test of the child processes: one that ignores {@code SIGTERM}, with a
 * grandchild that ignores it too, is killed after its grace time, and neither outlives
 * the JVM.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ChildProcessIT {

	private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(3);

	private static final Duration DEADLINE = Duration.ofSeconds(6);

	/**
	 * Slack for the watchdog or the exit and for this JVM to see the exit, as in
	 * {@link ShutdownDeadlineIT}.
	 */
	private static final Duration SLACK = Duration.ofSeconds(3);

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
			assertThat(app.linesContaining("Asking 1 child process to stop (TERM): pid " + childPid + " ("))
				.singleElement()
				.asString()
				.contains(" INFO ", "trap '' TERM", "waiting up to 3s");
			assertThat(
					app.linesContaining("Killed 1 child process still running 3s after TERM: pid " + childPid + " ("))
				.singleElement()
				.asString()
				.contains(" WARN ", "trap '' TERM");
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

	private static ProcessHandle alive(long pid) {
		Optional<ProcessHandle> handle = ProcessHandle.of(pid);
		assertThat(handle).as("process %d", pid).isPresent();
		assertThat(handle.get().isAlive()).as("process %d alive", pid).isTrue();
		return handle.get();
	}

}
