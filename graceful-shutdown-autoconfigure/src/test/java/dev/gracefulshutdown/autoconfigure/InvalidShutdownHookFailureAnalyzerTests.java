package dev.gracefulshutdown.autoconfigure;

import java.time.Duration;
import java.util.List;

import dev.gracefulshutdown.OnShutdown;
import dev.gracefulshutdown.ShutdownHook;
import dev.gracefulshutdown.ShutdownStage;
import dev.gracefulshutdown.core.InvalidShutdownHookException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InvalidShutdownHookFailureAnalyzer}, and for the startup failures of
 * shutdown hooks declared in a way the starter cannot run.
 */
class InvalidShutdownHookFailureAnalyzerTests {

	private final InvalidShutdownHookFailureAnalyzer analyzer = new InvalidShutdownHookFailureAnalyzer();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GracefulShutdownAutoConfiguration.class))
		.withPropertyValues("graceful-shutdown.signals.enabled=false");

	@Test
	void analysisNamesTheHookWhatIsWrongAndWhatToChange() {
		InvalidShutdownHookException invalid = new InvalidShutdownHookException("cache.flush", "takes parameters",
				"an @OnShutdown method must take none");
		FailureAnalysis analysis = this.analyzer
			.analyze(new BeanCreationException("cache", "Bean creation failed", invalid));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).isEqualTo("Shutdown hook 'cache.flush' takes parameters.");
		assertThat(analysis.getAction()).isEqualTo("Change the hook: an @OnShutdown method must take none.");
		assertThat(analysis.getCause()).isSameAs(invalid);
	}

	@Test
	void onShutdownMethodWithParametersFailsStartup() {
		this.contextRunner.withBean("cache", HookWithParameters.class).run((context) -> {
			FailureAnalysis analysis = analyzeStartupFailure(context, "cache.flush");
			assertThat(analysis.getDescription()).isEqualTo("Shutdown hook 'cache.flush' takes parameters.");
			assertThat(analysis.getAction()).contains("an @OnShutdown method must take none");
		});
	}

	@Test
	void staticOnShutdownMethodFailsStartup() {
		this.contextRunner.withBean("registry", StaticHook.class).run((context) -> {
			FailureAnalysis analysis = analyzeStartupFailure(context, "registry.clear");
			assertThat(analysis.getDescription()).isEqualTo("Shutdown hook 'registry.clear' is static.");
			assertThat(analysis.getAction()).contains("instance method");
		});
	}

	@Test
	void onShutdownMethodWithUnknownPhaseNameFailsStartup() {
		this.contextRunner.withBean("server", HookWithUnknownPhase.class).run((context) -> {
			FailureAnalysis analysis = analyzeStartupFailure(context, "server.release");
			assertThat(analysis.getDescription())
				.isEqualTo("Shutdown hook 'server.release' names unknown phase 'web-server'.");
			assertThat(analysis.getAction()).contains("use a phase number or one of [default,"
					+ " web-server-graceful-shutdown, management-server, web-server-stop, executors-drain, executors, plain-lifecycle]");
		});
	}

	@Test
	void shutdownHookBeanWithUnknownPhaseNameFailsStartup() {
		this.contextRunner
			.withBean("drainQueue", ShutdownHook.class, () -> new ConfiguredHook(ShutdownStage.STOP, "soon", null))
			.run((context) -> assertThat(analyzeStartupFailure(context, "drainQueue").getDescription())
				.isEqualTo("Shutdown hook 'drainQueue' names unknown phase 'soon'."));
	}

	@Test
	void onShutdownMethodWithATimeoutThatIsNoDurationFailsStartup() {
		this.contextRunner.withBean("jobs", HookWithBadTimeout.class).run((context) -> {
			FailureAnalysis analysis = analyzeStartupFailure(context, "jobs.finish");
			assertThat(analysis.getDescription())
				.isEqualTo("Shutdown hook 'jobs.finish' has timeout 'a while', which is not a duration.");
			assertThat(analysis.getAction()).contains("5s, 500ms or PT5S");
		});
	}

	@Test
	void onShutdownMethodWithZeroTimeoutFailsStartup() {
		this.contextRunner.withBean("jobs", HookWithZeroTimeout.class)
			.run((context) -> assertThat(analyzeStartupFailure(context, "jobs.finish").getAction())
				.contains("use a positive duration"));
	}

	@Test
	void shutdownHookBeanWithZeroTimeoutFailsStartup() {
		this.contextRunner
			.withBean("drainQueue", ShutdownHook.class,
					() -> new ConfiguredHook(ShutdownStage.STOP, null, Duration.ZERO))
			.run((context) -> assertThat(analyzeStartupFailure(context, "drainQueue").getAction())
				.contains("return a positive duration from timeout()"));
	}

	@Test
	void onShutdownMethodInStageAnnounceFailsStartup() {
		this.contextRunner.withBean("metrics", HookInStageAnnounce.class).run((context) -> {
			FailureAnalysis analysis = analyzeStartupFailure(context, "metrics.publish");
			assertThat(analysis.getDescription()).isEqualTo("Shutdown hook 'metrics.publish' asks for stage ANNOUNCE.");
			assertThat(analysis.getAction()).contains("STOP").contains("RELEASE").contains("DrainStartedEvent");
		});
	}

	@Test
	void shutdownHookBeanInStageDrainFailsStartup() {
		this.contextRunner
			.withBean("drainQueue", ShutdownHook.class, () -> new ConfiguredHook(ShutdownStage.DRAIN, null, null))
			.run((context) -> assertThat(analyzeStartupFailure(context, "drainQueue").getDescription())
				.isEqualTo("Shutdown hook 'drainQueue' asks for stage DRAIN."));
	}

	@Test
	void validHooksStartFine() {
		this.contextRunner.withBean("valid", ValidHooks.class)
			.withBean("drainQueue", ShutdownHook.class,
					() -> new ConfiguredHook(ShutdownStage.RELEASE, "1000", Duration.ofSeconds(2)))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void otherFailuresAreNotAnalyzed() {
		assertThat(this.analyzer.analyze(new IllegalStateException("unrelated"))).isNull();
	}

	@Test
	void analyzerIsRegisteredForSpringBootToFind() {
		// Other analyzers on the class path need arguments: leave them out.
		List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation(getClass().getClassLoader())
			.load(FailureAnalyzer.class, (factoryType, implementationName, failure) -> {
			});
		assertThat(analyzers).hasAtLeastOneElementOfType(InvalidShutdownHookFailureAnalyzer.class);
	}

	private FailureAnalysis analyzeStartupFailure(AssertableApplicationContext context, String hook) {
		assertThat(context).hasFailed();
		Throwable failure = context.getStartupFailure();
		Throwable cause = failure;
		while (cause != null && !(cause instanceof InvalidShutdownHookException)) {
			cause = cause.getCause();
		}
		assertThat(cause).as("startup failure caused by an invalid shutdown hook")
			.isInstanceOfSatisfying(InvalidShutdownHookException.class,
					(invalid) -> assertThat(invalid.getHook()).isEqualTo(hook));
		FailureAnalysis analysis = this.analyzer.analyze(failure);
		assertThat(analysis).isNotNull();
		assertThat(analysis.getCause()).isSameAs(cause);
		return analysis;
	}

	static class HookWithParameters {

		@OnShutdown
		void flush(String reason) {
		}

	}

	static class StaticHook {

		@OnShutdown
		static void clear() {
		}

	}

	static class HookWithUnknownPhase {

		@OnShutdown(phase = "web-server")
		void release() {
		}

	}

	static class HookWithBadTimeout {

		@OnShutdown(timeout = "a while")
		void finish() {
		}

	}

	static class HookWithZeroTimeout {

		@OnShutdown(timeout = "0s")
		void finish() {
		}

	}

	static class HookInStageAnnounce {

		@OnShutdown(stage = ShutdownStage.ANNOUNCE)
		void publish() {
		}

	}

	static class ValidHooks {

		@OnShutdown(stage = ShutdownStage.RELEASE, timeout = "500ms")
		void release() {
		}

		@OnShutdown(phase = "-100", order = 3)
		void inNegativePhase() {
		}

		@OnShutdown(phase = "web-server-stop", timeout = "PT1S")
		void afterTheWebServer() {
		}

	}

	/**
	 * A hook bean with every setting given.
	 */
	static final class ConfiguredHook implements ShutdownHook {

		private final ShutdownStage stage;

		private final @Nullable String phase;

		private final @Nullable Duration timeout;

		ConfiguredHook(ShutdownStage stage, @Nullable String phase, @Nullable Duration timeout) {
			this.stage = stage;
			this.phase = phase;
			this.timeout = timeout;
		}

		@Override
		public void onShutdown() {
			// Never runs: startup fails.
		}

		@Override
		public ShutdownStage stage() {
			return this.stage;
		}

		@Override
		public @Nullable String phase() {
			return this.phase;
		}

		@Override
		public @Nullable Duration timeout() {
			return this.timeout;
		}

	}

}
