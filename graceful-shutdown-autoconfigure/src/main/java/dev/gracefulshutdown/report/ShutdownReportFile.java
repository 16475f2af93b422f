package dev.gracefulshutdown.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import dev.gracefulshutdown.ShutdownReport;
import dev.gracefulshutdown.ShutdownReportListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The file that holds the report of the last shutdown, as JSON. It is written when a
 * shutdown ends, even right before the watchdog halts the JVM: to a temporary file of a
 * fixed name in the same directory first, forced to disk, then moved over the old one
 * atomically, and the directory is forced too, so that a reader sees either the old
 * report or the new one, never half of one. A temporary file left by a halt during a
 * write is overwritten by the next write and removed at the next start.
 * <p>
 * Only a regular file is ever read or replaced: a FIFO, a device or a socket at the path
 * is left alone.
 * <p>
 * Longer than most classes here because each of those guarantees (the atomic replace, the
 * forced directory, the bounded read of a regular file only, the leftovers, the rewrite
 * when a halt follows the report) is a few lines of file-system care that belong to the
 * one file and are tested together.
 */
public final class ShutdownReportFile implements ShutdownReportListener {

	/**
	 * The largest file read back: a report is a few kilobytes.
	 */
	static final int MAX_SIZE = 1024 * 1024;

	private static final String TEMPORARY_SUFFIX = ".tmp";

	private static final Log logger = LogFactory.getLog(ShutdownReportFile.class);

	private final Path path;

	private final Consumer<Path> directorySync;

	/**
	 * Create a new report file.
	 * @param path where the report is written
	 */
	public ShutdownReportFile(Path path) {
		this(path, ShutdownReportFile::forceDirectory);
	}

