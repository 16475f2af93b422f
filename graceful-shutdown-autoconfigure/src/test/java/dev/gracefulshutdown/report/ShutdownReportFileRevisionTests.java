package dev.gracefulshutdown.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.gracefulshutdown.ShutdownOutcome;
import dev.gracefulshutdown.ShutdownReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ShutdownReportFile#shutdownRevised}: the file rewritten when a halt
 * follows the report.
 */
@ExtendWith(OutputCaptureExtension.class)
class ShutdownReportFileRevisionTests {

	@TempDir
	Path directory;

	@Test
	void aRevisedReportReplacesTheOneInTheFile(CapturedOutput output) throws IOException {
		ShutdownReportFile file = new ShutdownReportFile(this.directory.resolve("report.json"));
		ShutdownReport ended = completed(ShutdownReportJsonTests.fullReport());
		file.shutdownEnded(ended);
		assertThat(file.read()).contains(ended);
		ShutdownReport revised = new ShutdownReport(ended.id(), ended.reason(), ended.origin(), ended.detail(),
				ended.requestedAt(), ended.deadline(), ended.deadline(), ShutdownOutcome.DEADLINE_EXCEEDED, 124,
				ended.stages(), ended.phases(), ended.hooks(), ended.requests(), ended.stragglers(),
				ended.childProcesses());
		file.shutdownRevised(revised);
		assertThat(file.read()).contains(revised);
		assertThat(output)
			.contains("Shutdown report in " + file.path() + " rewritten: DEADLINE_EXCEEDED, exit code 124");
	}

	@Test
	void aFailedRewriteIsLoggedAndDoesNotThrow(CapturedOutput output) throws IOException {
		Path blocker = Files.writeString(this.directory.resolve("blocker"), "a file, not a directory");
		ShutdownReportFile file = new ShutdownReportFile(blocker.resolve("report.json"));
		file.shutdownRevised(ShutdownReportJsonTests.fullReport());
		assertThat(output).contains("Cannot rewrite the shutdown report in " + blocker.resolve("report.json"));
	}

	private static ShutdownReport completed(ShutdownReport report) {
		return new ShutdownReport(report.id(), report.reason(), report.origin(), report.detail(), report.requestedAt(),
				report.deadline(), report.duration(), ShutdownOutcome.COMPLETED, 0, report.stages(), report.phases(),
				report.hooks(), report.requests(), report.stragglers(), report.childProcesses());
	}

}
