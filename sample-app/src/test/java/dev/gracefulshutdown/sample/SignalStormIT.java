package dev.gracefulshutdown.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import dev.gracefulshutdown.sample.SampleAppProcess.SignalStorm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole-process tests of a storm of signals: 100 {@code SIGTERM} within a second, each
 * delivered on a JVM thread of its own, must start one shutdown sequence and end the
 * process once, with the configured exit code and no stack trace.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SignalStormIT {

	private static final int STORM = 100;

	private static final Duration LINE_TIMEOUT = Duration.ofSeconds(20);

	private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

	/**
	 * From the start of the storm to the exit seen here when the storm escalates: the
	 * halt is immediate, so this is slack for a loaded machine, far below the drain it
	 * cuts.
	 */
	private static final Duration ESCALATION_SLACK = Duration.ofSeconds(3);

	private static final Pattern STACK_FRAME = Pattern.compile("^\\s+at ");

	/**
	 * The start of a log line in Spring Boot's console format; other lines continue the
	 * message above them.
	 */
	private static final Pattern LOG_LINE = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}");

	private static final Pattern IGNORED = Pattern.compile(
			"SIGTERM again during shutdown [0-9a-f-]{36}: ignored \\(graceful-shutdown.signals.on-repeat=ignore\\)");

	@Test
	void stormWithRepeatsIgnoredRunsOneSequenceAndExitsWithTheGracefulCode(TestInfo testInfo) throws Exception {
		// The drain lasts 3s at least, so the whole storm (about half a second) reaches a
		// shutdown under way.
		try (SampleAppProcess app = SampleAppProcess.start(testInfo, "--graceful-shutdown.drain.min-delay=3s",
				"--graceful-shutdown.signals.on-repeat=ignore")) {
			SignalStorm storm = app.signalStorm("TERM", STORM);
			assertThat(storm.sent()).isEqualTo(STORM);
			assertThat(storm.took()).isLessThan(Duration.ofSeconds(1));
			assertThat(app.isAlive()).as("alive after the storm").isTrue();
			app.waitForLine("Graceful shutdown started by signal (SIGTERM)", LINE_TIMEOUT);
			assertThat(app.awaitExit(EXIT_TIMEOUT)).as("exit code").isZero();
			assertThat(app.linesContaining("Graceful shutdown started")).hasSize(1);
			assertThat(app.linesContaining("Graceful shutdown complete in ")).singleElement()
				.asString()
				.contains("reason signal (SIGTERM)", "exit code 0");
			assertThat(app.linesContaining("Farewell: graceful shutdown done, exiting with code 0")).hasSize(1);
			// Every signal after the first that reached the JVM on its own is logged as
			// ignored; signals that arrive while one is still pending merge into it.
			List<String> ignored = app.waitForLines(IGNORED, 1, LINE_TIMEOUT);
			assertThat(ignored).hasSizeLessThan(STORM);
			List<String> lines = lines(app);
			assertThat(lines).noneMatch((line) -> STACK_FRAME.matcher(line).find());
			assertThat(lines).noneMatch((line) -> line.contains(" ERROR "));
			assertThat(lines).noneMatch((line) -> line.contains("Exception"));
		}
	}

	@Test
	void stormEscalatesOnceToAHaltWithTheTimeoutCodeAndOneHangReport(TestInfo testInfo) throws Exception {
		// The default: a repeated signal escalates. The drain would last 20s.
		try (SampleAppProcess app = SampleAppProcess.start(testInfo, "--graceful-shutdown.drain.min-delay=20s",
				"--graceful-shutdown.drain.max-delay=20s", "--graceful-shutdown.deadline=25s")) {
			SignalStorm storm = app.signalStorm("TERM", STORM);
			assertThat(storm.sent()).isGreaterThanOrEqualTo(2);
			assertThat(app.awaitExit(EXIT_TIMEOUT)).as("exit code").isEqualTo(124);
			assertThat(app.signalToExit()).isLessThan(ESCALATION_SLACK);
			assertThat(app.linesContaining("Graceful shutdown started")).hasSize(1);
			List<String> escalations = app.linesContaining("SIGTERM again during shutdown ");
			assertThat(escalations).singleElement()
				.asString()
				.contains(" ERROR ", ": escalating, skipping the remaining waits",
						"halting the JVM with exit code 124");
			List<String> lines = lines(app);
			int report = lines.indexOf(escalations.get(0));
			int reportEnd = report + 1;
			while (reportEnd < lines.size() && !LOG_LINE.matcher(lines.get(reportEnd)).find()) {
				reportEnd++;
			}
			List<String> hangReport = lines.subList(report, reportEnd);
			// The storm may escalate before the drain has even begun: any stage will do.
			assertThat(hangReport).anyMatch((line) -> line.startsWith("  stage: "))
				.anyMatch((line) -> STACK_FRAME.matcher(line).find());
			assertThat(lines).filteredOn((line) -> line.startsWith("  stage: ")).hasSize(1);
			assertThat(lines).filteredOn((line) -> line.contains(" ERROR ")).containsExactly(escalations.get(0));
			List<String> outsideTheReport = new ArrayList<>(lines.subList(0, report));
			outsideTheReport.addAll(lines.subList(reportEnd, lines.size()));
			assertThat(outsideTheReport).noneMatch((line) -> STACK_FRAME.matcher(line).find())
				.noneMatch((line) -> line.contains("Exception"));
			assertThat(app.linesContaining("Graceful shutdown complete in ")).isEmpty();
			assertThat(app.linesContaining("Farewell")).isEmpty();
			assertThat(app.linesContaining("Graceful shutdown deadline")).isEmpty();
		}
	}

	private static List<String> lines(SampleAppProcess app) {
		return List.of(app.output().split("\\R"));
	}

}
