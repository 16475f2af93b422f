package dev.gracefulshutdown.sample;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import dev.gracefulshutdown.sample.SampleAppProcess.SignalStorm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole-process tests of a storm of signals: 100 {@code SIGTERM} within a second, each
 * delivered on a JVM thread of its own, must start one shutdown sequence and end the
 * process once, with the configured exit code and no stack trace. By default the storm
 * joins the shutdown with one log line; configured to escalate, it halts once.
 */
@WholeProcessTest
class SignalStormIT {

	private static final int STORM = 100;

	private static final Duration LINE_TIMEOUT = Duration.ofSeconds(20);

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

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

	private static final Pattern JOINS = Pattern.compile("SIGTERM again during shutdown [0-9a-f-]{36}: it joins the"
			+ " shutdown \\(graceful-shutdown.signals.on-repeat.TERM=join\\); further SIGTERM during this shutdown join it"
			+ " without a log line");

	private final WholeProcessHttp http = new WholeProcessHttp(REQUEST_TIMEOUT);

	@Test
	void stormOfSigtermJoinsOneSequenceWithOneLineAndTheRequestInFlightCompletes(TestInfo testInfo) throws Exception {
		// The defaults: a repeated SIGTERM joins. The request holds the drain for 4s, so
		// the whole storm (about half a second) reaches a shutdown under way.
		try (SampleAppProcess app = SampleAppProcess.start(testInfo)) {
			CompletableFuture<HttpResponse<String>> response = this.http.getAsync(app.uri("/slow?ms=4000"));
			app.waitForLine("slow request started (4000 ms)", LINE_TIMEOUT);
			SignalStorm storm = app.signalStorm("TERM", STORM);
			assertThat(storm.sent()).isEqualTo(STORM);
			assertThat(storm.took()).isLessThan(Duration.ofSeconds(1));
			assertThat(app.isAlive()).as("alive after the storm").isTrue();
			HttpResponse<String> completed = response.get(REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			assertThat(completed.statusCode()).isEqualTo(200);
			assertThat(completed.body()).isEqualTo("slept 4000 ms");
			assertThat(app.awaitExit(EXIT_TIMEOUT)).as("exit code").isZero();
			assertThat(app.linesContaining("Graceful shutdown started")).singleElement()
				.asString()
				.contains("by signal (SIGTERM)", "requests in flight: 1");
			assertThat(app.linesContaining("Graceful shutdown complete in ")).singleElement()
				.asString()
				.contains("reason signal (SIGTERM)", "exit code 0");
			assertThat(app.linesContaining("Farewell: graceful shutdown done, exiting with code 0")).hasSize(1);
			// One line for the whole storm, however many of its signals reached the JVM
			// one by one.
			List<String> lines = lines(app);
			assertThat(lines).filteredOn((line) -> line.contains("SIGTERM again")).singleElement().satisfies((line) -> {
				assertThat(line).contains(" INFO ");
				assertThat(JOINS.matcher(line).find()).as("%s matches %s", line, JOINS).isTrue();
			});
			assertThat(lines).noneMatch((line) -> STACK_FRAME.matcher(line).find());
			assertThat(lines).noneMatch((line) -> line.contains(" ERROR "));
			assertThat(lines).noneMatch((line) -> line.contains("Exception"));
		}
	}

	@Test
	void stormEscalatesOnceToAHaltWithTheTimeoutCodeAndOneHangReport(TestInfo testInfo) throws Exception {
		// SIGTERM configured to escalate, with no repeat window: the first repeat
		// escalates. The drain would last 20s.
		try (SampleAppProcess app = SampleAppProcess.start(testInfo, "--graceful-shutdown.drain.min-delay=20s",
				"--graceful-shutdown.drain.max-delay=20s", "--graceful-shutdown.deadline=25s",
				"--graceful-shutdown.signals.on-repeat.TERM=escalate",
				"--graceful-shutdown.signals.repeat-window=0ms")) {
			SignalStorm storm = app.signalStorm("TERM", STORM);
			assertThat(storm.sent()).isGreaterThanOrEqualTo(2);
			assertThat(app.awaitExit(EXIT_TIMEOUT)).as("exit code").isEqualTo(124);
			assertThat(app.signalToExit()).isLessThan(ESCALATION_SLACK);
			assertThat(app.linesContaining("Graceful shutdown started")).hasSize(1);
			List<String> escalations = app.linesContaining("SIGTERM again during shutdown ");
			assertThat(escalations).singleElement()
				.asString()
				.contains(" ERROR ", ": escalating, skipping the remaining waits",
						"(graceful-shutdown.signals.on-repeat.TERM=escalate)", "halting the JVM with exit code 124");
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
