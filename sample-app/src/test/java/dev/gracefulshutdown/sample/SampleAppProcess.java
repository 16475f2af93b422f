package dev.gracefulshutdown.sample;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.TestInfo;

import org.springframework.util.StringUtils;

/**
 * The sample application's jar started as a real JVM, for the tests that only a whole
 * process can answer: real signals, real exit codes, real HTTP. The small applications of
 * the per-server tests are started the same way from a main class on the test classpath
 * ({@link #startMainClass}).
 * <p>
 * All output (stdout and stderr) goes to one file per test under
 * {@code target/whole-process-tests/<runtime>/} and is kept in memory for the waits,
 * which are bounded and woken by each new line. {@link #close()} kills the process if it
 * is still alive, so no test leaves one behind.
 * <p>
 * {@link #startWithOutputRelay} puts a separate process between the JVM and this one: the
 * JVM writes to a named pipe that {@code cat} reads. Stopping that relay
 * ({@link #stopOutputRelay()}) fills the pipe, and every write of the JVM to its output
 * then blocks, as with a stalled container log driver.
 */
final class SampleAppProcess implements AutoCloseable {

	/**
	 * Logged once per web server: first by the application's, then, when the actuator has
	 * a port of its own, by the management server's. Both start on the main thread before
	 * "Started SampleApplication", in lifecycle phase order: the application's server in
	 * {@code WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE}, the management
	 * context in the later {@code GRACEFUL_SHUTDOWN_PHASE - 512} (Spring Boot 4.1's
	 * {@code ChildManagementContextInitializer}).
	 */
	private static final Pattern WEB_SERVER_STARTED = Pattern.compile("(?:Tomcat|Jetty|Netty) started on port (\\d+)");

	/**
	 * Options of every child JVM. A child lives for seconds: C2 and the parallel
	 * collector's threads would only compete with the other JVMs of the suite for the CI
	 * machine's cores (only the C1 compiler and the serial collector roughly halve the
	 * CPU time of a Spring Boot start). What the tests assert does not depend on either.
	 */
	private static final List<String> CHILD_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

	/**
	 * The application argument that starts the management server (on a free port, bound
	 * to loopback as the sample configures it), for the tests that use the actuator:
	 * without it the management server is off ({@code management.server.port=-1}), which
	 * saves a second web server and context at every start. {@code /readyz} and
	 * {@code /livez} stay on the application's port either way.
	 */
	static final String MANAGEMENT_SERVER = "--management.server.port=0";

	private static final String NO_MANAGEMENT_SERVER = "--management.server.port=-1";

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

	private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

	private static final int TAIL_LINES = 60;

	/**
	 * Gives the JVM default dispositions for SIGINT and SIGTERM, then replaces itself
	 * with it (same PID): a job started in the background inherits SIGINT as ignored, and
	 * the JVM would keep it ignored.
	 */
	private static final String DEFAULT_SIGNALS_THEN_EXEC = "$SIG{INT}=\"DEFAULT\"; $SIG{TERM}=\"DEFAULT\"; "
			+ "exec @ARGV or die \"exec: $!\"";

	private static final Set<Process> started = ConcurrentHashMap.newKeySet();

	static {
		// Last resort when the test JVM itself is ended (a fork timeout, Ctrl-C).
		Runtime.getRuntime()
			.addShutdownHook(new Thread(() -> started.forEach(Process::destroyForcibly), "sample-app-reaper"));
	}

	private final String name;

	private final Process process;

	/**
	 * The process that carries the output from the JVM to this one, or the JVM itself
	 * when it writes to this one directly.
	 */
	private final Process relay;

	private final Path logFile;

	private final BufferedWriter log;

	private final Thread outputReader;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition outputChanged = this.lock.newCondition();

	private final List<String> lines = new ArrayList<>();

	private boolean outputEnded;

	private boolean logClosed;

	private volatile long firstSignalNanos;

	private volatile long exitSeenNanos;

	private volatile int port;

	private volatile int managementPort;

	private SampleAppProcess(String name, Process process, Process relay, Path logFile, BufferedWriter log) {
		this.name = name;
		this.process = process;
		this.relay = relay;
		this.logFile = logFile;
		this.log = log;
		this.outputReader = new Thread(() -> readOutput(relay.getInputStream()), "sample-app-output-" + name);
		this.outputReader.setDaemon(true);
		this.outputReader.start();
	}

