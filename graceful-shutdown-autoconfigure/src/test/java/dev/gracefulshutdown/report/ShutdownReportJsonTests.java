package dev.gracefulshutdown.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.gracefulshutdown.ShutdownOutcome;
import dev.gracefulshutdown.ShutdownReason;
import dev.gracefulshutdown.ShutdownReport;
import dev.gracefulshutdown.ShutdownReport.BeanTiming;
import dev.gracefulshutdown.ShutdownReport.ChildProcess;
import dev.gracefulshutdown.ShutdownReport.ChildProcessOutcome;
import dev.gracefulshutdown.ShutdownReport.HookOutcome;
import dev.gracefulshutdown.ShutdownReport.HookTiming;
import dev.gracefulshutdown.ShutdownReport.PhaseTiming;
import dev.gracefulshutdown.ShutdownReport.RequestCounts;
import dev.gracefulshutdown.ShutdownReport.StageTiming;
import dev.gracefulshutdown.ShutdownStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ShutdownReportJson}.
 */
class ShutdownReportJsonTests {

	static ShutdownReport fullReport() {
		return new ShutdownReport("751bd649-55e5-431e-92c0-8b0410acd47b", ShutdownReason.REQUESTED,
				"POST /actuator/shutdown-graceful", "deploy \"42\"\nline two \u00e9",
				Instant.parse("2026-11-22T03:50:00.229Z"), Duration.ofSeconds(25), Duration.ofMillis(469),
				ShutdownOutcome.TIMED_OUT, 124,
				List.of(new StageTiming(ShutdownStage.ANNOUNCE, Duration.ZERO, Duration.ofMillis(93)),
						new StageTiming(ShutdownStage.DRAIN, Duration.ofMillis(93), Duration.ZERO),
						new StageTiming(ShutdownStage.STOP, Duration.ofMillis(93), Duration.ofMillis(335)),
						new StageTiming(ShutdownStage.RELEASE, Duration.ofMillis(428), Duration.ofMillis(7))),
				List.of(new PhaseTiming(2147482623, "web-server-graceful-shutdown", Duration.ofSeconds(30),
						Duration.ofMillis(95), Duration.ofMillis(280), false,
						List.of(new BeanTiming("webServerGracefulShutdown",
								"org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle",
								Duration.ofMillis(280)))),
						new PhaseTiming(-100, null, Duration.ofSeconds(2), Duration.ofMillis(380), null, true,
								List.of(new BeanTiming("stuck", "com.example.Stuck", null)))),
				List.of(new HookTiming("cache.flush", "stage stop", Duration.ofMillis(4), HookOutcome.COMPLETED, null),
						new HookTiming("audit", "phase 100", Duration.ofMillis(1), HookOutcome.FAILED,
								"java.lang.IllegalStateException: closed")),
				new RequestCounts(2, 3, 5, 0), List.of("bean 'stuck' (com.example.Stuck) still stopping"),
				List.of(new ChildProcess(4242, "sleep 60", ChildProcessOutcome.KILLED)));
	}

	@Test
	void aReportSurvivesTheRoundTrip() {
		ShutdownReport report = fullReport();
		assertThat(ShutdownReportJson.read(ShutdownReportJson.write(report))).isEqualTo(report);
	}

	@Test
	void textsWithQuotesControlCharactersAndLineSeparatorsAreEscapedOnOneLine() {
		String detail = "q\" b\\ \n\r\t\b\f \u0001 \u007f \u2028 \u00e9 \uD83D\uDE80 /";
		ShutdownReport report = new ShutdownReport("id", ShutdownReason.SIGNAL, "SIGTERM", detail, Instant.EPOCH,
				Duration.ofSeconds(25), Duration.ofMillis(3), ShutdownOutcome.COMPLETED, 0, List.of(), List.of(),
				List.of(), new RequestCounts(0, 0, 0, 0), List.of(), List.of());
		String json = ShutdownReportJson.write(report);
		assertThat(json).doesNotContain("\n", "\r", "\u2028").contains("\\u0001", "\\u2028", "\\\"", "\\\\");
		assertThat(ShutdownReportJson.read(json).detail()).isEqualTo(detail);
	}

