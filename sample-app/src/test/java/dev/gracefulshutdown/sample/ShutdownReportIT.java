package dev.gracefulshutdown.sample;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import dev.gracefulshutdown.ShutdownOutcome;
import dev.gracefulshutdown.ShutdownReason;
import dev.gracefulshutdown.ShutdownReport;
import dev.gracefulshutdown.ShutdownStage;
import dev.gracefulshutdown.report.ShutdownReportJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Order;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole-process tests of the shutdown report: a real shutdown writes the report file, the
 * next start of the process serves it at the endpoint and as metrics, and a corrupt file
 * does not stop the start.
 */
@Order(10)
@WholeProcessTest
class ShutdownReportIT {

	private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration LINE_TIMEOUT = Duration.ofSeconds(20);

	private static final Pattern SHUTDOWN_ID = Pattern
		.compile("Graceful shutdown complete in .*; shutdown id ([0-9a-f-]{36})");

	private final WholeProcessHttp http = new WholeProcessHttp(Duration.ofSeconds(10));

	@TempDir
	Path directory;

	@Test
	void aShutdownWritesTheReportAndTheNextStartServesItAtTheEndpointAndAsMetrics(TestInfo testInfo) throws Exception {
		Path file = this.directory.resolve("state/report.json");
		String reportFile = "--graceful-shutdown.report.file=" + file;
		String id;
		try (SampleAppProcess app = SampleAppProcess.start(testInfo.getTestMethod().get().getName() + "-first",
				SampleAppProcess.MANAGEMENT_SERVER, reportFile)) {
			app.waitForLine("No report of a previous shutdown in " + file, LINE_TIMEOUT);
			app.signal("TERM");
			assertThat(app.awaitExit(EXIT_TIMEOUT)).as("exit code").isZero();
			Matcher summary = SHUTDOWN_ID.matcher(app.linesContaining("Graceful shutdown complete in ").get(0));
			assertThat(summary.find()).isTrue();
			id = summary.group(1);
			assertThat(app.indexOfLine("Shutdown report " + id + ": signal (SIGTERM), completed in "))
				.isGreaterThan(app.indexOfLine("Graceful shutdown complete in "));
			assertThat(app.linesContaining("  stage ")).singleElement().asString().contains("start", "duration");
			assertThat(app.linesContaining("    phase web-server-graceful-shutdown ")).isNotEmpty();
			assertThat(app.linesContaining("Shutdown report written to " + file)).hasSize(1);
		}
		ShutdownReport report = ShutdownReportJson.read(Files.readString(file));
		assertThat(report.id()).isEqualTo(id);
		assertThat(report.reason()).isEqualTo(ShutdownReason.SIGNAL);
		assertThat(report.origin()).isEqualTo("SIGTERM");
		assertThat(report.outcome()).isEqualTo(ShutdownOutcome.COMPLETED);
		assertThat(report.exitCode()).isZero();
		assertThat(report.stages()).extracting(ShutdownReport.StageTiming::stage)
			.containsExactly(ShutdownStage.ANNOUNCE, ShutdownStage.DRAIN, ShutdownStage.STOP, ShutdownStage.RELEASE);
		assertThat(report.phases()).extracting(ShutdownReport.PhaseTiming::name)
			.contains("web-server-graceful-shutdown", "web-server-stop");
		try (DirectoryListing files = new DirectoryListing(this.directory.resolve("state"))) {
			assertThat(files.names()).containsExactly("report.json");
		}

		try (SampleAppProcess app = SampleAppProcess.start(testInfo.getTestMethod().get().getName() + "-second",
				SampleAppProcess.MANAGEMENT_SERVER, reportFile)) {
			app.waitForLine("Previous shutdown " + id + " (signal, SIGTERM)", LINE_TIMEOUT);
			HttpResponse<String> status = this.http.get(app.managementUri("/actuator/shutdown-graceful"));
			assertThat(status.statusCode()).isEqualTo(200);
			assertThat((String) JsonPath.read(status.body(), "$.state")).isEqualTo("RUNNING");
			assertThat((String) JsonPath.read(status.body(), "$.lastShutdown.id")).isEqualTo(id);
			assertThat((String) JsonPath.read(status.body(), "$.lastShutdown.outcome")).isEqualTo("COMPLETED");
			assertThat((Integer) JsonPath.read(status.body(), "$.lastShutdown.exitCode")).isZero();
			List<String> stages = JsonPath.read(status.body(), "$.lastShutdown.stages[*].stage");
			assertThat(stages).containsExactly("ANNOUNCE", "DRAIN", "STOP", "RELEASE");

			HttpResponse<String> timedOut = this.http
				.get(app.managementUri("/actuator/metrics/graceful.shutdown.last.timed.out"));
			assertThat(timedOut.statusCode()).isEqualTo(200);
			assertThat((Double) JsonPath.read(timedOut.body(), "$.measurements[0].value")).isZero();
			List<Map<String, Object>> tags = JsonPath.read(timedOut.body(), "$.availableTags");
			assertThat(tags).anySatisfy((tag) -> assertThat(tag).containsEntry("tag", "outcome")
				.containsEntry("values", List.of("completed")));
			HttpResponse<String> duration = this.http
				.get(app.managementUri("/actuator/metrics/graceful.shutdown.last.duration"));
			assertThat((String) JsonPath.read(duration.body(), "$.baseUnit")).isEqualTo("seconds");
			assertThat((Double) JsonPath.read(duration.body(), "$.measurements[0].value"))
				.isEqualTo(report.duration().toMillis() / 1000.0);

			HttpResponse<String> prometheus = this.http.get(app.managementUri("/actuator/prometheus"));
			assertThat(prometheus.statusCode()).isEqualTo(200);
			assertThat(prometheus.body())
				.containsPattern("(?m)^graceful_shutdown_last_timed_out\\{[^}]*outcome=\"completed\"[^}]*\\} 0\\.0$")
				.containsPattern("(?m)^graceful_shutdown_last_duration_seconds\\{[^}]*reason=\"signal\"[^}]*\\} ")
				.containsPattern("(?m)^graceful_shutdown_requests_in_flight(\\{[^}]*\\})? 0\\.0$")
				.containsPattern("(?m)^graceful_shutdown_state\\{[^}]*state=\"running\"[^}]*\\} 1\\.0$")
				.containsPattern("(?m)^graceful_shutdown_started_total\\{[^}]*reason=\"signal\"[^}]*\\} 0\\.0$");
			app.signal("TERM");
			assertThat(app.awaitExit(EXIT_TIMEOUT)).as("exit code").isZero();
		}
		assertThat(ShutdownReportJson.read(Files.readString(file)).id()).isNotEqualTo(id);
	}