	/**
	 * Start the sample application on a free port (and its management server on another
	 * one when the arguments hold {@link #MANAGEMENT_SERVER}), named after the running
	 * test, and wait until it has started.
	 * @param testInfo the running test
	 * @param arguments the application arguments, such as
	 * {@code --graceful-shutdown.deadline=4s}
	 * @return the started application
	 * @throws IOException if the process cannot be started
	 * @throws InterruptedException if interrupted while waiting for it to start
	 */
	static SampleAppProcess start(TestInfo testInfo, String... arguments) throws IOException, InterruptedException {
		return start(testName(testInfo), arguments);
	}

	/**
	 * Start the sample application on a free port (and its management server on another
	 * one when the arguments hold {@link #MANAGEMENT_SERVER}) and wait until it has
	 * started. The arguments must not set {@code server.port}, nor
	 * {@code management.server.port} other than through {@link #MANAGEMENT_SERVER}.
	 * @param name the name of the log file, without extension
	 * @param arguments the application arguments
	 * @return the started application
	 * @throws IOException if the process cannot be started
	 * @throws InterruptedException if interrupted while waiting for it to start
	 */
	static SampleAppProcess start(String name, String... arguments) throws IOException, InterruptedException {
		return start(name, SampleJarLaunch.arguments(), "SampleApplication", true, arguments);
	}

	/**
	 * Start the sample application like {@link #start(TestInfo, String...)}, with its
	 * output (stdout and stderr) going to a named pipe that a separate process,
	 * {@code cat}, relays to this one, so that a test can stall the output
	 * ({@link #stopOutputRelay()}).
	 * @param testInfo the running test
	 * @param arguments the application arguments
	 * @return the started application
	 * @throws IOException if a process cannot be started
	 * @throws InterruptedException if interrupted while waiting for it to start
	 */
	static SampleAppProcess startWithOutputRelay(TestInfo testInfo, String... arguments)
			throws IOException, InterruptedException {
		SampleAppProcess app = spawn(testName(testInfo), SampleJarLaunch.arguments(), true, arguments);
		return awaitStarted(app, "SampleApplication", true);
	}

	/**
	 * Start the sample application without a web server
	 * ({@code --spring.main.web-application-type=none}) and wait until it has started.
	 * @param testInfo the running test
	 * @param arguments further application arguments
	 * @return the started application, without ports
	 * @throws IOException if the process cannot be started
	 * @throws InterruptedException if interrupted while waiting for it to start
	 */
	static SampleAppProcess startWithoutWebServer(TestInfo testInfo, String... arguments)
			throws IOException, InterruptedException {
		List<String> all = new ArrayList<>(List.of("--spring.main.web-application-type=none"));
		all.addAll(List.of(arguments));
		return start(testName(testInfo), SampleJarLaunch.arguments(), "SampleApplication", false,
				all.toArray(String[]::new));
	}

	/**
	 * Start an application from a main class on this JVM's classpath (the failsafe test
	 * classpath) on a free port (and its management server on another one when the
	 * arguments hold {@link #MANAGEMENT_SERVER}), and wait until it has started.
	 * @param testInfo the running test
	 * @param mainClass the application's main class
	 * @param arguments the application arguments
	 * @return the started application
	 * @throws IOException if the process cannot be started
	 * @throws InterruptedException if interrupted while waiting for it to start
	 */
	static SampleAppProcess startMainClass(TestInfo testInfo, Class<?> mainClass, String... arguments)
			throws IOException, InterruptedException {
		return start(testName(testInfo), List.of("-cp", requiredProperty("java.class.path"), mainClass.getName()),
				mainClass.getSimpleName(), true, arguments);
	}

	private static String testName(TestInfo testInfo) {
		return testInfo.getTestClass().map(Class::getSimpleName).orElse("test") + "."
				+ testInfo.getTestMethod().map((method) -> method.getName()).orElse("unknown");
	}

	/**
	 * Return the sample application's jar for the running test's {@link ChildRuntime}, as
	 * the build made it.
	 * @return the jar
	 */
	static Path sampleJar() {
		return ChildRuntime.current().sampleJar();
	}

