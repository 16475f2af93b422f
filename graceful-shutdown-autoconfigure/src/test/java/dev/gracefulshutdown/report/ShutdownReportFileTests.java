package dev.gracefulshutdown.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import dev.gracefulshutdown.ShutdownReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ShutdownReportFile} and {@link LastShutdownReport}.
 */
@ExtendWith(OutputCaptureExtension.class)
class ShutdownReportFileTests {

	@TempDir
	Path directory;

	@Test
	void aWrittenReportIsReadBack() throws IOException {
		ShutdownReportFile file = new ShutdownReportFile(this.directory.resolve("report.json"));
		ShutdownReport report = ShutdownReportJsonTests.fullReport();
		file.write(report);
		assertThat(file.read()).contains(report);
	}

	@Test
	void writingReplacesTheReportAndLeavesNoTemporaryFileBehind() throws IOException {
		ShutdownReportFile file = new ShutdownReportFile(this.directory.resolve("report.json"));
		file.write(ShutdownReportJsonTests.fullReport());
		ShutdownReport second = ShutdownReportJsonTests.fullReport();
		second = new ShutdownReport("second", second.reason(), second.origin(), second.detail(), second.requestedAt(),
				second.deadline(), second.duration(), second.outcome(), second.exitCode(), second.stages(),
				second.phases(), second.hooks(), second.requests(), second.stragglers(), second.childProcesses());
		file.write(second);
		assertThat(file.read()).map(ShutdownReport::id).hasValue("second");
		try (Stream<Path> files = Files.list(this.directory)) {
			assertThat(files).containsExactly(this.directory.resolve("report.json"));
		}
	}

	@Test
	void missingDirectoriesAreCreated() throws IOException {
		ShutdownReportFile file = new ShutdownReportFile(this.directory.resolve("a/b/report.json"));
		file.shutdownEnded(ShutdownReportJsonTests.fullReport());
		assertThat(file.read()).isPresent();
	}

	@Test
	void aFailedWriteIsLoggedAndDoesNotThrow(CapturedOutput output) throws IOException {
		Path blocker = Files.writeString(this.directory.resolve("blocker"), "a file, not a directory");
		ShutdownReportFile file = new ShutdownReportFile(blocker.resolve("report.json"));
		file.shutdownEnded(ShutdownReportJsonTests.fullReport());
		assertThat(output).contains("Cannot write the shutdown report to " + blocker.resolve("report.json"));
	}

	@Test
	void aMissingFileIsNoReport(CapturedOutput output) {
		ShutdownReportFile file = new ShutdownReportFile(this.directory.resolve("report.json"));
		assertThat(LastShutdownReport.readFrom(file).report()).isEmpty();
		assertThat(output).contains("No report of a previous shutdown in " + file.path());
	}

	@Test
	void aReportReadBackIsLoggedOnce(CapturedOutput output) throws IOException {
		ShutdownReportFile file = new ShutdownReportFile(this.directory.resolve("report.json"));
		file.write(ShutdownReportJsonTests.fullReport());
		assertThat(LastShutdownReport.readFrom(file).report()).contains(ShutdownReportJsonTests.fullReport());
		assertThat(output).containsOnlyOnce("Previous shutdown 751bd649-55e5-431e-92c0-8b0410acd47b (request,"
				+ " POST /actuator/shutdown-graceful) at 2026-11-22T03:50:00.229Z: TIMED_OUT in 469 ms, exit code 124");
	}

	@Test
	void aCorruptFileIsLoggedAndIgnored(CapturedOutput output) throws IOException {
		Path path = Files.writeString(this.directory.resolve("report.json"), "{\"format\":1,\"id\":\"x\"");
		assertThat(LastShutdownReport.readFrom(new ShutdownReportFile(path)).report()).isEmpty();
		assertThat(output).containsOnlyOnce("Ignoring the report of the previous shutdown in " + path
				+ ": Malformed JSON: unexpected end of input at offset 20; the next shutdown replaces it");
	}

	@Test
	void aFileThatIsNotUtf8IsLoggedAndIgnored(CapturedOutput output) throws IOException {
		Path path = Files.write(this.directory.resolve("report.json"), new byte[] { '{', (byte) 0xC3, '}' });
		assertThat(LastShutdownReport.readFrom(new ShutdownReportFile(path)).report()).isEmpty();
		assertThat(output).contains("it is not UTF-8 text");
	}

	@Test
	void aHugeFileIsNotRead() throws IOException {
		Path path = Files.write(this.directory.resolve("report.json"), new byte[(int) ShutdownReportFile.MAX_SIZE + 1]);
		assertThatExceptionOfType(InvalidShutdownReportException.class)
			.isThrownBy(() -> new ShutdownReportFile(path).read())
			.withMessageContaining("more than a report ever has");
	}

	@Test
	void aDirectoryIsReadAsAProblem(CapturedOutput output) {
		assertThat(LastShutdownReport.readFrom(new ShutdownReportFile(this.directory)).report()).isEmpty();
		assertThat(output).contains("Ignoring the report of the previous shutdown in " + this.directory);
	}

	@Test
	void problemsWithAPathAreNamed() throws IOException {
		assertThat(ShutdownReportFile.problemWith(this.directory.resolve("report.json"))).isNull();
		assertThat(ShutdownReportFile.problemWith(this.directory.resolve("new/dir/report.json"))).isNull();
		assertThat(ShutdownReportFile.problemWith(this.directory)).startsWith("it is a directory; name a file in it");
		Path blocker = Files.writeString(this.directory.resolve("blocker"), "x");
		assertThat(ShutdownReportFile.problemWith(blocker.resolve("report.json")))
			.isEqualTo(blocker + " is not a directory");
	}

}
