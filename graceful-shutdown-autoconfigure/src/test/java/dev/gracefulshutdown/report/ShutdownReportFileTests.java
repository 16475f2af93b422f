package dev.gracefulshutdown.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.gracefulshutdown.ShutdownReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests for {@link ShutdownReportFile} and {@link LastShutdownReport}.
 */
@ExtendWith(OutputCaptureExtension.class)
class ShutdownReportFileTests {

	private static final Duration UPPER_BOUND = Duration.ofSeconds(10);

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
		Path path = Files.write(this.directory.resolve("report.json"), new byte[ShutdownReportFile.MAX_SIZE + 1]);
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
	void problemsWithAPathAreNamed() throws Exception {
		assertThat(ShutdownReportFile.problemWith(this.directory.resolve("report.json"))).isNull();
		assertThat(ShutdownReportFile.problemWith(this.directory.resolve("new/dir/report.json"))).isNull();
		assertThat(ShutdownReportFile.problemWith(this.directory)).startsWith("it is a directory; name a file in it");
		Path blocker = Files.writeString(this.directory.resolve("blocker"), "x");
		assertThat(ShutdownReportFile.problemWith(blocker.resolve("report.json")))
			.isEqualTo(blocker + " is not a directory");
		assertThat(ShutdownReportFile.problemWith(fifo(this.directory.resolve("fifo"))))
			.isEqualTo("it is a FIFO, not a regular file; name a regular file, which each shutdown replaces");
		assertThat(ShutdownReportFile.problemWith(Path.of("/dev/null")))
			.startsWith("it is a character device, not a regular file");
		// The check leaves nothing behind.
		try (Stream<Path> files = Files.list(this.directory.resolve("new/dir"))) {
			assertThat(files).isEmpty();
		}
	}

	@Test
	void aDirectoryThatAcceptsNoFilesIsAProblemEvenForRoot() {
		// procfs refuses new files to every user, root included.
		assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs Linux's /proc");
		assertThat(ShutdownReportFile.problemWith(Path.of("/proc/self/report.json")))
			.startsWith("the report cannot be written in /proc/self: creating /proc/self/.report.json.tmp failed (");
		assertThat(ShutdownReportFile.problemWith(Path.of("/proc/self/reports/report.json")))
			.startsWith("the directory /proc/self/reports cannot be created (");
	}

	@Test
	void aReadOnlyDirectoryIsAProblem() throws IOException {
		Path readOnly = Files.createDirectory(this.directory.resolve("read-only"));
		Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
		try {
			assumeFalse(Files.isWritable(readOnly),
					"permission bits do not stop this user (root) from writing; see the /proc test");
			assertThat(ShutdownReportFile.problemWith(readOnly.resolve("report.json")))
				.isEqualTo("the report cannot be written in " + readOnly + ": creating "
						+ readOnly.resolve(".report.json.tmp") + " failed (permission denied)");
		}
		finally {
			Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
		}
	}

	@Test
	void aFifoIsNotReadAndDoesNotHangTheStart(CapturedOutput output) throws Exception {
		Path fifo = fifo(this.directory.resolve("report.json"));
		CompletableFuture<LastShutdownReport> read = readInTheBackground(new ShutdownReportFile(fifo));
		try {
			assertThat(read).succeedsWithin(UPPER_BOUND).satisfies((last) -> assertThat(last.report()).isEmpty());
			assertThat(output).containsOnlyOnce("Ignoring the report of the previous shutdown in " + fifo
					+ ": it is a FIFO, not a regular file; the next shutdown replaces it");
		}
		finally {
			release(fifo, read);
		}
	}

	@Test
	void aDeviceIsNotRead(CapturedOutput output) {
		Path zero = Path.of("/dev/zero");
		assumeTrue(Files.exists(zero), "needs /dev/zero");
		assertThatExceptionOfType(InvalidShutdownReportException.class)
			.isThrownBy(() -> new ShutdownReportFile(zero).read())
			.withMessage("it is a character device, not a regular file");
		CompletableFuture<LastShutdownReport> read = readInTheBackground(new ShutdownReportFile(zero));
		assertThat(read).succeedsWithin(UPPER_BOUND).satisfies((last) -> assertThat(last.report()).isEmpty());
		assertThat(output).containsOnlyOnce("Ignoring the report of the previous shutdown in /dev/zero: it is a"
				+ " character device, not a regular file");
	}

	@Test
	void aWriteLeavesWhatIsNotARegularFileAlone() throws Exception {
		Path fifo = fifo(this.directory.resolve("report.json"));
		ShutdownReportFile file = new ShutdownReportFile(fifo);
		assertThatIOException().isThrownBy(() -> file.write(ShutdownReportJsonTests.fullReport()))
			.withMessage(fifo + " is a FIFO, not a regular file: it is left alone");
		assertThat(Files.isRegularFile(fifo)).isFalse();
		assertThat(Files.exists(fifo)).isTrue();
		try (Stream<Path> files = Files.list(this.directory)) {
			assertThat(files).containsExactly(fifo);
		}
	}

	@Test
	void theTemporaryFileHasAFixedNameThatTheNextWriteReuses() throws IOException {
		ShutdownReportFile file = new ShutdownReportFile(this.directory.resolve("report.json"));
		// What a halt between the write of the temporary file and its move leaves.
		Path temporary = Files.writeString(this.directory.resolve(".report.json.tmp"),
				"{\"format\":1,\"id\":\"half a rep");
		file.write(ShutdownReportJsonTests.fullReport());
		assertThat(file.read()).contains(ShutdownReportJsonTests.fullReport());
		assertThat(temporary).doesNotExist();
		file.write(ShutdownReportJsonTests.fullReport());
		try (Stream<Path> files = Files.list(this.directory)) {
			assertThat(files).containsExactly(this.directory.resolve("report.json"));
		}
	}