	/**
	 * Start the process and return at once, without waiting for anything it logs.
	 * @param name the name of the log file, without extension
	 * @param launch what follows {@code java}: {@code -jar} and the jar, or the classpath
	 * and a main class
	 * @param relayed whether the output goes through a relay process (see
	 * {@link #startWithOutputRelay})
	 * @param arguments the application arguments
	 * @return the process, still starting
	 * @throws IOException if the process cannot be started
	 */
	private static SampleAppProcess spawn(String name, List<String> launch, boolean relayed, String... arguments)
			throws IOException {
		// The jar's directory (target/) is the working directory in every case.
		Path jar = Path.of(requiredProperty("sample.jar")).toAbsolutePath();
		List<String> command = new ArrayList<>(
				List.of("perl", "-e", DEFAULT_SIGNALS_THEN_EXEC, Path.of(javaHome(), "bin", "java").toString()));
		command.addAll(CHILD_JVM_OPTIONS);
		command.addAll(launch);
		command.add("--server.port=0");
		if (Arrays.stream(arguments).noneMatch((argument) -> argument.startsWith("--management.server.port="))) {
			command.add(NO_MANAGEMENT_SERVER);
		}
		if (virtualThreads()) {
			command.add("--spring.threads.virtual.enabled=true");
		}
		command.addAll(List.of(arguments));
		Path logDirectory = logDirectory();
		Files.createDirectories(logDirectory);
		Path logFile = logDirectory.resolve(name + ".log");
		BufferedWriter log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
		log.write("### " + String.join(" ", command));
		log.newLine();
		log.flush();
		ProcessBuilder builder = new ProcessBuilder(command).directory(jar.getParent().toFile())
			.redirectErrorStream(true);
		Path pipe = logDirectory.resolve(name + ".pipe");
		Process relay = null;
		Process process;
		try {
			if (relayed) {
				makeNamedPipe(pipe);
				relay = new ProcessBuilder("cat", pipe.toString()).redirectErrorStream(true).start();
				started.add(relay);
				relay.getOutputStream().close();
				// Opening a named pipe for writing waits for its reader: cat, started
				// above.
				builder.redirectOutput(pipe.toFile());
			}
			process = builder.start();
			if (relayed) {
				// Both ends are open: the name is no longer needed.
				Files.delete(pipe);
			}
		}
		catch (IOException | RuntimeException ex) {
			log.close();
			if (relay != null) {
				relay.destroyForcibly();
			}
			throw ex;
		}
		started.add(process);
		process.getOutputStream().close();
		return new SampleAppProcess(name, process, (relay != null) ? relay : process, logFile, log);
	}

	/**
	 * Return the home of the JDK the child JVMs of the running test start on.
	 * @return the JDK's home directory
	 * @see ChildRuntime#current()
	 */
	static String javaHome() {
		return ChildRuntime.current().javaHome().toString();
	}

	private static boolean virtualThreads() {
		return ChildRuntime.current().virtualThreads();
	}

	/**
	 * Return the directory of the running test's logs (and of what the child JVMs of its
	 * runtime share, such as {@link SampleJarLaunch}'s files): one per
	 * {@link ChildRuntime}, under the jar's directory.
	 * @return the directory, which may not exist yet
	 */
	static Path logDirectory() {
		return Path.of(requiredProperty("sample.jar"))
			.toAbsolutePath()
			.getParent()
			.resolve("whole-process-tests")
			.resolve(ChildRuntime.current().directoryName());
	}

	/**
	 * Start a JVM with the given launch and wait until the application has started.
	 * @param name the name of the log file, without extension
	 * @param launch what follows {@code java} and {@link #CHILD_JVM_OPTIONS}: JVM
	 * options, then {@code -jar} and the jar, or the classpath and a main class
	 * @param applicationName the simple name of the application's main class
	 * @param webServer whether the application starts a web server
	 * @param arguments the application arguments
	 * @return the started application
	 * @throws IOException if the process cannot be started
	 * @throws InterruptedException if interrupted while waiting for it to start
	 */
	static SampleAppProcess start(String name, List<String> launch, String applicationName, boolean webServer,
			String... arguments) throws IOException, InterruptedException {
		return awaitStarted(spawn(name, launch, false, arguments), applicationName, webServer);
	}

