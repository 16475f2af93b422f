package dev.gracefulshutdown.sample;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole-process tests of the sample as a showcase: the features a reader tries by hand
 * from its README work together in one run, the custom shutdown hook and the child
 * process included, and the meters are on the management port in Prometheus format.
 */
@WholeProcessTest
class SampleShowcaseIT {

	private static final Duration LINE_TIMEOUT = Duration.ofSeconds(20);

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

	/**
	 * The starter waits for the sidecar's exit before it logs the summary; what is left
	 * is this JVM's view of it.
	 */
	private static final Duration GONE_TIMEOUT = Duration.ofSeconds(5);

	private static final String SUMMARY = "Graceful shutdown complete in ";

	private static final Pattern SIDECAR_STARTED = Pattern.compile("Sidecar started: pid (\\d+)");

	private final WholeProcessHttp http = new WholeProcessHttp();

	@Test
	void sigtermRunsTheAuditHookThenStopsTheSidecarAndExitsWithZero(TestInfo testInfo) throws Exception {
		try (SampleAppProcess app = SampleAppProcess.start(testInfo, SampleAppProcess.MANAGEMENT_SERVER,
				"--sample.sidecar.enabled=true")) {
			Matcher started = SIDECAR_STARTED.matcher(app.waitForLine(SIDECAR_STARTED, LINE_TIMEOUT));
			assertThat(started.find()).isTrue();
			long sidecarPid = Long.parseLong(started.group(1));
			// Its own first line comes after its TERM trap is set.
			app.waitForLine("sidecar " + sidecarPid + ": running", LINE_TIMEOUT);
			// Taken while it runs: a handle knows its process's start time, so a reused
			// PID
			// cannot pass for it later.
			ProcessHandle sidecar = alive(sidecarPid);
			assertThat(sidecar.parent().map(ProcessHandle::pid)).contains(app.pid());
			List<ProcessHandle> sidecarChildren = sidecar.children().toList();

			// Two entries for the audit log: a job and a batch of events.
			assertThat(this.http.post(app.uri("/jobs")).statusCode()).isEqualTo(202);
			app.waitForLine("job done: job-1", LINE_TIMEOUT);
			HttpResponse<String> events = this.http.post(app.uri("/events?count=3"));
			assertThat(events.statusCode()).isEqualTo(200);
			assertThat(events.body()).isEqualTo("accepted 3");

			app.signal("TERM");
			assertThat(app.awaitExit(EXIT_TIMEOUT)).as("exit code").isZero();

			// The hook: once, in the release stage (after every lifecycle phase has
			// stopped), writing the entries still buffered.
			String closed = "Audit log closed: 2 entries in all, 2 written at shutdown";
			assertThat(app.linesContaining(closed)).singleElement().asString().contains(" INFO ");
			assertThat(app.linesContaining("audit: job-1 done")).hasSize(1);
			assertThat(app.linesContaining("audit: accepted 3 events")).hasSize(1);
			assertThat(app.indexOfLine(closed)).isGreaterThan(app.indexOfLine("Lifecycle phases stopped: "))
				.isGreaterThan(app.indexOfLine("job-worker stopped"))
				.isLessThan(app.indexOfLine(SUMMARY));

			// The sidecar: asked to stop after the hook, stopped on its own within its
			// time, before the summary.
			// With its sleep, if it runs one at the time: the whole tree is asked.
			String asking = " to stop (TERM): pid " + sidecarPid + " (";
			assertThat(app.linesContaining(asking)).singleElement().asString().contains("sidecar $$: running");
			String stopping = "sidecar " + sidecarPid + ": TERM received, stopping";
			assertThat(app.linesContaining(stopping)).hasSize(1);
			// Its sleep ended with it, quietly: no "Terminated" from the shell's job
			// control.
			assertThat(app.linesContaining("Terminated")).isEmpty();
			assertThat(app.indexOfLine(asking)).isGreaterThan(app.indexOfLine(closed));
			assertThat(app.indexOfLine(stopping)).isGreaterThan(app.indexOfLine(asking))
				.isLessThan(app.indexOfLine(SUMMARY));
			assertThat(app.linesContaining("still running 2s after TERM")).isEmpty();
			assertThat(sidecar.onExit().get(GONE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).isAlive()).isFalse();
			for (ProcessHandle child : sidecarChildren) {
				assertThat(child.onExit().get(GONE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).isAlive())
					.as("the sidecar's child %d", child.pid())
					.isFalse();
			}

			// The summary and the report that follows it.
			assertThat(app.linesContaining(SUMMARY)).singleElement()
				.asString()
				.contains("reason signal (SIGTERM)", "exit code 0")
				.doesNotContain("overran");
			assertThat(app.linesContaining("  hooks: ")).singleElement()
				.asString()
				.contains("auditLog.close (stage release)");
			assertThat(app.linesContaining("  child process " + sidecarPid + " exited: ")).singleElement()
				.asString()
				.contains("sidecar $$: running");
			assertThat(app.linesContaining("Farewell: graceful shutdown done, exiting with code 0")).hasSize(1);
			assertThat(app.output()).doesNotContain(" ERROR ").doesNotContain("Exception");
		}
	}

	@Test
	void metersReachThePrometheusEndpointOnTheManagementPortOnly(TestInfo testInfo) throws Exception {
		try (SampleAppProcess app = SampleAppProcess.start(testInfo, SampleAppProcess.MANAGEMENT_SERVER)) {
			HttpResponse<String> prometheus = this.http.get(app.managementUri("/actuator/prometheus"));
			assertThat(prometheus.statusCode()).isEqualTo(200);
			assertThat(prometheus.body())
				.containsPattern("(?m)^graceful_shutdown_requests_in_flight(\\{[^}]*\\})? 0\\.0$")
				.containsPattern("(?m)^graceful_shutdown_state\\{[^}]*state=\"running\"[^}]*\\} 1\\.0$")
				.containsPattern("(?m)^graceful_shutdown_state\\{[^}]*state=\"draining\"[^}]*\\} 0\\.0$")
				.containsPattern("(?m)^graceful_shutdown_started_total\\{[^}]*reason=\"signal\"[^}]*\\} 0\\.0$")
				.containsPattern(
						"(?m)^graceful_shutdown_stage_duration_seconds_count\\{[^}]*stage=\"drain\"[^}]*\\} 0(\\.0)?$");
			// Not on the application's port: the actuator has a server of its own.
			assertThat(this.http.get(app.uri("/actuator/prometheus")).statusCode()).isEqualTo(404);
			app.signal("TERM");
			assertThat(app.awaitExit(EXIT_TIMEOUT)).as("exit code").isZero();
		}
	}

	private static ProcessHandle alive(long pid) {
		Optional<ProcessHandle> handle = ProcessHandle.of(pid);
		assertThat(handle).as("process %d", pid).isPresent();
		assertThat(handle.get().isAlive()).as("process %d alive", pid).isTrue();
		return handle.get();
	}

}
