package dev.gracefulshutdown.autoconfigure;

import java.time.Duration;

import dev.gracefulshutdown.core.internal.ShutdownCoordinator;
import dev.gracefulshutdown.core.internal.WorkSettings;
import dev.gracefulshutdown.task.ExecutorsDrain;
import dev.gracefulshutdown.task.ScheduledRunsStopper;
import dev.gracefulshutdown.task.TaskTerminationDefaults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the work that the shutdown waits for, as
 * {@link GracefulShutdownAutoConfiguration} configures it: executors, workers and leases.
 */
class WorkAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GracefulShutdownAutoConfiguration.class))
		.withPropertyValues("graceful-shutdown.signals.enabled=false");

	@Test
	void executorsAreDrainedByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ExecutorsDrain.class);
			assertThat(context).hasSingleBean(ScheduledRunsStopper.class);
			assertThat(context).hasSingleBean(TaskTerminationDefaults.class);
			assertThat(context.getBean(ExecutorsDrain.class).getPhase()).isEqualTo(ExecutorsDrain.PHASE);
		});
	}

	@Test
	void whenExecutorsDrainIsDisabledThenItsBeansBackOff() {
		this.contextRunner.withPropertyValues("graceful-shutdown.executors.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(ExecutorsDrain.class);
			assertThat(context).doesNotHaveBean(ScheduledRunsStopper.class);
			assertThat(context).doesNotHaveBean(TaskTerminationDefaults.class);
			assertThat(context).hasSingleBean(ShutdownCoordinator.class);
		});
	}

	@Test
	void workersAndLeasesWaitAsLongAsTheDeadlineAllowsByDefault() {
		this.contextRunner.run((context) -> assertThat(context.getBean(ShutdownCoordinator.class).settings().work())
			.isEqualTo(new WorkSettings(null, null)));
	}

	@Test
	void workersAndLeasesTimeoutsAreBound() {
		this.contextRunner
			.withPropertyValues("graceful-shutdown.workers.timeout=3s", "graceful-shutdown.leases.timeout=1500ms")
			.run((context) -> assertThat(context.getBean(ShutdownCoordinator.class).settings().work())
				.isEqualTo(new WorkSettings(Duration.ofSeconds(3), Duration.ofMillis(1500))));
	}

	@ParameterizedTest
	@CsvSource({ "workers.timeout, 0s", "workers.timeout, -1s", "leases.timeout, 0s", "leases.timeout, -2s",
			"executors.timeout, 0s", "executors.timeout, -1s" })
	void nonPositiveWorkTimeoutFailsStartupNamingTheKey(String key, String value) {
		String property = "graceful-shutdown." + key;
		this.contextRunner.withPropertyValues(property + "=" + value).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
						(ex) -> assertThat(ex.getName()).isEqualTo(property))
				.hasMessageContaining("Property " + property + " with value '")
				.hasMessageContaining("must be a positive duration");
		});
	}

}