	ShutdownReportFile(Path path, Consumer<Path> directorySync) {
		Assert.notNull(path, "'path' must not be null");
		this.path = path.toAbsolutePath();
		this.directorySync = directorySync;
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
	 * Rewrite the file when the process is halted after the report was written: the
	 * sequence had completed and the file said how the process would exit, but the JVM's
	 * exit that followed (the application's own JVM shutdown hooks) outlived the
	 * deadline. The file then states how the process really ended, so that the next start
	 * shows that too.
	 */
	@Override
	public void shutdownRevised(ShutdownReport report) {
		try {
			write(report);
			logger.info("Shutdown report in " + this.path + " rewritten: " + report.outcome()
					+ ((report.exitCode() != null) ? ", exit code " + report.exitCode() : ""));
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Cannot rewrite the shutdown report in " + this.path + ": " + ex);
		}
	}

	/**
	 * Write a report in place of the one in the file, atomically. Writes are one at a
	 * time: they share the temporary file.
	 * @param report the report
	 * @throws IOException if it cannot be written
	 */
	public synchronized void write(ShutdownReport report) throws IOException {
		byte[] content = (ShutdownReportJson.write(report) + "\n").getBytes(StandardCharsets.UTF_8);
		if (Files.exists(this.path) && !Files.isRegularFile(this.path)) {
			throw new IOException(this.path + " is " + kindOf(this.path) + ", not a regular file: it is left alone");
		}
		Path directory = directory(this.path);
		Files.createDirectories(directory);
		Path temporary = temporaryFile(this.path);
		try {
			// Whatever a halt left there goes: the report is written to a file of its own
			// making, never through a link or into a FIFO.
			Files.deleteIfExists(temporary);
			try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW,
					StandardOpenOption.WRITE)) {
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
			// The rename is an entry of the directory: durable once the directory is.
			this.directorySync.accept(directory);
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

	/**
	 * Read the report in the file. Only a regular file is read, and at most
	 * {@value #MAX_SIZE} bytes of it, whatever size it claims.
	 * @return the report, or empty if there is no file
	 * @throws IOException if the file cannot be read
	 * @throws InvalidShutdownReportException if it holds no report this version can read,
	 * or is not a regular file
	 */
	public Optional<ShutdownReport> read() throws IOException {
		BasicFileAttributes attributes;
		try {
			attributes = Files.readAttributes(this.path, BasicFileAttributes.class);
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
		if (attributes.isDirectory()) {
			throw new IOException("it is a directory");
		}
		if (!attributes.isRegularFile()) {
			// Opening a FIFO waits for a writer; a device never ends.
			throw new InvalidShutdownReportException("it is " + kindOf(this.path) + ", not a regular file");
		}
		byte[] bytes;
		try (InputStream input = Files.newInputStream(this.path)) {
			bytes = input.readNBytes(MAX_SIZE + 1);
		}
		if (bytes.length > MAX_SIZE) {
			throw new InvalidShutdownReportException(
					"it has more than " + MAX_SIZE + " bytes, more than a report ever has");
		}
		return Optional.of(ShutdownReportJson.read(utf8(bytes)));
	}

	/**
	 * Remove the temporary files that writes interrupted by a halt left next to the
	 * report: the one of a fixed name, and those of random names that earlier versions
	 * used. Nothing else is touched.
	 * @return the files removed
	 */
	public List<Path> removeLeftovers() {
		Path directory = directory(this.path);
		String name = this.path.getFileName().toString();
		String prefix = "." + name + ".";
		List<Path> removed = new ArrayList<>();
		try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, (file) -> {
			String fileName = file.getFileName().toString();
			if (!fileName.startsWith(prefix) || !fileName.endsWith(TEMPORARY_SUFFIX)) {
				return false;
			}
			String middle = fileName.substring(prefix.length() - 1, fileName.length() - TEMPORARY_SUFFIX.length());
			// ".report.json.tmp", or ".report.json.<digits>.tmp" as Files.createTempFile
			// named them.
			return middle.isEmpty() || middle.matches("\\.\\d+");
		})) {
			for (Path file : files) {
				if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && Files.deleteIfExists(file)) {
					removed.add(file);
				}
			}
		}
		catch (IOException ex) {
			// A directory that cannot be listed fails the startup check, or the next
			// write says so.
			logger.debug("Cannot look for temporary report files in " + directory + ": " + ex);
		}
		return removed;
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
	 * startup so that a mistake shows before the first shutdown. The directory is created
	 * if it is missing, as the first write would, and is tried by creating (and removing)
	 * the temporary file that writes use: a read-only file system, a directory the
	 * process may not write to, or one that accepts no files show now.
	 * @param path the path
	 * @return the problem, or {@code null} if the path is usable
	 */
	public static @Nullable String problemWith(Path path) {
		Path absolute = path.toAbsolutePath();
		if (Files.isDirectory(absolute)) {
			return "it is a directory; name a file in it, such as " + absolute.resolve("shutdown-report.json");
		}
		if (Files.exists(absolute) && !Files.isRegularFile(absolute)) {
			return "it is " + kindOf(absolute)
					+ ", not a regular file; name a regular file, which each shutdown replaces";
		}
		Path directory = absolute.getParent();
		while (directory != null && !Files.exists(directory)) {
			directory = directory.getParent();
		}
		if (directory != null && !Files.isDirectory(directory)) {
			return directory + " is not a directory";
		}
		return problemWriting(absolute);
	}

	private static @Nullable String problemWriting(Path path) {
		Path directory = directory(path);
		try {
			Files.createDirectories(directory);
		}
		catch (IOException ex) {
			return "the directory " + directory + " cannot be created (" + reason(ex) + ")";
		}
		Path temporary = temporaryFile(path);
		try {
			Files.deleteIfExists(temporary);
			Files.newByteChannel(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
			Files.delete(temporary);
		}
		catch (IOException ex) {
			return "the report cannot be written in " + directory + ": creating " + temporary + " failed (" + reason(ex)
					+ ")";
		}
		return null;
	}

	private static String reason(IOException ex) {
		if (ex instanceof AccessDeniedException) {
			return "permission denied";
		}
		if (ex instanceof NoSuchFileException) {
			return "no such file or directory";
		}
		if (ex instanceof FileSystemException fileSystemException && fileSystemException.getReason() != null) {
			return fileSystemException.getReason();
		}
		return ex.toString();
	}

	/**
	 * Force a directory to disk, so that a file renamed into it stays renamed after a
	 * crash. Where the operating system or the file system cannot open or force a
	 * directory (Windows, some network file systems), it is skipped.
	 * @param directory the directory
	 */
	static void forceDirectory(Path directory) {
		try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
			channel.force(true);
		}
		catch (IOException | UnsupportedOperationException ex) {
			logger.trace("Cannot force directory " + directory + " to disk: " + ex);
		}
	}

	private static Path directory(Path path) {
		Path directory = path.getParent();
		return (directory != null) ? directory : path.getRoot();
	}

	static Path temporaryFile(Path path) {
		return directory(path).resolve("." + path.getFileName() + TEMPORARY_SUFFIX);
	}

	/**
	 * Say what a path that is not a regular file is.
	 * @param path the path
	 * @return a noun, such as "a FIFO"
	 */
	private static String kindOf(Path path) {
		try {
			Object mode = Files.getAttribute(path, "unix:mode");
			if (mode instanceof Integer bits) {
				return switch (bits & 0170000) {
					case 0010000 -> "a FIFO";
					case 0020000 -> "a character device";
					case 0060000 -> "a block device";
					case 0140000 -> "a socket";
					case 0040000 -> "a directory";
					default -> "not a regular file";
				};
			}
		}
		catch (IOException | RuntimeException ex) {
			// No unix view here: say only what it is not.
		}
		return Files.isDirectory(path) ? "a directory" : "something other than a file";
	}

	@Override
	public String toString() {
		return "ShutdownReportFile " + this.path;
	}

}
