package dev.gracefulshutdown.test;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * The output of a process (stdout and stderr), read line by line on a thread of its own:
 * kept in memory for the waits, which are woken by each new line, and copied to a log
 * file.
 */
final class ProcessOutput {

	private static final int TAIL_LINES = 40;

	/**
	 * How often a wait looks at what no line announces (a file, the process's end).
	 */
	private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

	private final Path logFile;

	private final BufferedWriter log;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	private final List<String> lines = new ArrayList<>();

	private final Thread reader;

	private boolean ended;

	ProcessOutput(Path logFile, List<String> command, InputStream output, String threadName) throws IOException {
		this.logFile = logFile;
		Files.createDirectories(logFile.toAbsolutePath().getParent());
		this.log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
		note(String.join(" ", command));
		this.reader = new Thread(() -> read(output), threadName);
		this.reader.setDaemon(true);
		this.reader.start();
	}

	Path logFile() {
		return this.logFile;
	}

	/**
	 * Write a line of the test's own to the log file, marked with {@code ###}.
	 * @param text the text
	 */
	void note(String text) {
		this.lock.lock();
		try {
			writeToLog("### " + text);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Wait until the condition holds, rechecking it at every new line and at least every
	 * 50 ms.
	 * @param condition the condition, checked under the output's lock
	 * @param timeout the longest time to wait
	 * @return whether it held in time
	 * @throws InterruptedException if interrupted while waiting
	 */
	boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		this.lock.lock();
		try {
			while (!condition.getAsBoolean()) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					return false;
				}
				this.changed.awaitNanos(Math.min(remaining, RECHECK_NANOS));
			}
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Wait until the output has ended (the process and every process that shares its
	 * output have exited).
	 * @param timeout the longest time to wait
	 * @return whether it ended in time
	 * @throws InterruptedException if interrupted while waiting
	 */
	boolean awaitEnd(Duration timeout) throws InterruptedException {
		return await(() -> this.ended, timeout);
	}

	List<String> matching(Pattern pattern) {
		this.lock.lock();
		try {
			List<String> matching = new ArrayList<>();
			for (String line : this.lines) {
				if (pattern.matcher(line).find()) {
					matching.add(line);
				}
			}
			return matching;
		}
		finally {
			this.lock.unlock();
		}
	}

	List<String> lines() {
		this.lock.lock();
		try {
			return List.copyOf(this.lines);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return the last lines and where the rest is, for failure messages.
	 * @return the description
	 */
	String tail() {
		this.lock.lock();
		try {
			int from = Math.max(0, this.lines.size() - TAIL_LINES);
			return System.lineSeparator() + "--- full output in " + this.logFile + "; last "
					+ (this.lines.size() - from) + " lines:" + System.lineSeparator()
					+ String.join(System.lineSeparator(), this.lines.subList(from, this.lines.size()));
		}
		finally {
			this.lock.unlock();
		}
	}

	void close(Duration timeout) throws InterruptedException {
		this.reader.join(timeout.toMillis());
		this.lock.lock();
		try {
			this.log.close();
		}
		catch (IOException ex) {
			// Nothing more to write anyway.
		}
		finally {
			this.ended = true;
			this.lock.unlock();
		}
	}

	private void read(InputStream output) {
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
			String line = reader.readLine();
			while (line != null) {
				this.lock.lock();
				try {
					writeToLog(line);
					this.lines.add(line);
					this.changed.signalAll();
				}
				finally {
					this.lock.unlock();
				}
				line = reader.readLine();
			}
		}
		catch (IOException ex) {
			// The stream is closed under us when the process is killed: the output ends
			// here either way.
		}
		finally {
			this.lock.lock();
			try {
				this.ended = true;
				this.changed.signalAll();
			}
			finally {
				this.lock.unlock();
			}
		}
	}

	private void writeToLog(String line) {
		try {
			this.log.write(line);
			this.log.newLine();
			this.log.flush();
		}
		catch (IOException ex) {
			// A closed log (after close()) or a full disk must not stop the
			// reading, which keeps the process's pipe from filling up.
		}
	}

}
