package dev.gracefulshutdown.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.springframework.util.StringUtils;

/**
 * A runtime the child JVMs of the whole-process tests run on: a JDK, with platform or
 * virtual threads for the application's requests and tasks, and a build of the sample
 * application (on the Spring Boot line of the build, or on Spring Boot 4.0). Every
 * {@link WholeProcessTest} class runs once per runtime of {@link #configured()}, and
 * {@link SampleAppProcess} starts its JVMs on the runtime of the test that asks
 * ({@link #current()}).
 *
 * @param javaHome the JDK's home directory
 * @param virtualThreads whether the application runs with
 * {@code spring.threads.virtual.enabled=true}
 * @param springBoot40 whether the sample application is the one built on Spring Boot 4.0
 * (only the tests marked {@link AlsoOnSpringBoot40} run on it)
 */
record ChildRuntime(Path javaHome, boolean virtualThreads, boolean springBoot40) {

	private static final String SPRING_BOOT_40_JAR = "sample.spring-boot-4.0.jar";

	private static final ThreadLocal<ChildRuntime> current = new ThreadLocal<>();

	/**
	 * Return the runtimes the build asks for: the JDK of {@code it.java.home} (this JVM's
	 * when unset) with platform threads; when {@code it.java25.home} names a JDK (the
	 * {@code jdk25-whole-process-tests} profile sets it where Temurin 25 is installed),
	 * that JDK with virtual threads; and, when {@code sample.spring-boot-4.0.jar} is set,
	 * the first JDK with the sample built on Spring Boot 4.0.
	 * @return the runtimes, the default first
	 */
	static List<ChildRuntime> configured() {
		List<ChildRuntime> runtimes = new ArrayList<>();
		String javaHome = property("it.java.home");
		Path defaultJavaHome = Path.of((javaHome != null) ? javaHome : System.getProperty("java.home"));
		runtimes.add(new ChildRuntime(defaultJavaHome, false, false));
		String java25Home = property("it.java25.home");
		if (java25Home != null) {
			runtimes.add(new ChildRuntime(Path.of(java25Home), true, false));
		}
		if (property(SPRING_BOOT_40_JAR) != null) {
			runtimes.add(new ChildRuntime(defaultJavaHome, false, true));
		}
		return runtimes;
	}

	/**
	 * Return the sample application's jar for this runtime, as the build made it.
	 * @return the jar
	 */
	Path sampleJar() {
		String name = this.springBoot40 ? SPRING_BOOT_40_JAR : "sample.jar";
		String value = property(name);
		if (value == null) {
			throw new IllegalStateException("No system property " + name + ": run the tests with 'mvn verify'");
		}
		Path jar = Path.of(value).toAbsolutePath();
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("No sample application jar at " + jar + ": run 'mvn verify'");
		}
		return jar;
	}

	private static String property(String name) {
		String value = System.getProperty(name);
		// An unset Maven property reaches the test JVM as written: ${name}.
		return (StringUtils.hasText(value) && !value.startsWith("${")) ? value : null;
	}

	/**
	 * Return the runtime of the test running on this thread.
	 * @return the runtime
	 * @throws IllegalStateException if no whole-process test runs on this thread (a class
	 * without {@link WholeProcessTest}, or a thread the test started)
	 */
	static ChildRuntime current() {
		ChildRuntime runtime = current.get();
		if (runtime == null) {
			throw new IllegalStateException("No child runtime on thread " + Thread.currentThread().getName()
					+ ": start child JVMs from the test's own thread, in a class annotated with @WholeProcessTest");
		}
		return runtime;
	}

	/**
	 * Make this the runtime of the test on this thread, until {@link #leave()}.
	 */
	void enter() {
		current.set(this);
	}

	/**
	 * Forget the runtime of the test on this thread.
	 */
	static void leave() {
		current.remove();
	}

	/**
	 * Return the name of this runtime's directory of logs and shared files, such as
	 * {@code temurin-25-jdk-amd64-virtual-threads}.
	 * @return the name
	 */
	String directoryName() {
		return this.javaHome.getFileName() + (this.virtualThreads ? "-virtual-threads" : "")
				+ (this.springBoot40 ? "-spring-boot-4.0" : "");
	}

	@Override
	public String toString() {
		return this.javaHome.getFileName() + (this.virtualThreads ? ", virtual threads" : "")
				+ (this.springBoot40 ? ", Spring Boot 4.0" : "");
	}

}
