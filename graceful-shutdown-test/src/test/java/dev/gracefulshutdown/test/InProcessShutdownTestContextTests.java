package dev.gracefulshutdown.test;

import java.time.Duration;

import dev.gracefulshutdown.ShutdownHook;
import dev.gracefulshutdown.autoconfigure.GracefulShutdownAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import static dev.gracefulshutdown.test.GracefulShutdownAssertions.assertThat;

/**
 * {@link InProcessShutdown} on a context of Spring's test context framework, as a
 * {@code @SpringBootTest} has it (docs/testing.md): the context the shutdown closes
 * leaves the test context cache ({@link InProcessShutdownTestExecutionListener}), with no
 * {@code @DirtiesContext}; without it, the listeners that run after the test fail on the
 * closed context. The context holds only the starter's auto-configuration, which keeps
 * the test to a fraction of a second.
 */
@SpringJUnitConfig(classes = InProcessShutdownTestContextTests.Config.class, initializers = InProcessShutdown.class)
@TestPropertySource(properties = { "graceful-shutdown.signals.enabled=false",
		"graceful-shutdown.child-processes.enabled=false", "graceful-shutdown.deadline=5s" })
class InProcessShutdownTestContextTests {

	@Autowired
	InProcessShutdown shutdown;

	@Test
	void shutdownOfTheTestsContextRunsTheHooksAndLeavesTheCache() throws Exception {
		ShutdownResult shutdown = this.shutdown.shutdown();
		assertThat(shutdown).exitedWith(0)
			.within(Duration.ofSeconds(5))
			.completed()
			.noStragglers()
			.hook("flush")
			.completed();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(GracefulShutdownAutoConfiguration.class)
	static class Config {

		@Bean
		ShutdownHook flush() {
			return () -> {
			};
		}

	}

}
