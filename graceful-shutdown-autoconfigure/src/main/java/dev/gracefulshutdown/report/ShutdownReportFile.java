package dev.gracefulshutdown.report;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

import dev.gracefulshutdown.ShutdownReport;
import dev.gracefulshutdown.ShutdownReportListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The file that holds the report of the last shutdown, as JSON. It is written when a
 * shutdown ends, even right before the watchdog halts the JVM: to a temporary file in the
 * same directory first, forced to disk, then moved over the old one atomically, so that a
 * reader sees either the old report or the new one, never half of one.
 */
public final class ShutdownReportFile implements ShutdownReportListener {

	/**
	 * The largest file read back: a report is a few kilobytes.
	 */
	static final long MAX_SIZE = 1024 * 1024;

	private static final Log logger = LogFactory.getLog(ShutdownReportFile.class);

	private final Path path;

	/**
	 * Create a new report file.
	 * @param path where the report is written
	 */
	public ShutdownReportFile(Path path) {
		Assert.notNull(path, "'path' must not be null");
		this.path = path.toAbsolutePath();
	}

	/**
	 * Return where the report is written.
	 * @return the absolute path
	 */
	public Path path() {
		return this.path;
	}

	@Override
	public void shutdownEnded(ShutdownReport report) {
		try {
			write(report);
			logger.info("Shutdown report written to " + this.path);
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Cannot write the shutdown report to " + this.path + ": " + ex);
		}
	}

	/**
	 * Write a report in place of the one in the file, atomically.
	 * @param report the report
	 * @throws IOException if it cannot be written
	 */
	public void write(ShutdownReport report) throws IOException {
		byte[] content = (ShutdownReportJson.write(report, true) + "\n").getBytes(StandardCharsets.UTF_8);
		Path directory = this.path.getParent();
		if (directory != null) {
			Files.createDirectories(directory);
		}
		Path temporary = Files.createTempFile(directory, "." + this.path.getFileName() + ".", ".tmp");
		try {
			try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE,
					StandardOpenOption.TRUNCATE_EXISTING)) {
				ByteBuffer buffer = ByteBuffer.wrap(content);
				while (buffer.hasRemaining()) {
					channel.write(buffer);
				}
				channel.force(true);
			}
			try {
				Files.move(temporary, this.path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException ex) {
				logger.warn("The file system of " + this.path + " cannot replace a file atomically: the report is"
						+ " replaced in two steps");
				Files.move(temporary, this.path, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

	/**
	 * Read the report in the file.
	 * @return the report, or empty if there is no file
	 * @throws IOException if the file cannot be read
	 * @throws InvalidShutdownReportException if it holds no report this version can read
	 */
	public Optional<ShutdownReport> read() throws IOException {
		long size;
		try {
			size = Files.size(this.path);
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
		if (Files.isDirectory(this.path)) {
			throw new IOException("it is a directory");
		}
		if (size > MAX_SIZE) {
			throw new InvalidShutdownReportException(
					"it has " + size + " bytes, more than a report ever has (" + MAX_SIZE + ")");
		}
		return Optional.of(ShutdownReportJson.read(utf8(Files.readAllBytes(this.path))));
	}

	private static String utf8(byte[] bytes) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new InvalidShutdownReportException("it is not UTF-8 text", ex);
		}
	}

	/**
	 * Return what is wrong with a path as the place of the report file, checked at
	 * startup so that a mistake shows before the first shutdown.
	 * @param path the path
	 * @return the problem, or {@code null} if the path looks usable
	 */
	public static @Nullable String problemWith(Path path) {
		Path absolute = path.toAbsolutePath();
		if (Files.isDirectory(absolute)) {
			return "it is a directory; name a file in it, such as " + absolute.resolve("shutdown-report.json");
		}
		Path directory = absolute.getParent();
		while (directory != null && !Files.exists(directory)) {
			directory = directory.getParent();
		}
		if (directory != null && !Files.isDirectory(directory)) {
			return directory + " is not a directory";
		}
		return null;
	}

	@Override
	public String toString() {
		return "ShutdownReportFile " + this.path;
	}

}
