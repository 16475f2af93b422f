package dev.gracefulshutdown.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test of how an application shuts down as a process of its own: every test method that
 * takes an {@link ApplicationProcess} parameter gets the application started from the
 * test classpath in a JVM of its own, ready, on a free port, with the given properties;
 * the process is killed after the test if it is still alive. On a method, it replaces the
 * one on the class.
 *
 * <pre class="code">
 * &#064;GracefulShutdownTest(app = MyApplication.class, properties = "graceful-shutdown.deadline=10s")
 * class MyApplicationShutdownTests {
 *
 *     &#064;Test
 *     void sigtermLetsRequestsInFlightComplete(ApplicationProcess app) throws Exception {
 *         app.http().inFlight(4, "/orders/slow");
 *         app.awaitLog("slow order started", 4, Duration.ofSeconds(10));
 *         ShutdownResult shutdown = app.shutdown(Signal.TERM, Duration.ofSeconds(30));
 *         assertThat(shutdown).exitedWith(0).within(Duration.ofSeconds(15)).lostNoRequests().completed();
 *     }
 *
 * }
 * </pre>
 *
 * @see ApplicationProcess#builder(Class)
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(GracefulShutdownExtension.class)
public @interface GracefulShutdownTest {

	/**
	 * The application's main class, with a {@code main(String[])} method that runs a
	 * {@code SpringApplication}.
	 * @return the main class
	 */
	Class<?> app();

	/**
	 * Application properties as {@code key=value}, passed as command-line arguments.
	 * @return the properties
	 */
	String[] properties() default {};

	/**
	 * The JDK to run the application on; the test's own when empty. The system property
	 * {@code graceful-shutdown.test.java-home} sets it for every test.
	 * @return the JDK's home directory
	 */
	String javaHome() default "";

	/**
	 * The JVM options of the application's process.
	 * @return the options
	 */
	String[] jvmOptions() default { "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC" };

	/**
	 * The longest time, in seconds, to wait for the application to be ready.
	 * @return the time in seconds
	 */
	long startupTimeoutSeconds() default 60;

}