	private static void makeNamedPipe(Path pipe) throws IOException {
		Files.deleteIfExists(pipe);
		Process mkfifo = new ProcessBuilder("mkfifo", pipe.toString()).redirectErrorStream(true).start();
		boolean finished;
		try {
			finished = mkfifo.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			finished = false;
		}
		if (!finished) {
			mkfifo.destroyForcibly();
			throw new IOException("mkfifo did not finish within " + COMMAND_TIMEOUT);
		}
		if (mkfifo.exitValue() != 0) {
			throw new IOException("mkfifo " + pipe + " failed with " + mkfifo.exitValue() + ": "
					+ new String(mkfifo.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
		}
	}

	private static SampleAppProcess awaitStarted(SampleAppProcess app, String applicationName, boolean webServer)
			throws InterruptedException {
		try {
			app.waitForLine(Pattern.compile("Started " + Pattern.quote(applicationName) + " in "), STARTUP_TIMEOUT);
			if (!webServer) {
				List<String> portLines = app.linesContaining(" started on port ");
				if (!portLines.isEmpty()) {
					throw new IllegalStateException("A web server started although none was expected: " + portLines);
				}
				return app;
			}
			app.usePorts(app.waitForLines(WEB_SERVER_STARTED, 1, COMMAND_TIMEOUT));
			return app;
		}
		catch (RuntimeException | Error | InterruptedException ex) {
			app.close();
			throw ex;
		}
	}

	/**
	 * Return the PID of the JVM.
	 * @return the PID
	 */
	long pid() {
		return this.process.pid();
	}

	/**
	 * Return the port the application listens on.
	 * @return the port
	 */
	int port() {
		return this.port;
	}

	/**
	 * Return the port the actuator listens on: the management server's, which the sample
	 * binds to loopback (started with {@link #MANAGEMENT_SERVER}), else the
	 * application's.
	 * @return the port
	 */
	int managementPort() {
		return this.managementPort;
	}

	/**
	 * Return the URI of a path on the application.
	 * @param pathAndQuery the path, with its query if any
	 * @return the URI
	 */
	URI uri(String pathAndQuery) {
		return URI.create("http://localhost:" + this.port + pathAndQuery);
	}

	/**
	 * Return the URI of a path on the management server, over loopback.
	 * @param pathAndQuery the path, with its query if any
	 * @return the URI
	 */
	URI managementUri(String pathAndQuery) {
		return URI.create("http://127.0.0.1:" + this.managementPort + pathAndQuery);
	}

	/**
	 * Return whether the process is still running.
	 * @return whether it is alive
	 */
	boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * Send a signal to the process with {@code kill -s}.
	 * @param signal the signal name, such as {@code TERM}
	 * @throws IOException if {@code kill} cannot be started
	 * @throws InterruptedException if interrupted while waiting for {@code kill}
	 */
	void signal(String signal) throws IOException, InterruptedException {
		if (!this.process.isAlive()) {
			throw new AssertionError("Cannot send SIG" + signal + ": the process has exited" + describe());
		}
		note("test sends SIG" + signal);
		long sentAt = System.nanoTime();
		runCommand("kill -s " + signal + " " + pid(), "kill", "-s", signal, Long.toString(pid()));
		recordFirstSignal(sentAt);
	}

	/**
	 * Stop the process that relays the output ({@code SIGSTOP}): the pipe between it and
	 * the JVM fills, and the JVM's writes to its output block from then on.
	 * @throws IOException if {@code kill} cannot be started
	 * @throws InterruptedException if interrupted while waiting for {@code kill}
	 */
	void stopOutputRelay() throws IOException, InterruptedException {
		if (this.relay == this.process) {
			throw new IllegalStateException("No output relay: start the application with startWithOutputRelay");
		}
		note("test stops the output relay (pid " + this.relay.pid() + ")");
		runCommand("kill -STOP", "kill", "-STOP", Long.toString(this.relay.pid()));
	}

	private void resumeOutputRelay() throws IOException, InterruptedException {
		if (this.relay != this.process && this.relay.isAlive()) {
			runCommand("kill -CONT", "kill", "-CONT", Long.toString(this.relay.pid()));
		}
	}

	private void recordFirstSignal(long sentAt) {
		if (this.firstSignalNanos == 0) {
			this.firstSignalNanos = sentAt;
		}
	}

	/**
	 * Run a short command to its end, bounded by {@link #COMMAND_TIMEOUT}.
	 * @param what the command, as the failure messages name it
	 * @param command the command and its arguments
	 * @return its output (stdout and stderr), trimmed
	 * @throws IOException if it cannot be started
	 * @throws InterruptedException if interrupted while waiting for it
	 * @throws AssertionError if it does not finish in time or exits with a status other
	 * than 0
	 */
	private String runCommand(String what, String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
			process.destroyForcibly();
			throw new AssertionError(what + " did not finish within " + COMMAND_TIMEOUT);
		}
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
		if (process.exitValue() != 0) {
			throw new AssertionError(what + " failed with " + process.exitValue() + ": " + output + describe());
		}
		return output;
	}

	/**
	 * Wait until a line contains the given text.
	 * @param text the text
	 * @param timeout the longest time to wait
	 * @return the first such line
	 * @throws InterruptedException if interrupted while waiting
	 */
	String waitForLine(String text, Duration timeout) throws InterruptedException {
		return waitForLine(Pattern.compile(Pattern.quote(text)), timeout);
	}

	/**
	 * Wait until a line matches the given pattern.
	 * @param pattern the pattern, found anywhere in the line
	 * @param timeout the longest time to wait
	 * @return the first matching line
	 * @throws InterruptedException if interrupted while waiting
	 */
	String waitForLine(Pattern pattern, Duration timeout) throws InterruptedException {
		return waitForLines(pattern, 1, timeout).get(0);
	}

	/**
	 * Wait until at least {@code count} lines match the given pattern.
	 * @param pattern the pattern, found anywhere in a line
	 * @param count the number of lines to wait for
	 * @param timeout the longest time to wait
	 * @return every matching line so far
	 * @throws InterruptedException if interrupted while waiting
	 */
	List<String> waitForLines(Pattern pattern, int count, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		this.lock.lock();
		try {
			while (true) {
				List<String> matching = matching(pattern);
				if (matching.size() >= count) {
					return matching;
				}
				if (this.outputEnded) {
					throw new AssertionError("The output ended (" + exitDescription() + ") with " + matching.size()
							+ " of " + count + " lines matching /" + pattern + "/" + describe());
				}
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					throw new AssertionError("Waited " + timeout + " for " + count + " lines matching /" + pattern
							+ "/, saw " + matching.size() + describe());
				}
				this.outputChanged.awaitNanos(remaining);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return the lines so far that contain the given text.
	 * @param text the text
	 * @return the lines
	 */
	List<String> linesContaining(String text) {
		this.lock.lock();
		try {
			return matching(Pattern.compile(Pattern.quote(text)));
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return the index of the first line so far that contains the given text, for
	 * checking the order of events.
	 * @param text the text
	 * @return the index, or {@code -1} if no line contains it
	 */
	int indexOfLine(String text) {
		this.lock.lock();
		try {
			for (int i = 0; i < this.lines.size(); i++) {
				if (this.lines.get(i).contains(text)) {
					return i;
				}
			}
			return -1;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return the whole output so far.
	 * @return the output, one line per line
	 */
	String output() {
		this.lock.lock();
		try {
			return String.join(System.lineSeparator(), this.lines);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Wait until the process exits and its output has been read to the end.
	 * @param timeout the longest time to wait for the exit
	 * @return the exit code
	 * @throws InterruptedException if interrupted while waiting
	 */
	int awaitExit(Duration timeout) throws InterruptedException {
		if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new AssertionError("The process did not exit within " + timeout + describe());
		}
		if (this.exitSeenNanos == 0) {
			this.exitSeenNanos = System.nanoTime();
		}
		try {
			// What the JVM wrote before it ended is still in the pipe: let the relay
			// pass it on, then see the end of it.
			resumeOutputRelay();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		long deadline = System.nanoTime() + COMMAND_TIMEOUT.toNanos();
		this.lock.lock();
		try {
			while (!this.outputEnded) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					throw new AssertionError("The process exited but its output did not end within " + COMMAND_TIMEOUT
							+ " (a child process holding it?)" + describe());
				}
				this.outputChanged.awaitNanos(remaining);
			}
		}
		finally {
			this.lock.unlock();
		}
		int exitCode = this.process.exitValue();
		note("process exited with code " + exitCode + ((this.firstSignalNanos != 0)
				? ", " + signalToExit().toMillis() + " ms after the first signal was sent" : ""));
		return exitCode;
	}

	/**
	 * Return the time from the moment the first signal was sent to the moment
	 * {@link #awaitExit(Duration)} saw the process exit: call that right after the signal
	 * for a close measure.
	 * @return the time
	 */
	Duration signalToExit() {
		if (this.firstSignalNanos == 0 || this.exitSeenNanos == 0) {
			throw new IllegalStateException("No signal was sent or the process was not awaited");
		}
		return Duration.ofNanos(this.exitSeenNanos - this.firstSignalNanos);
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			note("test destroys the process forcibly");
			this.process.destroyForcibly();
		}
		if (this.relay != this.process && this.relay.isAlive()) {
			try {
				resumeOutputRelay();
			}
			catch (IOException | InterruptedException | AssertionError ex) {
				// SIGKILL ends a stopped process too.
				if (ex instanceof InterruptedException) {
					Thread.currentThread().interrupt();
				}
			}
			this.relay.destroyForcibly();
		}
		try {
			if (!this.process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException("Process " + pid() + " survived SIGKILL for " + COMMAND_TIMEOUT);
			}
			if (!this.relay.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException(
						"Output relay " + this.relay.pid() + " survived SIGKILL for " + COMMAND_TIMEOUT);
			}
			this.outputReader.join(COMMAND_TIMEOUT.toMillis());
		}
		catch (InterruptedException ex) {
			// The kill is sent; the shutdown hook reaps it if this thread cannot wait.
			Thread.currentThread().interrupt();
			return;
		}
		finally {
			closeLog();
		}
		started.remove(this.process);
		started.remove(this.relay);
	}

	private void closeLog() {
		this.lock.lock();
		try {
			this.logClosed = true;
			this.log.close();
		}
		catch (IOException ex) {
			// Nothing more to write anyway.
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public String toString() {
		return this.name + " (pid " + pid() + ", port " + this.port + ", management port " + this.managementPort + ")";
	}

	/**
	 * Start the sample application like {@link #start(TestInfo, String...)}, but return
	 * as soon as the process is spawned, for tests of what happens while it starts: wait
	 * for a line of the startup, then call {@link #usePortsLoggedSoFar()} once the web
	 * servers have logged their ports.
	 * @param testInfo the running test
	 * @param arguments the application arguments
	 * @return the process, still starting
	 * @throws IOException if the process cannot be started
	 * @throws InterruptedException if interrupted while the launch is prepared (see
	 * {@link SampleJarLaunch})
	 */
	static SampleAppProcess launch(TestInfo testInfo, String... arguments) throws IOException, InterruptedException {
		return spawn(testName(testInfo), SampleJarLaunch.arguments(), false, arguments);
	}

	/**
	 * Take the ports of the application and of its management server from the lines
	 * logged so far, for a process started with {@link #launch(TestInfo, String...)}.
	 * @throws AssertionError if no web server has logged its port yet
	 */
	void usePortsLoggedSoFar() {
		List<String> portLines;
		this.lock.lock();
		try {
			portLines = matching(WEB_SERVER_STARTED);
		}
		finally {
			this.lock.unlock();
		}
		usePorts(portLines);
	}

	private void usePorts(List<String> portLines) {
		if (portLines.isEmpty() || portLines.size() > 2) {
			throw new AssertionError("Expected one or two web server port lines, saw " + portLines + describe());
		}
		this.port = portFrom(portLines.get(0));
		this.managementPort = (portLines.size() == 2) ? portFrom(portLines.get(1)) : this.port;
	}

	/**
	 * Send a storm of signals from one short-lived process: {@code count} signals, 3 ms
	 * apart, so that most arrive one by one rather than merge into one pending signal
	 * (100 take about a third of a second, more on a loaded machine). The storm stops
	 * early if the process is gone.
	 * @param signal the signal name, such as {@code TERM}
	 * @param count how many to send
	 * @return how many were sent and how long sending them took
	 * @throws IOException if the sender cannot be started
	 * @throws InterruptedException if interrupted while waiting for the sender
	 */
	SignalStorm signalStorm(String signal, int count) throws IOException, InterruptedException {
		return signalStorm(signal, count, Duration.ofMillis(3));
	}

	/**
	 * Send signals from one short-lived process, {@code spacing} apart, stopping early if
	 * the process is gone.
	 * @param signal the signal name, such as {@code TERM}
	 * @param count how many to send
	 * @param spacing the time between two signals
	 * @return how many were sent and how long sending them took
	 * @throws IOException if the sender cannot be started
	 * @throws InterruptedException if interrupted while waiting for the sender
	 */
	SignalStorm signalStorm(String signal, int count, Duration spacing) throws IOException, InterruptedException {
		if (!this.process.isAlive()) {
			throw new AssertionError("Cannot send SIG" + signal + ": the process has exited" + describe());
		}
		// Sends the signals 'spacing' ms apart, stops if the process is gone, and prints
		// how many it sent and the time from the first to the last.
		String script = "use Time::HiRes qw(time sleep); my ($sig, $count, $spacing, $pid) = @ARGV; "
				+ "my ($sent, $first, $last) = (0, 0, 0); for my $i (1 .. $count) { sleep($spacing / 1000) if $i > 1; "
				+ "last unless kill($sig, $pid); $last = time; $first = $last if $sent == 0; $sent++; } "
				+ "printf(\"sent %d in %d ns\\n\", $sent, ($last - $first) * 1e9);";
		note("test sends " + count + " SIG" + signal + ", " + spacing.toMillis() + " ms apart");
		long sentAt = System.nanoTime();
		// Its first signal may already have started the shutdown when it ends.
		recordFirstSignal(sentAt);
		String output = runCommand("The signal storm", "perl", "-e", script, signal, Integer.toString(count),
				Long.toString(spacing.toMillis()), Long.toString(pid()));
		Matcher result = Pattern.compile("sent (\\d+) in (\\d+) ns").matcher(output);
		if (!result.find()) {
			throw new AssertionError("The signal storm printed no result: " + output + describe());
		}
		SignalStorm sent = new SignalStorm(Integer.parseInt(result.group(1)),
				Duration.ofNanos(Long.parseLong(result.group(2))));
		note("storm: " + sent.sent() + " SIG" + signal + " sent in " + sent.took().toMillis() + " ms");
		return sent;
	}

	/**
	 * A storm of signals, as sent.
	 *
	 * @param sent how many signals were sent (fewer than asked if the process was gone)
	 * @param took from the first signal to the last
	 */
	record SignalStorm(int sent, Duration took) {

	}

	private List<String> matching(Pattern pattern) {
		List<String> matching = new ArrayList<>();
		for (String line : this.lines) {
			if (pattern.matcher(line).find()) {
				matching.add(line);
			}
		}
		return matching;
	}

	private void readOutput(InputStream output) {
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
			String line = reader.readLine();
			while (line != null) {
				this.lock.lock();
				try {
					writeToLog(line);
					this.lines.add(line);
					this.outputChanged.signalAll();
				}
				finally {
					this.lock.unlock();
				}
				line = reader.readLine();
			}
		}
		catch (IOException ex) {
			// The stream is closed under us when the process is destroyed: the output
			// ends here either way.
		}
		finally {
			this.lock.lock();
			try {
				this.outputEnded = true;
				this.outputChanged.signalAll();
			}
			finally {
				this.lock.unlock();
			}
		}
	}

	private void note(String text) {
		this.lock.lock();
		try {
			writeToLog("### " + text);
		}
		finally {
			this.lock.unlock();
		}
	}

	private void writeToLog(String line) {
		if (this.logClosed) {
			return;
		}
		try {
			this.log.write(line);
			this.log.newLine();
			this.log.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private String exitDescription() {
		return this.process.isAlive() ? "process still alive" : "exit code " + this.process.exitValue();
	}

	private String describe() {
		this.lock.lock();
		try {
			int from = Math.max(0, this.lines.size() - TAIL_LINES);
			return System.lineSeparator() + "--- " + this + ", full output in " + this.logFile + "; last "
					+ (this.lines.size() - from) + " lines:" + System.lineSeparator()
					+ String.join(System.lineSeparator(), this.lines.subList(from, this.lines.size()));
		}
		finally {
			this.lock.unlock();
		}
	}

	private static int portFrom(String line) {
		Matcher matcher = WEB_SERVER_STARTED.matcher(line);
		if (!matcher.find()) {
			throw new IllegalStateException("Unreadable port line: " + line);
		}
		return Integer.parseInt(matcher.group(1));
	}

	private static String requiredProperty(String key) {
		String value = System.getProperty(key);
		if (!StringUtils.hasText(value)) {
			throw new IllegalStateException("System property '" + key + "' is not set: run the tests with Maven");
		}
		return value;
	}

}
