package dev.gracefulshutdown.test;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import dev.gracefulshutdown.ShutdownReport;
import dev.gracefulshutdown.report.InvalidShutdownReportException;
import dev.gracefulshutdown.report.ShutdownReportFile;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A Spring Boot application started from the test's classpath as a process of its own, to
 * be shut down by a real signal: started on a free port, with the test's properties, and
 * ready when {@link ApplicationProcessBuilder#start()} returns; {@link #http()} sends
 * requests to it and records what becomes of them; {@link #shutdown(Signal, Duration)}
 * sends the signal, waits for the exit and returns the {@link ShutdownResult}, with the
 * report the starter wrote.
 * <p>
 * The process runs the application's own {@code main} method, on the JDK of the test (or
 * another one), its output (stdout and stderr) going to a log file. {@link #close()}
 * kills it if it is still alive, so that no test leaves one behind. Signals are sent with
 * {@code kill}: Linux and macOS only.
 * <p>
 * Over 300 lines, as the one type a test holds: most of it is the javadoc of its public
 * methods; starting lives in {@link ApplicationProcessBuilder}, the output in
 * {@link ProcessOutput} and the requests in {@link HttpLoad}.
 *
 * @see GracefulShutdownTest
 */
public final class ApplicationProcess implements AutoCloseable {

	private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

	/**
	 * Gives the JVM the default dispositions of SIGINT and SIGTERM, then replaces itself
	 * with it (same process id): a process started from a background job inherits SIGINT
	 * as ignored, and the JVM would keep it so.
	 */
	static final String DEFAULT_SIGNALS_THEN_EXEC = "$SIG{INT}=\"DEFAULT\"; $SIG{TERM}=\"DEFAULT\"; "
			+ "exec @ARGV or die \"exec: $!\"";

	static final Set<Process> running = ConcurrentHashMap.newKeySet();

	static {
		// Last resort when the test JVM itself ends (a fork timeout, Ctrl-C).
		Runtime.getRuntime()
			.addShutdownHook(
					new Thread(() -> running.forEach(Process::destroyForcibly), "graceful-shutdown-test-reaper"));
	}

	private final Process process;

	private final ProcessOutput output;

	private final Path reportFile;

	private final Instant startedAt;

	private final Duration requestTimeout;

	private volatile int port = -1;

	private volatile int managementPort = -1;

	private volatile @Nullable HttpLoad http;

	private volatile long signalNanos;

	private volatile @Nullable String trigger;

	private volatile @Nullable ShutdownResult result;

	ApplicationProcess(Process process, ProcessOutput output, Path reportFile, Instant startedAt,
			Duration requestTimeout) {
		this.process = process;
		this.output = output;
		this.reportFile = reportFile;
		this.startedAt = startedAt;
		this.requestTimeout = requestTimeout;
	}

	/**
	 * Return a builder of a process that runs the given main class.
	 * @param mainClass the application's main class, with a {@code main(String[])} method
	 * that runs a {@code SpringApplication}
	 * @return the builder
	 */
	public static ApplicationProcessBuilder builder(Class<?> mainClass) {
		return new ApplicationProcessBuilder(mainClass.getName());
	}

	/**
	 * Return the process id.
	 * @return the process id
	 */
	public long pid() {
		return this.process.pid();
	}

	/**
	 * Return the port the application's web server listens on.
	 * @return the port, or {@code -1} without a web server
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Return the port of the management server, when it has one of its own
	 * ({@code management.server.port}).
	 * @return the port, or {@code -1}
	 */
	public int managementPort() {
		return this.managementPort;
	}

	/**
	 * Return the base URI of the application, {@code http://localhost:<port>}.
	 * @return the URI
	 */
	public URI baseUri() {
		Assert.state(this.port > 0, "The application has no web server");
		return URI.create("http://localhost:" + this.port);
	}

	/**
	 * Return the HTTP client bound to the application, which records every request for
	 * the {@link ShutdownResult}.
	 * @return the client
	 */
	public HttpLoad http() {
		HttpLoad http = this.http;
		if (http == null) {
			synchronized (this) {
				http = this.http;
				if (http == null) {
					http = new HttpLoad(baseUri(), this.requestTimeout, () -> this.signalNanos);
					this.http = http;
				}
			}
		}
		return http;
	}

	/**
	 * Return whether the process is still running.
	 * @return whether it is alive
	 */
	public boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * Return the output so far, line by line.
	 * @return the lines
	 */
	public List<String> log() {
		return this.output.lines();
	}

	/**
	 * Return the file that holds the output.
	 * @return the log file
	 */
	public Path logFile() {
		return this.output.logFile();
	}

	/**
	 * Wait until {@code count} lines of the output match the given regular expression,
	 * such as the line an endpoint logs when a request has reached it.
	 * @param regex the regular expression, found anywhere in a line
	 * @param count how many lines
	 * @param timeout the longest time to wait
	 * @return the matching lines so far
	 * @throws AssertionError if they do not come in time, or the process exits first
	 * @throws InterruptedException if interrupted while waiting
	 */
	public List<String> awaitLog(String regex, int count, Duration timeout) throws InterruptedException {
		Pattern pattern = Pattern.compile(regex);
		boolean seen = this.output.await(() -> this.output.matching(pattern).size() >= count || !isAlive(), timeout);
		List<String> matching = this.output.matching(pattern);
		if (matching.size() < count) {
			throw new AssertionError("Expected " + count + " lines of the output to match /" + regex + "/, saw "
					+ matching.size()
					+ (seen ? " when the process exited with " + this.process.exitValue() : " within " + timeout)
					+ this.output.tail());
		}
		return matching;
	}

	/**
	 * Send a signal to the process with {@code kill}.
	 * @param signal the signal
	 * @throws AssertionError if the process has exited already
	 * @throws IOException if {@code kill} cannot be run
	 * @throws InterruptedException if interrupted while waiting for {@code kill}
	 */
	public void signal(Signal signal) throws IOException, InterruptedException {
		if (isWindows()) {
			throw new UnsupportedOperationException(
					"Windows has no signals to send to a JVM: test the shutdown with InProcessShutdown there");
		}
		if (!this.process.isAlive()) {
			throw new AssertionError("Cannot send " + signal.signalName() + ": the process has exited with "
					+ this.process.exitValue() + this.output.tail());
		}
		this.output.note("test sends " + signal.signalName());
		long sentAt = System.nanoTime();
		Process kill = new ProcessBuilder("kill", "-s", signal.name(), Long.toString(pid())).redirectErrorStream(true)
			.start();
		if (!kill.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
			kill.destroyForcibly();
			throw new AssertionError("kill -s " + signal.name() + " did not finish within " + COMMAND_TIMEOUT);
		}
		if (kill.exitValue() != 0) {
			throw new AssertionError("kill -s " + signal.name() + " " + pid() + " failed with " + kill.exitValue()
					+ ": " + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
		}
		if (this.signalNanos == 0) {
			this.signalNanos = sentAt;
			this.trigger = signal.signalName();
		}
	}

	/**
	 * Send a signal, wait for the process to exit, and return how it shut down.
	 * @param signal the signal
	 * @param timeout the longest time to wait for the exit
	 * @return the result
	 * @throws AssertionError if the process does not exit in time
	 * @throws IOException if {@code kill} cannot be run or the report not read
	 * @throws InterruptedException if interrupted while waiting
	 */
	public ShutdownResult shutdown(Signal signal, Duration timeout) throws IOException, InterruptedException {
		signal(signal);
		return awaitExit(timeout);
	}

	/**
	 * Wait for the process to exit after a {@link #signal(Signal) signal}, and return how
	 * it shut down: the exit code, the time from the signal to the exit, the report, the
	 * output, and every request sent through {@link #http()} (those still in flight are
	 * given a few seconds to end, since the exit closed their connections).
	 * @param timeout the longest time to wait for the exit
	 * @return the result
	 * @throws AssertionError if the process does not exit in time
	 * @throws IOException if the report cannot be read
	 * @throws InterruptedException if interrupted while waiting
	 */
	public ShutdownResult awaitExit(Duration timeout) throws IOException, InterruptedException {
		ShutdownResult result = this.result;
		if (result != null) {
			return result;
		}
		String trigger = this.trigger;
		Assert.state(trigger != null, "No signal was sent: call signal(...) or shutdown(...)");
		if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new AssertionError(
					"The process did not exit within " + timeout + " of " + trigger + this.output.tail());
		}
		Duration signalToExit = Duration.ofNanos(System.nanoTime() - this.signalNanos);
		int exitCode = this.process.exitValue();
		this.output.note("process exited with code " + exitCode + ", " + signalToExit.toMillis()
				+ " ms after the first signal was sent");
		if (!this.output.awaitEnd(COMMAND_TIMEOUT)) {
			this.output.note("the output did not end within " + COMMAND_TIMEOUT + " of the exit (a child process?)");
		}
		List<RequestOutcome> requests = List.of();
		HttpLoad http = this.http;
		if (http != null) {
			http.settle(COMMAND_TIMEOUT);
			requests = http.outcomes();
		}
		ReportRead report = readReport();
		result = new ShutdownResult(trigger, exitCode, signalToExit, report.report(), report.source(),
				this.output.lines(), this.output.logFile(), requests);
		this.result = result;
		return result;
	}

	private ReportRead readReport() throws IOException {
		ShutdownReportFile file = new ShutdownReportFile(this.reportFile);
		try {
			ShutdownReport report = file.read().orElse(null);
			if (report == null) {
				return new ReportRead(null, "no report in " + file.path());
			}
			if (report.requestedAt().isBefore(this.startedAt)) {
				return new ReportRead(null,
						"only the report of an earlier run in " + file.path() + " (" + report.requestedAt() + ")");
			}
			return new ReportRead(report, file.path().toString());
		}
		catch (InvalidShutdownReportException ex) {
			return new ReportRead(null, "an unreadable report in " + file.path() + ": " + ex.getMessage());
		}
	}

	/**
	 * Kill the process if it is still alive, and close its log.
	 */
	@Override
	public void close() {
		HttpLoad http = this.http;
		if (http != null) {
			http.close();
		}
		try {
			if (this.process.isAlive()) {
				this.output.note("test kills the process");
				this.process.destroyForcibly();
				if (!this.process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
					throw new IllegalStateException("Process " + pid() + " survived SIGKILL for " + COMMAND_TIMEOUT);
				}
			}
			this.output.close(COMMAND_TIMEOUT);
		}
		catch (InterruptedException ex) {
			// The kill is sent; the shutdown hook reaps the process if it is still there.
			Thread.currentThread().interrupt();
		}
		finally {
			running.remove(this.process);
		}
	}

	@Override
	public String toString() {
		return "application process " + pid() + " (port " + this.port + ", log " + this.output.logFile() + ")";
	}

	static boolean isWindows() {
		return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
	}

	private record ReportRead(@Nullable ShutdownReport report, String source) {

	}

	void awaitReady(Path readyFile, Duration timeout) throws IOException, InterruptedException {
		boolean ready = this.output.await(() -> Files.exists(readyFile) || !this.process.isAlive(), timeout);
		if (!Files.exists(readyFile)) {
			throw new AssertionError("The application was not ready "
					+ (ready ? "when its process exited with " + this.process.exitValue() : "within " + timeout)
					+ this.output.tail());
		}
		Properties properties = new Properties();
		properties.load(new StringReader(Files.readString(readyFile, StandardCharsets.UTF_8)));
		this.port = Integer.parseInt(properties.getProperty(ShutdownTestLauncher.PORT, "-1"));
		this.managementPort = Integer.parseInt(properties.getProperty(ShutdownTestLauncher.MANAGEMENT_PORT, "-1"));
		// What a start costs, for keeping such tests few.
		String cpu = this.process.info()
			.totalCpuDuration()
			.map((time) -> ", " + time.toMillis() + " ms of CPU time so far")
			.orElse("");
		this.output.note("application ready: pid " + pid() + ", port " + this.port + ", management port "
				+ this.managementPort + cpu);
	}

}
