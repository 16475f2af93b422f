package dev.gracefulshutdown.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.gracefulshutdown.ShutdownOutcome;
import dev.gracefulshutdown.ShutdownReason;
import dev.gracefulshutdown.ShutdownReport;
import dev.gracefulshutdown.ShutdownReport.PhaseTiming;
import dev.gracefulshutdown.ShutdownReport.RequestCounts;
import dev.gracefulshutdown.ShutdownReport.StageTiming;
import dev.gracefulshutdown.ShutdownStage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ShutdownReportSummary}.
 */
class ShutdownReportSummaryTests {

	@Test
	void wholeSecondsArePrintedInSecondsAndTheRestInMilliseconds() {
		ShutdownReport report = new ShutdownReport("id", ShutdownReason.SIGNAL, "SIGTERM", null, Instant.EPOCH,
				Duration.ofMillis(2500), Duration.ofMillis(3), ShutdownOutcome.TIMED_OUT, 0,
				List.of(new StageTiming(ShutdownStage.STOP, Duration.ZERO, null)),
				List.of(new PhaseTiming(100, null, Duration.ofSeconds(60), Duration.ZERO, null, true, List.of()),
						new PhaseTiming(50, null, Duration.ofNanos(1_500_999_999), Duration.ZERO, null, true,
								List.of())),
				List.of(), new RequestCounts(0, 0, 0, 0), List.of(), List.of());
		String summary = ShutdownReportSummary.format(report);
		assertThat(summary).contains("in 3 ms of a 2500ms deadline")
			.contains("TIMED OUT after 60s;")
			.contains("TIMED OUT after 1500ms;");
	}

}