	@Test
	void aCorruptReportFileIsLoggedAndDoesNotStopTheStart(TestInfo testInfo) throws Exception {
		Path file = Files.writeString(this.directory.resolve("report.json"), "{\"format\":1,\"id\":\"cut off");
		try (SampleAppProcess app = SampleAppProcess.start(testInfo, SampleAppProcess.MANAGEMENT_SERVER,
				"--graceful-shutdown.report.file=" + file)) {
			assertThat(app.linesContaining("Ignoring the report of the previous shutdown in " + file)).hasSize(1);
			HttpResponse<String> status = this.http.get(app.managementUri("/actuator/shutdown-graceful"));
			assertThat(status.statusCode()).isEqualTo(200);
			assertThat(status.body()).doesNotContain("lastShutdown");
			HttpResponse<String> lastGauge = this.http
				.get(app.managementUri("/actuator/metrics/graceful.shutdown.last.timed.out"));
			assertThat(lastGauge.statusCode()).isEqualTo(404);
			app.signal("TERM");
			assertThat(app.awaitExit(EXIT_TIMEOUT)).as("exit code").isZero();
		}
		assertThat(ShutdownReportJson.read(Files.readString(file)).outcome()).isEqualTo(ShutdownOutcome.COMPLETED);
	}

	/**
	 * The names of the files in a directory.
	 */
	private static final class DirectoryListing implements AutoCloseable {

		private final java.util.stream.Stream<Path> files;

		DirectoryListing(Path directory) throws java.io.IOException {
			this.files = Files.list(directory);
		}

		List<String> names() {
			return this.files.map((path) -> path.getFileName().toString()).toList();
		}

		@Override
		public void close() {
			this.files.close();
		}

	}

}
