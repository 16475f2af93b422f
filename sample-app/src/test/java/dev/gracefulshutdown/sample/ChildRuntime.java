package dev.gracefulshutdown.sample;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.springframework.util.StringUtils;

/**
 * A runtime the child JVMs of the whole-process tests run on: a JDK, with platform or
 * virtual threads for the application's requests and tasks. Every
 * {@link WholeProcessTest} class runs once per runtime of {@link #configured()}, and
 * {@link SampleAppProcess} starts its JVMs on the runtime of the test that asks
 * ({@link #current()}).
 *
 * @param javaHome the JDK's home directory
 * @param virtualThreads whether the application runs with
 * {@code spring.threads.virtual.enabled=true}
 */
record ChildRuntime(Path javaHome, boolean virtualThreads) {

	private static final ThreadLocal<ChildRuntime> current = new ThreadLocal<>();

	/**
	 * Return the runtimes the build asks for: the JDK of {@code it.java.home} (this JVM's
	 * when unset) with platform threads, and, when {@code it.java25.home} names a JDK
	 * (the {@code jdk25-whole-process-tests} profile sets it where Temurin 25 is
	 * installed), that JDK with virtual threads.
	 * @return the runtimes, the default first
	 */
	static List<ChildRuntime> configured() {
		List<ChildRuntime> runtimes = new ArrayList<>();
		String javaHome = property("it.java.home");
		runtimes.add(new ChildRuntime(Path.of((javaHome != null) ? javaHome : System.getProperty("java.home")), false));
		String java25Home = property("it.java25.home");
		if (java25Home != null) {
			runtimes.add(new ChildRuntime(Path.of(java25Home), true));
		}
		return runtimes;
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
		return this.javaHome.getFileName() + (this.virtualThreads ? "-virtual-threads" : "");
	}

	@Override
	public String toString() {
		return this.javaHome.getFileName() + (this.virtualThreads ? ", virtual threads" : "");
	}

}
