package dev.gracefulshutdown.report;

import java.util.List;

import dev.gracefulshutdown.ShutdownReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ShutdownReportLogger} and {@link ShutdownReportSummary}.
 */
@ExtendWith(OutputCaptureExtension.class)
class ShutdownReportLoggerTests {

	@Test
	void theSummaryIsAHeadlineAndATableOfStagesWithThePhasesInsideStop() {
		String summary = ShutdownReportSummary.format(ShutdownReportJsonTests.fullReport());
		List<String> lines = summary.lines().toList();
		assertThat(lines.get(0)).isEqualTo("Shutdown report 751bd649-55e5-431e-92c0-8b0410acd47b: request"
				+ " (POST /actuator/shutdown-graceful: deploy \"42\" line two \u00e9), completed, but something"
				+ " overran its timeout, in 469 ms of a 25s deadline, exit code 124");
		assertThat(summary).contains("\n  stage                                  start  duration\n"
				+ "  announce                                0 ms     93 ms\n"
				+ "  drain                                  93 ms      0 ms\n"
				+ "  stop                                   93 ms    335 ms\n"
				+ "    phase web-server-graceful-shutdown   95 ms    280 ms  1 bean\n"
				+ "    phase -100                          380 ms   running  TIMED OUT after 2s; 1 bean, stuck still running\n"
				+ "  release                               428 ms      7 ms\n")
			.contains("  requests: 2 in flight when the drain started, peak 3, 5 served during the drain, 0 in"
					+ " flight when it ended")
			.contains("  hooks: cache.flush (stage stop) 4 ms, audit (phase 100) 1 ms failed")
			.contains("  still running: bean 'stuck' (com.example.Stuck) still stopping")
			.contains("  child process 4242 killed: sleep 60");
		assertThat(summary.indexOf("phase -100")).isBetween(summary.indexOf("  stop "), summary.indexOf("  release "));
	}

	@Test
	void summaryIsLoggedAtInfo(CapturedOutput output) {
		new ShutdownReportLogger(ShutdownReportLogger.Format.SUMMARY)
			.shutdownEnded(ShutdownReportJsonTests.fullReport());
		assertThat(output).contains("Shutdown report 751bd649-55e5-431e-92c0-8b0410acd47b: request")
			.contains("  release ")
			.doesNotContain("\"format\":1");
	}

	@Test
	void jsonIsTheWholeReportOnOneLine(CapturedOutput output) {
		ShutdownReport report = ShutdownReportJsonTests.fullReport();
		new ShutdownReportLogger(ShutdownReportLogger.Format.JSON).shutdownEnded(report);
		String line = output.getOut()
			.lines()
			.filter((candidate) -> candidate.contains("Shutdown report: "))
			.findFirst()
			.orElseThrow();
		assertThat(ShutdownReportJson.read(line.substring(line.indexOf("Shutdown report: ") + 17))).isEqualTo(report);
	}

	@Test
	void noneLogsNothingAtInfo(CapturedOutput output) {
		new ShutdownReportLogger(ShutdownReportLogger.Format.NONE).shutdownEnded(ShutdownReportJsonTests.fullReport());
		assertThat(output).doesNotContain("Shutdown report");
	}

}
