package dev.gracefulshutdown.autoconfigure;

import java.time.Duration;

import dev.gracefulshutdown.core.internal.ShutdownCoordinator;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code @SpringBootTest} with a real port on a CI runner that Spring Boot detects as
 * Kubernetes: its context has no load balancer in front, so it gets no cloud drain delay,
 * or every cached context would wait 5 s when the test JVM exits.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.cloud-platform=kubernetes", "graceful-shutdown.signals.enabled=false" })
class SpringBootTestCloudDrainTests {

	@Autowired
	private ShutdownCoordinator coordinator;

	@Test
	void theCloudDrainDefaultsDoNotApply() {
		assertThat(this.coordinator.settings().drain().minDelay()).isEqualTo(Duration.ZERO);
		assertThat(this.coordinator.settings().drain().quietPeriod()).isEqualTo(Duration.ZERO);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
