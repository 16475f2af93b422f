package dev.gracefulshutdown.sample;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Order;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole-process test of the executors drain: {@code @Async} tasks accepted just before a
 * {@code SIGTERM} all run to completion before the process exits, for as long as the
 * deadline allows, whether they run on platform threads (Spring Boot's
 * {@code ThreadPoolTaskExecutor}, with a queue) or, in the run on JDK 25, on virtual
 * threads ({@code SimpleAsyncTaskExecutor}); only the deadline, or a shorter timeout the
 * user sets, cuts them.
 */
@Order(1)
@WholeProcessTest
class ExecutorsDrainIT {

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

	private static final Pattern STARTED = Pattern.compile("report r\\d+ started \\(");

	private final WholeProcessHttp http = new WholeProcessHttp(REQUEST_TIMEOUT);

	@Test
	@AlsoOnSpringBoot40
	void asyncTasksWaitingInTheExecutorsQueueCompleteToo(TestInfo testInfo) throws Exception {
		// Submitted just before the signal. Boot's executor runs 8 tasks at a time on
		// platform threads: 4 of these wait in its queue when the signal comes, which
		// Spring alone would drop.
		try (SampleAppProcess app = SampleAppProcess.start(testInfo)) {
			submitReports(app, 12, 1500);
			app.signal("TERM");
			assertEveryReportIsDone(app, 12);
		}
	}

	/**
	 * The case plain Spring Boot finishes: 20 tasks of 2 s on Boot's
	 * {@code applicationTaskExecutor}, 8 running and 12 queued when {@code SIGTERM} comes
	 * (on virtual threads all 20 run at once). Plain Boot runs them all and exits after
	 * about 6 s; so must the starter, well within its deadline, rather than cut them at a
	 * fixed timeout of its own.
	 * @param testInfo the running test
	 * @throws Exception on failure
	 */
	@Test
	void twentyTasksOfTwoSecondsAllCompleteAsWithPlainSpringBoot(TestInfo testInfo) throws Exception {
		try (SampleAppProcess app = SampleAppProcess.start(testInfo)) {
			submitReports(app, 20, 2000);
			app.waitForLines(STARTED, ChildRuntime.current().virtualThreads() ? 20 : 8, REQUEST_TIMEOUT);
			app.signal("TERM");
			assertEveryReportIsDone(app, 20);
			assertThat(app.linesContaining("Waiting up to ")).singleElement()
				.asString()
				.contains("for the tasks of 1 executor: executor 'applicationTaskExecutor'");
		}
	}

	@Test
	void tasksLongerThanThreeSecondsRunToTheirEnd(TestInfo testInfo) throws Exception {
		// 6 s each: twice the fixed 3 s the drain used to allow (whatever the way from
		// the signal to the drain takes on a loaded machine), on platform threads (8
		// running, 1 queued) and on virtual threads (closing the executor waits).
		try (SampleAppProcess app = SampleAppProcess.start(testInfo)) {
			submitReports(app, 9, 6000);
			app.waitForLines(STARTED, 8, REQUEST_TIMEOUT);
			app.signal("TERM");
			assertEveryReportIsDone(app, 9);
		}
	}

	@Test
	void aShorterExecutorsTimeoutSetByTheUserStillCutsTheTasks(TestInfo testInfo) throws Exception {
		try (SampleAppProcess app = SampleAppProcess.start(testInfo, "--graceful-shutdown.executors.timeout=1s")) {
			submitReports(app, 2, 60000);
			app.waitForLines(STARTED, 2, REQUEST_TIMEOUT);
			app.signal("TERM");
			assertThat(app.awaitExit(EXIT_TIMEOUT)).as("exit code").isEqualTo(124);
			assertThat(app.signalToExit()).as("signal to exit").isLessThan(Duration.ofSeconds(15));
			assertThat(app.linesContaining("Executors still busy 1s into their drain, the limit set by"
					+ " graceful-shutdown.executors.timeout; interrupting their running tasks"))
				.singleElement()
				.asString()
				.contains("executor 'applicationTaskExecutor': 2 tasks running");
			assertThat(app.linesContaining(" done; reports done: ")).isEmpty();
			assertThat(app.output()).doesNotContain("Graceful shutdown deadline of");
		}
	}

	@Test
	void tasksThatOutlastTheDeadlineAreCutBeforeItWithTimeForWhatFollows(TestInfo testInfo) throws Exception {
		// The sample keeps 5 s for what follows the executors: AuditLog's release hook
		// (2 s), the child processes (2 s) and 1 s. With a deadline of 9 s the tasks get
		// what is left; then the shutdown ends in order, before the watchdog.
		try (SampleAppProcess app = SampleAppProcess.start(testInfo, "--graceful-shutdown.deadline=9s")) {
			submitReports(app, 2, 60000);
			app.waitForLines(STARTED, 2, REQUEST_TIMEOUT);
			app.signal("TERM");
			assertThat(app.awaitExit(EXIT_TIMEOUT)).as("exit code").isEqualTo(124);
			assertThat(app.linesContaining("Executors still busy ")).singleElement()
				.asString()
				.contains("into their drain, all the deadline allows: it had ")
				.contains("left, of which 5s (hook auditLog.close 2s + graceful-shutdown.child-processes.timeout 2s"
						+ " + 1s for the rest) are kept for what follows; interrupting their running tasks")
				.contains("executor 'applicationTaskExecutor': 2 tasks running");
			assertThat(app.linesContaining(" done; reports done: ")).isEmpty();
			assertThat(app.output()).doesNotContain("Graceful shutdown deadline of");
			assertThat(app.linesContaining("Graceful shutdown complete in ")).singleElement()
				.asString()
				.contains("exit code 124");
			assertThat(app.linesContaining("Farewell")).hasSize(1);
		}
	}

	private void submitReports(SampleAppProcess app, int count, long millis) throws Exception {
		HttpResponse<String> accepted = this.http.post(app.uri("/reports?count=" + count + "&ms=" + millis));
		assertThat(accepted.statusCode()).as("status: %s", accepted.body()).isEqualTo(202);
	}

	private void assertEveryReportIsDone(SampleAppProcess app, int count) throws Exception {
		assertThat(app.awaitExit(EXIT_TIMEOUT)).as("exit code").isZero();
		List<String> done = app.linesContaining("report r").stream().filter((line) -> line.contains(" done;")).toList();
		assertThat(done).as("reports done").hasSize(count);
		for (int i = 1; i <= count; i++) {
			assertThat(app.linesContaining("report r" + i + " done; ")).as("report r%d", i).hasSize(1);
		}
		assertThat(app.linesContaining("reports done: " + count)).hasSize(1);
		// Each ran where the test run says: Boot's pool, or virtual threads on JDK 25.
		assertThat(app.linesContaining(" started (")).hasSize(count)
			.allSatisfy((line) -> assertThat(line)
				.contains(ChildRuntime.current().virtualThreads() ? "on a virtual thread" : "on a platform thread"));
		assertThat(app.output()).doesNotContain("Executors still busy")
			.doesNotContain("InterruptedException")
			.doesNotContain("sleep interrupted");
		int lastDone = IntStream.rangeClosed(1, count)
			.map((i) -> app.indexOfLine("report r" + i + " done; "))
			.max()
			.orElseThrow();
		assertThat(app.indexOfLine("Graceful shutdown complete in ")).as("summary after the last report")
			.isGreaterThan(lastDone);
		assertThat(app.linesContaining("Graceful shutdown complete in ")).singleElement()
			.asString()
			.contains("exit code 0");
	}

}
