package dev.gracefulshutdown.autoconfigure;

import java.time.Duration;

import dev.gracefulshutdown.ShutdownHook;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.context.support.DefaultLifecycleProcessor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ShutdownBudgetCheck}: the startup check that the timeouts fit the
 * deadline and the deadline fits the platform's grace period.
 */
@ExtendWith(OutputCaptureExtension.class)
class ShutdownBudgetCheckTests {

	private static final String DOES_NOT_FIT = "Shutdown budget: the shutdown's worst case does not fit the deadline";

	private static final String GRACE_PERIOD = "Shutdown budget: the deadline is not below the platform's grace period";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(LifecycleAutoConfiguration.class, GracefulShutdownAutoConfiguration.class))
		.withPropertyValues("graceful-shutdown.signals.enabled=false")
		.withBean("worker", PhasedLifecycle.class, () -> new PhasedLifecycle(SmartLifecycle.DEFAULT_PHASE))
		.withBean("consumer", PhasedLifecycle.class, () -> new PhasedLifecycle(100));

	@Test
	void defaultsLogNoWarning(CapturedOutput output) {
		this.contextRunner.withBean("cleanup", ShutdownHook.class, () -> () -> {
		}).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).doesNotContain(DOES_NOT_FIT).doesNotContain(GRACE_PERIOD);
		});
	}

	@Test
	void configuredPhaseTimeoutsThatDoNotFitTheDeadlineAreAWarningNamingTheKeys(CapturedOutput output) {
		this.contextRunner.withPropertyValues("graceful-shutdown.phases.timeout=10s").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).contains(DOES_NOT_FIT)
				.contains("graceful-shutdown.drain.max-delay 15s + phase 2147483647 (default) 10s + phase 100 10s"
						+ " + graceful-shutdown.child-processes.timeout 2s = 37s, more than"
						+ " graceful-shutdown.deadline (25s)")
				.contains("graceful-shutdown.phases.timeouts.*")
				.contains("spring.lifecycle.timeout-per-shutdown-phase");
			assertThat(output).doesNotContain(GRACE_PERIOD);
		});
	}

	@Test
	void streamsGracePeriodCountsAfterTheDrain(CapturedOutput output) {
		this.contextRunner.withPropertyValues("graceful-shutdown.streams.grace-period=9s").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).contains(DOES_NOT_FIT)
				.contains("graceful-shutdown.drain.max-delay 15s + graceful-shutdown.streams.grace-period 9s"
						+ " + graceful-shutdown.child-processes.timeout 2s = 26s")
				.contains("graceful-shutdown.streams.grace-period,");
		});
	}

	@Test
	void phaseTimeoutsByPhaseCountForTheirPhaseOnly(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("graceful-shutdown.phases.timeout=1s", "graceful-shutdown.phases.timeouts.100=9s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains(DOES_NOT_FIT)
					.contains("graceful-shutdown.drain.max-delay 15s + phase 2147483647 (default) 1s + phase 100 9s"
							+ " + graceful-shutdown.child-processes.timeout 2s = 27s");
			});
	}

	@Test
	void springLifecycleTimeoutPerShutdownPhaseCountsWhenSet(CapturedOutput output) {
		this.contextRunner.withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=5s").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).contains(DOES_NOT_FIT).contains("phase 100 5s").contains("= 27s");
		});
	}

	@Test
	void phaseTimeoutsDoNotCountWhenTheApplicationHasItsOwnLifecycleProcessor(CapturedOutput output) {
		this.contextRunner.withPropertyValues("graceful-shutdown.phases.timeout=10s")
			.withBean(AbstractApplicationContext.LIFECYCLE_PROCESSOR_BEAN_NAME, DefaultLifecycleProcessor.class,
					DefaultLifecycleProcessor::new)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).doesNotContain(DOES_NOT_FIT);
			});
	}

	@Test
	void hookTimeoutsCount(CapturedOutput output) {
		this.contextRunner.withBean("flushQueue", ShutdownHook.class, () -> new TimedHook(Duration.ofSeconds(4)))
			.withBean("closeConnections", ShutdownHook.class, () -> new TimedHook(null))
			.withPropertyValues("graceful-shutdown.hooks.timeout=6s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains(DOES_NOT_FIT)
					.contains("hook flushQueue 4s")
					.contains("hook closeConnections 6s")
					.contains("= 27s")
					.contains("graceful-shutdown.hooks.timeout");
			});
	}

	@Test
	void executorsWithoutATimeoutAddNoTermSinceTheyWaitOnlyForWhatTheDeadlineLeaves(CapturedOutput output) {
		// 21s + 2s fits 25s: the executors' drain takes what is left, minus the reserve
		// of what follows, and never pushes the shutdown past the deadline.
		this.contextRunner.withBean("reportExecutor", ThreadPoolTaskExecutor.class, ThreadPoolTaskExecutor::new)
			.withPropertyValues("graceful-shutdown.drain.max-delay=21s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).doesNotContain(DOES_NOT_FIT).doesNotContain("graceful-shutdown.executors.timeout");
			});
	}

	@Test
	void executorsTimeoutCountsWhenSet(CapturedOutput output) {
		this.contextRunner.withBean("reportExecutor", ThreadPoolTaskExecutor.class, ThreadPoolTaskExecutor::new)
			.withPropertyValues("graceful-shutdown.drain.max-delay=21s", "graceful-shutdown.executors.timeout=3s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains(DOES_NOT_FIT)
					.contains("graceful-shutdown.drain.max-delay 21s + graceful-shutdown.executors.timeout 3s"
							+ " + graceful-shutdown.child-processes.timeout 2s = 26s");
			});
	}

	@Test
	void childProcessTimeoutDoesNotCountWhenChildProcessesAreLeftAlone(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("graceful-shutdown.drain.max-delay=20s",
					"graceful-shutdown.child-processes.timeout=10s", "graceful-shutdown.child-processes.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).doesNotContain(DOES_NOT_FIT);
			});
	}

	@Test
	void childProcessTimeoutCounts(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("graceful-shutdown.drain.max-delay=20s",
					"graceful-shutdown.child-processes.timeout=10s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains(DOES_NOT_FIT)
					.contains("graceful-shutdown.drain.max-delay 20s + graceful-shutdown.child-processes.timeout 10s"
							+ " = 30s");
			});
	}

	@Test
	void whenStrictABudgetThatDoesNotFitFailsStartup(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("graceful-shutdown.phases.timeout=10s", "graceful-shutdown.budget.strict=true")
			.run((context) -> {
				InvalidConfigurationPropertyValueException failure = invalidProperty(context);
				assertThat(failure.getName()).isEqualTo("graceful-shutdown.deadline");
				assertThat(failure.getMessage()).contains("= 37s, more than graceful-shutdown.deadline (25s)")
					.contains("graceful-shutdown.budget.strict=true");
			});
	}

	@Test
	void whenStrictABudgetThatFitsStartsWithoutWarning(CapturedOutput output) {
		this.contextRunner.withPropertyValues("graceful-shutdown.budget.strict=true").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).doesNotContain(DOES_NOT_FIT);
		});
	}

	@Test
	void onKubernetesTheDefaultDeadlineFitsTheGracePeriod(CapturedOutput output) {
		this.contextRunner.withPropertyValues("spring.main.cloud-platform=kubernetes").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).doesNotContain(GRACE_PERIOD).doesNotContain(DOES_NOT_FIT);
		});
	}

	@Test
	void onKubernetesADeadlineOf30SecondsIsAWarningAboutTheGracePeriod(CapturedOutput output) {
		this.contextRunner.withPropertyValues("spring.main.cloud-platform=kubernetes", "graceful-shutdown.deadline=30s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains(GRACE_PERIOD + " of 30s (Kubernetes' default terminationGracePeriodSeconds")
					.contains("Lower graceful-shutdown.deadline (for example to 25s)")
					.contains("graceful-shutdown.budget.grace-period");
			});
	}

	@Test
	void onHerokuADeadlineOf30SecondsIsAWarningAboutTheFixedGracePeriod(CapturedOutput output) {
		this.contextRunner.withPropertyValues("spring.main.cloud-platform=heroku", "graceful-shutdown.deadline=30s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains(GRACE_PERIOD + " of 30s (Heroku's fixed 30 seconds)");
			});
	}

	@Test
	void onKubernetesAConfiguredGracePeriodWinsOverTheDefault(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("spring.main.cloud-platform=kubernetes", "graceful-shutdown.deadline=30s",
					"graceful-shutdown.budget.grace-period=60s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).doesNotContain(GRACE_PERIOD);
			});
	}

	@Test
	void withoutCloudPlatformAConfiguredGracePeriodIsChecked(CapturedOutput output) {
		this.contextRunner.withPropertyValues("graceful-shutdown.budget.grace-period=20s").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).contains(GRACE_PERIOD + " of 20s (graceful-shutdown.budget.grace-period)");
		});
	}

	@Test
	void withoutCloudPlatformTheDeadlineIsNotCheckedAgainstAGracePeriod(CapturedOutput output) {
		this.contextRunner.withPropertyValues("graceful-shutdown.deadline=60s").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).doesNotContain(GRACE_PERIOD);
		});
	}

	@Test
	void whenStrictADeadlineNotBelowTheGracePeriodFailsStartup() {
		this.contextRunner
			.withPropertyValues("spring.main.cloud-platform=kubernetes", "graceful-shutdown.deadline=30s",
					"graceful-shutdown.budget.strict=true")
			.run((context) -> {
				InvalidConfigurationPropertyValueException failure = invalidProperty(context);
				assertThat(failure.getName()).isEqualTo("graceful-shutdown.deadline");
				assertThat(failure.getMessage()).contains("not below the platform's grace period of 30s");
			});
	}

	private static InvalidConfigurationPropertyValueException invalidProperty(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		Throwable failure = context.getStartupFailure();
		while (failure != null && !(failure instanceof InvalidConfigurationPropertyValueException)) {
			failure = failure.getCause();
		}
		assertThat(failure).as("startup failure caused by an invalid property")
			.isInstanceOf(InvalidConfigurationPropertyValueException.class);
		return (InvalidConfigurationPropertyValueException) failure;
	}

	/**
	 * A lifecycle bean of a given phase, so that the phase counts in the budget.
	 */
	static final class PhasedLifecycle implements SmartLifecycle {

		private final int phase;

		private volatile boolean running;

		PhasedLifecycle(int phase) {
			this.phase = phase;
		}

		@Override
		public void start() {
			this.running = true;
		}

		@Override
		public void stop() {
			this.running = false;
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

		@Override
		public int getPhase() {
			return this.phase;
		}

	}

	/**
	 * A hook that does nothing, with its own timeout or the configured one.
	 */
	static final class TimedHook implements ShutdownHook {

		private final @Nullable Duration timeout;

		TimedHook(@Nullable Duration timeout) {
			this.timeout = timeout;
		}

		@Override
		public void onShutdown() {
			// Nothing to do: only the timeout matters here.
		}

		@Override
		public @Nullable Duration timeout() {
			return this.timeout;
		}

	}

}