	@Test
	void durationsAreWholeMilliseconds() {
		ShutdownReport report = new ShutdownReport("id", ShutdownReason.SIGNAL, "SIGTERM", null, Instant.EPOCH,
				Duration.ofSeconds(25), Duration.ofNanos(469_999_999), ShutdownOutcome.COMPLETED, 0, List.of(),
				List.of(), List.of(), new RequestCounts(0, 0, 0, 0), List.of(), List.of());
		assertThat(ShutdownReportJson.read(ShutdownReportJson.write(report)).duration())
			.isEqualTo(Duration.ofMillis(469));
	}

	@Test
	void theJsonFormHasTheDocumentedMembersAndLeavesOutAbsentValues() {
		Map<String, Object> json = StrictJson.readObject(ShutdownReportJson.write(fullReport()));
		assertThat(json).containsEntry("format", 1L)
			.containsEntry("reason", "REQUESTED")
			.containsEntry("requestedAt", "2026-11-22T03:50:00.229Z")
			.containsEntry("deadlineMillis", 25000L)
			.containsEntry("durationMillis", 469L)
			.containsEntry("outcome", "TIMED_OUT")
			.containsEntry("deadlineExceeded", false)
			.containsEntry("exitCode", 124L)
			.containsKeys("stages", "phases", "hooks", "requests", "stragglers", "childProcesses");
		@SuppressWarnings("unchecked")
		Map<String, Object> unnamedPhase = ((List<Map<String, Object>>) json.get("phases")).get(1);
		assertThat(unnamedPhase).containsEntry("phase", -100L)
			.containsEntry("timedOut", true)
			.doesNotContainKeys("name", "durationMillis");
	}

	@Test
	void aReportWithoutExitCodeOrDetailHasNeither() {
		ShutdownReport report = new ShutdownReport("id", ShutdownReason.CONTEXT_CLOSED, "ApplicationContext.close()",
				"", Instant.EPOCH, Duration.ofSeconds(25), Duration.ofMillis(3), ShutdownOutcome.COMPLETED, null,
				List.of(), List.of(), List.of(), new RequestCounts(0, 0, 0, 0), List.of(), List.of());
		Map<String, Object> json = ShutdownReportJson.toMap(report);
		assertThat(json).doesNotContainKeys("exitCode", "detail");
		ShutdownReport read = ShutdownReportJson.read(ShutdownReportJson.write(report));
		assertThat(read.exitCode()).isNull();
		assertThat(read.detail()).isNull();
	}

	@Test
	void membersThisVersionDoesNotKnowAreIgnored() {
		String json = ShutdownReportJson.write(fullReport()).replaceFirst("\\{", "{\"addedLater\":[1,2],");
		assertThat(ShutdownReportJson.read(json)).isEqualTo(fullReport());
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '`',
			value = { "{}|'format' is missing", "[]|expected a JSON object", "{\"format\":2}|unknown format 2",
					"{\"format\":1,\"id\":|Malformed JSON", "{\"format\":\"1\"}|'format' must be a whole number" })
	void whatIsNotAReportIsRefusedWithWhatIsWrong(String json, String problem) {
		assertThatExceptionOfType(InvalidShutdownReportException.class).isThrownBy(() -> ShutdownReportJson.read(json))
			.withMessageContaining(problem);
	}

	@Test
	void aWrongNestedMemberIsNamedWithItsPath() {
		String json = ShutdownReportJson.write(fullReport()).replace("\"COMPLETED\"", "\"DONE\"");
		assertThatExceptionOfType(InvalidShutdownReportException.class).isThrownBy(() -> ShutdownReportJson.read(json))
			.withMessageContaining("'hooks[0].outcome' must be one of")
			.withMessageContaining("not 'DONE'");
	}

	@Test
	void aNegativeDurationIsRefused() {
		String json = ShutdownReportJson.write(fullReport()).replace("\"durationMillis\":469", "\"durationMillis\":-1");
		assertThatExceptionOfType(InvalidShutdownReportException.class).isThrownBy(() -> ShutdownReportJson.read(json))
			.withMessageContaining("'durationMillis' must not be negative");
	}

}
