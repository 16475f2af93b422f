package dev.gracefulshutdown.sample;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.util.FileSystemUtils;

/**
 * How the child JVMs start the sample jar, decided once per {@link ChildRuntime}: from
 * the jar's extracted layout ({@code java -Djarmode=tools -jar sample-app.jar extract})
 * with a class data archive of the application, made by one training run (a real start
 * with the management server, a request to each server, a {@code SIGTERM} and the exit)
 * on the JDK the children run on. On JDK 25 and later that is an AOT cache
 * ({@code -XX:AOTCacheOutput}, JEP 483, 514 and 515), before it a dynamic CDS archive
 * ({@code -XX:ArchiveClassesAtExit}). Either takes about a third off the CPU time of
 * every start, which is most of what a whole-process test costs.
 * <p>
 * Classes from the extracted layout are loaded by the JDK's application class loader, so
 * stack frames read {@code at app//dev.gracefulshutdown...}: match them with
 * {@link StackFrames#frame(String)}.
 * <p>
 * Should the extraction or the training fail, the children start the jar as it is, as
 * they did before; the failure is printed and kept in the training's log, and no test
 * fails for it. {@code -Dwhole-process-tests.class-data=false} starts them so on purpose.
 */
final class SampleJarLaunch {

	private static final Duration EXTRACT_TIMEOUT = Duration.ofSeconds(120);

	/**
	 * Bounds the training's exit: on JDK 25 the JVM assembles the AOT cache as it exits,
	 * which takes a start's worth of CPU time again.
	 */
	private static final Duration TRAINING_EXIT_TIMEOUT = Duration.ofSeconds(180);

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

	private static final Pattern JAVA_VERSION = Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);

	/**
	 * The launch of each runtime, prepared under a lock of its own: the runtimes train at
	 * the same time.
	 */
	private static final Map<ChildRuntime, Launch> launches = new ConcurrentHashMap<>();

	private SampleJarLaunch() {
	}

	/**
	 * Return what follows {@code java} and the common JVM options to start the sample
	 * application on the running test's {@link ChildRuntime}, preparing it on the first
	 * call for that runtime (the other callers for it wait).
	 * @return the JVM options, {@code -jar} and the jar
	 * @throws InterruptedException if interrupted while preparing
	 */
	static List<String> arguments() throws InterruptedException {
		return launches.computeIfAbsent(ChildRuntime.current(), (runtime) -> new Launch()).arguments();
	}

	private static final class Launch {

		private List<String> arguments;

		synchronized List<String> arguments() throws InterruptedException {
			if (this.arguments == null) {
				this.arguments = prepare();
			}
			return this.arguments;
		}

	}

	private static List<String> prepare() throws InterruptedException {
		Path jar = SampleAppProcess.sampleJar();
		List<String> plain = List.of("-jar", jar.toString());
		if (!Boolean.parseBoolean(System.getProperty("whole-process-tests.class-data", "true"))) {
			return plain;
		}
		int feature = javaFeatureVersion();
		if (feature < 17) {
			return plain;
		}
		Path directory = SampleAppProcess.logDirectory();
		Path archive = directory.resolve((feature >= 25) ? "sample-app.aot" : "sample-app.jsa");
		String create = (feature >= 25) ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=";
		String use = (feature >= 25) ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=";
		try {
			Path extracted = extract(jar, directory.resolve("extracted"));
			Files.deleteIfExists(archive);
			train(List.of(create + archive, "-jar", extracted.toString()));
			if (!Files.isRegularFile(archive) || Files.size(archive) == 0) {
				throw new IllegalStateException("The training run made no archive at " + archive);
			}
			return List.of(use + archive, "-jar", extracted.toString());
		}
		catch (IOException | RuntimeException | AssertionError ex) {
			System.err.println("Whole-process tests: no class data archive for the child JVMs (" + ex + "); they start "
					+ jar + " as it is");
			return plain;
		}
	}

	private static int javaFeatureVersion() {
		Path release = Path.of(SampleAppProcess.javaHome(), "release");
		try {
			Matcher version = JAVA_VERSION.matcher(Files.readString(release, StandardCharsets.UTF_8));
			return version.find() ? Integer.parseInt(version.group(1)) : 0;
		}
		catch (IOException ex) {
			return 0;
		}
	}

	private static Path extract(Path jar, Path destination) throws IOException, InterruptedException {
		FileSystemUtils.deleteRecursively(destination);
		Files.createDirectories(destination.getParent());
		List<String> command = new ArrayList<>(List.of(Path.of(SampleAppProcess.javaHome(), "bin", "java").toString(),
				"-Djarmode=tools", "-jar", jar.toString(), "extract", "--destination", destination.toString()));
		Path log = destination.getParent().resolve("extract.log");
		Process extract = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		if (!extract.waitFor(EXTRACT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
			extract.destroyForcibly();
			throw new IOException("Extracting " + jar + " took longer than " + EXTRACT_TIMEOUT);
		}
		Path extracted = destination.resolve(jar.getFileName());
		if (extract.exitValue() != 0 || !Files.isRegularFile(extracted)) {
			throw new IOException("Extracting " + jar + " failed with " + extract.exitValue() + ", see " + log);
		}
		return extracted;
	}

	/**
	 * Start the application as the tests do, send it a request, stop it with
	 * {@code SIGTERM} and wait for its exit, which writes the archive.
	 * @param launch the launch, with the option that writes the archive
	 */
	private static void train(List<String> launch) throws IOException, InterruptedException {
		WholeProcessHttp http = new WholeProcessHttp(REQUEST_TIMEOUT);
		try (SampleAppProcess app = SampleAppProcess.start("class-data-training", launch, "SampleApplication", true,
				SampleAppProcess.MANAGEMENT_SERVER)) {
			HttpResponse<String> hello = http.get(app.uri("/hello"));
			if (hello.statusCode() != 200) {
				throw new IllegalStateException("The training run answered /hello with " + hello.statusCode());
			}
			http.get(app.managementUri("/actuator/health"));
			app.signal("TERM");
			int exitCode = app.awaitExit(TRAINING_EXIT_TIMEOUT);
			if (exitCode != 0) {
				throw new IllegalStateException("The training run exited with " + exitCode);
			}
		}
	}

}
