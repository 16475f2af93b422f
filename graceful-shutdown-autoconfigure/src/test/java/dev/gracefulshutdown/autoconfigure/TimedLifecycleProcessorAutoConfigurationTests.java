package dev.gracefulshutdown.autoconfigure;

import java.time.Duration;
import java.util.Map;

import dev.gracefulshutdown.core.internal.PhaseNames;
import dev.gracefulshutdown.core.internal.PhaseTimeouts;
import dev.gracefulshutdown.core.internal.ShutdownCoordinator;
import dev.gracefulshutdown.core.internal.TimedLifecycleProcessor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.context.support.DefaultLifecycleProcessor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the phase timeouts and the {@link TimedLifecycleProcessor} that
 * {@link GracefulShutdownAutoConfiguration} puts in place of Spring Boot's lifecycle
 * processor.
 */
class TimedLifecycleProcessorAutoConfigurationTests {

	private static final String LIFECYCLE_PROCESSOR = AbstractApplicationContext.LIFECYCLE_PROCESSOR_BEAN_NAME;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(LifecycleAutoConfiguration.class, GracefulShutdownAutoConfiguration.class))
		.withPropertyValues("graceful-shutdown.signals.enabled=false");

	@Test
	void lifecycleProcessorIsTheTimedOneInsteadOfSpringBoots() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(TimedLifecycleProcessor.class);
			assertThat(context).getBean(LIFECYCLE_PROCESSOR).isInstanceOf(TimedLifecycleProcessor.class);
		});
	}

	@Test
	void whenUserDefinesALifecycleProcessorThenAutoConfigurationBacksOff() {
		DefaultLifecycleProcessor userProcessor = new DefaultLifecycleProcessor();
		this.contextRunner.withBean(LIFECYCLE_PROCESSOR, DefaultLifecycleProcessor.class, () -> userProcessor)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(TimedLifecycleProcessor.class);
				assertThat(context).getBean(LIFECYCLE_PROCESSOR).isSameAs(userProcessor);
				assertThat(context).hasSingleBean(ShutdownCoordinator.class);
			});
	}

	@Test
	void whenDisabledThenSpringBootsLifecycleProcessorIsUsed() {
		this.contextRunner.withPropertyValues("graceful-shutdown.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(TimedLifecycleProcessor.class);
			assertThat(context).getBean(LIFECYCLE_PROCESSOR).isExactlyInstanceOf(DefaultLifecycleProcessor.class);
		});
	}

	@Test
	void withoutConfigurationEveryPhaseGetsSpringBootsDefaultOf30Seconds() {
		this.contextRunner.run((context) -> {
			PhaseTimeouts timeouts = phaseTimeouts(context);
			assertThat(timeouts.defaultTimeout()).isEqualTo(Duration.ofSeconds(30));
			assertThat(timeouts.timeouts()).isEmpty();
			assertThat(timeouts.timeoutOf(PhaseNames.WEB_SERVER_STOP)).isEqualTo(Duration.ofSeconds(30));
		});
	}

	@Test
	void springLifecycleTimeoutPerShutdownPhaseIsTheDefault() {
		this.contextRunner.withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=12s")
			.run((context) -> assertThat(phaseTimeouts(context).defaultTimeout()).isEqualTo(Duration.ofSeconds(12)));
	}

	@Test
	void phasesTimeoutWinsOverSpringLifecycleTimeoutPerShutdownPhase() {
		this.contextRunner
			.withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=12s",
					"graceful-shutdown.phases.timeout=7s")
			.run((context) -> {
				PhaseTimeouts timeouts = phaseTimeouts(context);
				assertThat(timeouts.defaultTimeout()).isEqualTo(Duration.ofSeconds(7));
				assertThat(timeouts.timeoutOf(1234)).isEqualTo(Duration.ofSeconds(7));
			});
	}

	@Test
	void phaseTimeoutsAreBoundByNameAndByNumber() {
		this.contextRunner
			.withPropertyValues("graceful-shutdown.phases.timeout=7s",
					"graceful-shutdown.phases.timeouts.web-server-graceful-shutdown=20s",
					"graceful-shutdown.phases.timeouts.executors=3s", "graceful-shutdown.phases.timeouts.1000=2s",
					"graceful-shutdown.phases.timeouts.[-100]=1500ms")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				PhaseTimeouts timeouts = phaseTimeouts(context);
				assertThat(timeouts.timeouts()).containsOnly(
						Map.entry(PhaseNames.WEB_SERVER_GRACEFUL_SHUTDOWN, Duration.ofSeconds(20)),
						Map.entry(Integer.MAX_VALUE / 2, Duration.ofSeconds(3)), Map.entry(1000, Duration.ofSeconds(2)),
						Map.entry(-100, Duration.ofMillis(1500)));
				assertThat(timeouts.timeoutOf(2147482623)).isEqualTo(Duration.ofSeconds(20));
				assertThat(timeouts.timeoutOf(-100)).isEqualTo(Duration.ofMillis(1500));
				assertThat(timeouts.timeoutOf(PhaseNames.WEB_SERVER_STOP)).isEqualTo(Duration.ofSeconds(7));
			});
	}

	@Test
	void everyDocumentedPhaseNameIsAccepted() {
		this.contextRunner
			.withPropertyValues("graceful-shutdown.phases.timeouts.default=1s",
					"graceful-shutdown.phases.timeouts.web-server-graceful-shutdown=2s",
					"graceful-shutdown.phases.timeouts.management-server=3s",
					"graceful-shutdown.phases.timeouts.web-server-stop=4s",
					"graceful-shutdown.phases.timeouts.executors=5s",
					"graceful-shutdown.phases.timeouts.plain-lifecycle=6s")
			.run((context) -> assertThat(phaseTimeouts(context).timeouts()).containsOnly(
					Map.entry(Integer.MAX_VALUE, Duration.ofSeconds(1)),
					Map.entry(Integer.MAX_VALUE - 1024, Duration.ofSeconds(2)),
					Map.entry(Integer.MAX_VALUE - 1024 - 512, Duration.ofSeconds(3)),
					Map.entry(Integer.MAX_VALUE - 2048, Duration.ofSeconds(4)),
					Map.entry(Integer.MAX_VALUE / 2, Duration.ofSeconds(5)), Map.entry(0, Duration.ofSeconds(6))));
	}

	@Test
	void unknownPhaseNameFailsStartupNamingTheKeyAndTheNames() {
		this.contextRunner.withPropertyValues("graceful-shutdown.phases.timeouts.web-server=5s").run((context) -> {
			InvalidConfigurationPropertyValueException failure = invalidProperty(context);
			assertThat(failure.getName()).isEqualTo("graceful-shutdown.phases.timeouts.web-server");
			assertThat(failure.getMessage()).contains("'web-server' is neither a phase number nor a phase name")
				.contains("[default, web-server-graceful-shutdown, management-server, web-server-stop, executors-drain,"
						+ " executors, plain-lifecycle]");
		});
	}

	@Test
	void samePhaseByNameAndByNumberFailsStartup() {
		this.contextRunner
			.withPropertyValues("graceful-shutdown.phases.timeouts.default=5s",
					"graceful-shutdown.phases.timeouts.2147483647=6s")
			.run((context) -> {
				InvalidConfigurationPropertyValueException failure = invalidProperty(context);
				assertThat(failure.getName()).startsWith("graceful-shutdown.phases.timeouts.");
				assertThat(failure.getMessage()).contains("phase 2147483647 (default) is given a timeout twice");
			});
	}

	@Test
	void negativePhaseTimeoutFailsStartupNamingTheKey() {
		this.contextRunner.withPropertyValues("graceful-shutdown.phases.timeouts.executors=-1s").run((context) -> {
			InvalidConfigurationPropertyValueException failure = invalidProperty(context);
			assertThat(failure.getName()).isEqualTo("graceful-shutdown.phases.timeouts.executors");
		});
	}

	private static PhaseTimeouts phaseTimeouts(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		return context.getBean(ShutdownCoordinator.class).settings().phases();
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

}