	@Test
	void whateverIsAtTheTemporaryNameIsReplacedNotWrittenInto() throws Exception {
		Path path = this.directory.resolve("report.json");
		Path fifo = fifo(this.directory.resolve(".report.json.tmp"));
		assertThat(ShutdownReportFile.problemWith(path)).isNull();
		fifo(fifo);
		ShutdownReportFile file = new ShutdownReportFile(path);
		CompletableFuture<Void> write = CompletableFuture.runAsync(() -> {
			try {
				file.write(ShutdownReportJsonTests.fullReport());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}, (task) -> {
			Thread thread = new Thread(task, "write-report");
			thread.setDaemon(true);
			thread.start();
		});
		try {
			assertThat(write).succeedsWithin(UPPER_BOUND);
			assertThat(file.read()).contains(ShutdownReportJsonTests.fullReport());
			assertThat(fifo).doesNotExist();
		}
		finally {
			if (!write.isDone()) {
				Files.newInputStream(fifo).close();
			}
		}
	}

	@Test
	void temporaryFilesLeftByEarlierRunsAreRemovedWhenTheFileIsFirstRead(CapturedOutput output) throws IOException {
		ShutdownReportFile file = new ShutdownReportFile(this.directory.resolve("report.json"));
		file.write(ShutdownReportJsonTests.fullReport());
		Path fixed = Files.writeString(this.directory.resolve(".report.json.tmp"), "{");
		// As Files.createTempFile named them in earlier versions.
		Path random = Files.writeString(this.directory.resolve(".report.json.8162534112039867545.tmp"), "{");
		List<Path> others = List.of(Files.writeString(this.directory.resolve(".report.json.notes.tmp"), "x"),
				Files.writeString(this.directory.resolve(".other.json.tmp"), "x"),
				Files.writeString(this.directory.resolve("report.json.tmp"), "x"));
		assertThat(LastShutdownReport.readFrom(file).report()).contains(ShutdownReportJsonTests.fullReport());
		assertThat(fixed).doesNotExist();
		assertThat(random).doesNotExist();
		assertThat(others).allSatisfy((other) -> assertThat(other).exists());
		assertThat(output)
			.containsOnlyOnce("Removed " + fixed + ", left by a write of the shutdown report that did" + " not finish")
			.containsOnlyOnce("Removed " + random + ", left by");
	}

	@Test
	void theDirectoryIsForcedAfterTheRename() throws IOException {
		Path path = this.directory.resolve("report.json");
		List<String> forced = new ArrayList<>();
		ShutdownReportFile file = new ShutdownReportFile(path, (directory) -> {
			try {
				// Seen when forced: the new report is in place.
				forced.add(directory + " " + ShutdownReportJson.read(Files.readString(path)).id());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
		ShutdownReport report = ShutdownReportJsonTests.fullReport();
		file.write(report);
		assertThat(forced).containsExactly(this.directory + " " + report.id());
	}

	@Test
	void forcingADirectorySkipsQuietlyWhatCannotBeForced(CapturedOutput output) {
		ShutdownReportFile.forceDirectory(this.directory);
		ShutdownReportFile.forceDirectory(this.directory.resolve("missing"));
		assertThat(output).isEmpty();
	}

	@Test
	void writesFromTwoThreadsTakeTurns() throws Exception {
		ShutdownReportFile file = new ShutdownReportFile(this.directory.resolve("report.json"));
		ShutdownReport report = ShutdownReportJsonTests.fullReport();
		Runnable writes = () -> {
			for (int i = 0; i < 20; i++) {
				try {
					file.write(report);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}
		};
		CompletableFuture<Void> first = CompletableFuture.runAsync(writes, (task) -> new Thread(task).start());
		CompletableFuture<Void> second = CompletableFuture.runAsync(writes, (task) -> new Thread(task).start());
		assertThat(first).succeedsWithin(UPPER_BOUND);
		assertThat(second).succeedsWithin(UPPER_BOUND);
		assertThat(file.read()).contains(report);
		try (Stream<Path> files = Files.list(this.directory)) {
			assertThat(files).containsExactly(this.directory.resolve("report.json"));
		}
	}

	private static CompletableFuture<LastShutdownReport> readInTheBackground(ShutdownReportFile file) {
		// On a thread of its own: a read that hangs fails the test instead of hanging it.
		return CompletableFuture.supplyAsync(() -> LastShutdownReport.readFrom(file), (task) -> {
			Thread thread = new Thread(task, "read-report");
			thread.setDaemon(true);
			thread.start();
		});
	}

	/**
	 * Make a FIFO with {@code mkfifo}.
	 * @param path where
	 * @return the path
	 * @throws Exception if it cannot be made
	 */
	static Path fifo(Path path) throws Exception {
		Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
		assumeTrue(mkfifo.waitFor(UPPER_BOUND.toSeconds(), TimeUnit.SECONDS) && mkfifo.exitValue() == 0,
				"needs mkfifo");
		return path;
	}

	/**
	 * Let a reader blocked on opening a FIFO go, by opening it for writing.
	 * @param fifo the FIFO
	 * @param read the read, done unless it blocked
	 * @throws IOException if the FIFO cannot be opened
	 */
	static void release(Path fifo, CompletableFuture<?> read) throws IOException {
		if (!read.isDone()) {
			Files.newOutputStream(fifo).close();
		}
	}

}
