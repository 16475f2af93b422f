package dev.gracefulshutdown.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.gracefulshutdown.ShutdownHook;
import dev.gracefulshutdown.autoconfigure.GracefulShutdownAutoConfiguration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static dev.gracefulshutdown.test.GracefulShutdownAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link InProcessShutdown}: the starter's sequence in a test's context, with a
 * recorded exit, judged by the same assertions as a process.
 */
class InProcessShutdownTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GracefulShutdownAutoConfiguration.class))
		.withPropertyValues("graceful-shutdown.signals.enabled=false",
				"graceful-shutdown.child-processes.enabled=false", "graceful-shutdown.deadline=5s")
		.withInitializer(new InProcessShutdown());

	@Test
	void shutdownRunsTheSequenceRecordsTheExitAndStandsTheWatchdogDown() throws Exception {
		List<String> flushed = new ArrayList<>();
		this.contextRunner.withBean("flush", ShutdownHook.class, () -> () -> flushed.add("flushed")).run((context) -> {
			ShutdownResult shutdown = InProcessShutdown.of(context).shutdown();
			assertThat(shutdown).exitedWith(0)
				.within(Duration.ofSeconds(5))
				.completed()
				.noStragglers()
				.lostNoRequests()
				.hook("flush")
				.completed();
			org.assertj.core.api.Assertions.assertThat(flushed).containsExactly("flushed");
			org.assertj.core.api.Assertions.assertThat(shutdown.trigger()).isEqualTo("SIGTERM");
			org.assertj.core.api.Assertions.assertThat(shutdown.reportSource()).isEqualTo("in-process");
			org.assertj.core.api.Assertions.assertThat(context.isActive()).isFalse();
			// In the test's JVM the watchdog would wake at the deadline and report the
			// JVM's exit as hung: it is stood down once the exit is recorded.
			Awaitility.await()
				.atMost(Duration.ofSeconds(4))
				.until(() -> Thread.getAllStackTraces()
					.keySet()
					.stream()
					.noneMatch((thread) -> thread.getName().equals("graceful-shutdown-watchdog")));
		});
	}

	@Test
	void aFailingHookIsNamedWithItsFailure() {
		this.contextRunner.withBean("flush", ShutdownHook.class, () -> () -> {
			throw new IllegalStateException("the cache is gone");
		}).run((context) -> {
			ShutdownResult shutdown = InProcessShutdown.of(context).shutdown();
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> assertThat(shutdown).hook("flush").completed())
				.withMessageContaining("Expected hook 'flush' to complete, but it FAILED")
				.withMessageContaining("java.lang.IllegalStateException: the cache is gone");
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(shutdown).hook("flushCache"))
				.withMessageContaining(
						"Expected a shutdown hook 'flushCache' in the shutdown report, but its hooks" + " are [flush]");
		});
	}

}
