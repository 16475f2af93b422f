package dev.gracefulshutdown.sample;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.ClassTemplate;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * A class of whole-process tests, run once per {@link ChildRuntime} the build configures
 * (JDK 17 with platform threads, and Temurin 25 with virtual threads where it is
 * installed).
 * <p>
 * Every test of such a class runs concurrently with the others, of the same class and
 * runtime as well (each starts JVMs of its own, with files in a directory of its own):
 * most of a whole-process test is waiting on a drain, a slow request or a deadline, and
 * the tests of one runtime use the cores while those of the other wait. The build bounds
 * how many run at once ({@code whole-process-tests.parallelism} in
 * {@code sample-app/pom.xml}). Without the explicit mode, JUnit would run a class
 * template in the same thread as the one before it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ClassTemplate
@Execution(ExecutionMode.CONCURRENT)
@ExtendWith(ChildRuntimes.class)
@interface WholeProcessTest {

}
