package dev.gracefulshutdown.test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Builds and starts an {@link ApplicationProcess}:
 * {@link ApplicationProcess#builder(Class)}.
 */
public final class ApplicationProcessBuilder {

	/**
	 * The JVM options when none are given: a process that lives for seconds saves about
	 * half its CPU time with the C1 compiler only and the serial collector.
	 */
	static final List<String> DEFAULT_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

	private static final String REPORT_FILE = "graceful-shutdown.report.file";

	private final String mainClass;

	private final Map<String, String> properties = new LinkedHashMap<>();

	private final List<String> arguments = new ArrayList<>();

	private List<String> jvmOptions = DEFAULT_JVM_OPTIONS;

	private Path javaHome = Path.of(System.getProperty("java.home"));

	private Duration startupTimeout = Duration.ofSeconds(60);

	private Duration requestTimeout = Duration.ofSeconds(30);

	private @Nullable Path directory;

	private String name;

	ApplicationProcessBuilder(String mainClass) {
		this.mainClass = mainClass;
		this.name = mainClass.substring(mainClass.lastIndexOf('.') + 1);
	}

	/**
	 * Set an application property, passed as a command-line argument
	 * ({@code --key=value}), which wins over the application's own files.
	 * @param key the property
	 * @param value its value
	 * @return this builder
	 */
	public ApplicationProcessBuilder property(String key, String value) {
		this.properties.put(key, value);
		return this;
	}

	/**
	 * Set application properties written as {@code key=value}.
	 * @param properties the properties
	 * @return this builder
	 */
	public ApplicationProcessBuilder properties(String... properties) {
		for (String property : properties) {
			int equals = property.indexOf('=');
			Assert.isTrue(equals > 0, () -> "Expected key=value, not '" + property + "'");
			property(property.substring(0, equals).trim(), property.substring(equals + 1));
		}
		return this;
	}

	/**
	 * Add application arguments as they are, after the properties.
	 * @param arguments the arguments
	 * @return this builder
	 */
	public ApplicationProcessBuilder arguments(String... arguments) {
		this.arguments.addAll(List.of(arguments));
		return this;
	}

	/**
	 * Use another JDK than the test's.
	 * @param javaHome the JDK's home directory
	 * @return this builder
	 */
	public ApplicationProcessBuilder javaHome(Path javaHome) {
		this.javaHome = javaHome;
		return this;
	}

	/**
	 * Replace the JVM options, {@code -XX:TieredStopAtLevel=1 -XX:+UseSerialGC} unless
	 * set.
	 * @param jvmOptions the options
	 * @return this builder
	 */
	public ApplicationProcessBuilder jvmOptions(String... jvmOptions) {
		this.jvmOptions = List.of(jvmOptions);
		return this;
	}

	/**
	 * Set the longest time to wait for the application to be ready (60 seconds unless
	 * set).
	 * @param startupTimeout the time
	 * @return this builder
	 */
	public ApplicationProcessBuilder startupTimeout(Duration startupTimeout) {
		this.startupTimeout = startupTimeout;
		return this;
	}

	/**
	 * Set the timeout of every request of {@link #http()} (30 seconds unless set).
	 * @param requestTimeout the time
	 * @return this builder
	 */
	public ApplicationProcessBuilder requestTimeout(Duration requestTimeout) {
		this.requestTimeout = requestTimeout;
		return this;
	}

	/**
	 * Set the name of the run: its directory and log file are named after it (the main
	 * class's simple name unless set).
	 * @param name the name
	 * @return this builder
	 */
	public ApplicationProcessBuilder name(String name) {
		this.name = name;
		return this;
	}

	/**
	 * Set the directory of the run's files: the log, the report, the file that tells the
	 * process is ready. Unless set, {@code graceful-shutdown-test/<name>} under
	 * {@code target} (or {@code build} where a Gradle build file is and no
	 * {@code pom.xml}).
	 * @param directory the directory
	 * @return this builder
	 */
	public ApplicationProcessBuilder directory(Path directory) {
		this.directory = directory;
		return this;
	}

	/**
	 * Start the process and wait until the application is ready (its
	 * {@code ApplicationReadyEvent}).
	 * @return the running application
	 * @throws IOException if the process cannot be started
	 * @throws InterruptedException if interrupted while waiting
	 * @throws AssertionError if it exits or is not ready in time
	 */
	public ApplicationProcess start() throws IOException, InterruptedException {
		Path directory = ((this.directory != null) ? this.directory : defaultDirectory().resolve(this.name))
			.toAbsolutePath();
		Files.createDirectories(directory);
		Path readyFile = directory.resolve("ready.properties");
		Files.deleteIfExists(readyFile);
		Path reportFile = (this.properties.get(REPORT_FILE) != null) ? Path.of(this.properties.get(REPORT_FILE))
				: directory.resolve("shutdown-report.json");
		Files.deleteIfExists(reportFile);
		Path argumentFile = directory.resolve("java-arguments");
		// The classpath goes in an argument file: a long one would exceed the longest
		// command-line argument the OS takes (128 KiB on Linux).
		// The process runs in the run's directory: relative entries are made
		// absolute.
		List<String> classpath = new ArrayList<>();
		for (String entry : System.getProperty("java.class.path").split(Pattern.quote(File.pathSeparator))) {
			if (!entry.isEmpty()) {
				classpath.add(Path.of(entry).toAbsolutePath().toString());
			}
		}
		Files.writeString(argumentFile,
				"-cp " + quoted(String.join(File.pathSeparator, classpath)) + System.lineSeparator(),
				StandardCharsets.UTF_8);
		List<String> command = new ArrayList<>();
		if (!ApplicationProcess.isWindows() && onPath("perl")) {
			command.addAll(List.of("perl", "-e", ApplicationProcess.DEFAULT_SIGNALS_THEN_EXEC));
		}
		command
			.add(this.javaHome.resolve("bin").resolve(ApplicationProcess.isWindows() ? "java.exe" : "java").toString());
		command.addAll(this.jvmOptions);
		command.add("@" + argumentFile);
		command.add(ShutdownTestLauncher.class.getName());
		command.add(readyFile.toString());
		command.add(this.mainClass);
		command.add("--server.port=0");
		command.add("--" + REPORT_FILE + "=" + reportFile);
		this.properties.forEach((key, value) -> {
			if (!REPORT_FILE.equals(key)) {
				command.add("--" + key + "=" + value);
			}
		});
		command.addAll(this.arguments);
		Instant startedAt = Instant.now();
		Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
		ApplicationProcess.running.add(process);
		process.getOutputStream().close();
		ProcessOutput output;
		try {
			output = new ProcessOutput(directory.resolve(this.name + ".log"), command, process.getInputStream(),
					"graceful-shutdown-test-output-" + process.pid());
		}
		catch (IOException | RuntimeException ex) {
			process.destroyForcibly();
			ApplicationProcess.running.remove(process);
			throw ex;
		}
		ApplicationProcess application = new ApplicationProcess(process, output, reportFile, startedAt,
				this.requestTimeout);
		try {
			application.awaitReady(readyFile, this.startupTimeout);
			return application;
		}
		catch (RuntimeException | Error | IOException | InterruptedException ex) {
			application.close();
			throw ex;
		}
	}

	private static Path defaultDirectory() {
		String configured = System.getProperty("graceful-shutdown.test.directory");
		if (configured != null && !configured.isBlank()) {
			return Path.of(configured);
		}
		Path workingDirectory = Path.of("").toAbsolutePath();
		boolean gradle = !Files.exists(workingDirectory.resolve("pom.xml"))
				&& (Files.exists(workingDirectory.resolve("build.gradle"))
						|| Files.exists(workingDirectory.resolve("build.gradle.kts")));
		return workingDirectory.resolve(gradle ? "build" : "target").resolve("graceful-shutdown-test");
	}

	private static String quoted(String value) {
		return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	private static boolean onPath(String command) {
		String path = System.getenv("PATH");
		if (path == null) {
			return false;
		}
		for (String directory : path.split(Pattern.quote(File.pathSeparator))) {
			if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, command))) {
				return true;
			}
		}
		return false;
	}

}
