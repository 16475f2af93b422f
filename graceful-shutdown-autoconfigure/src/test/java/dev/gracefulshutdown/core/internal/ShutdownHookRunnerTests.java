package dev.gracefulshutdown.core.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.gracefulshutdown.DrainFinishedEvent;
import dev.gracefulshutdown.OnShutdown;
import dev.gracefulshutdown.ShutdownHook;
import dev.gracefulshutdown.ShutdownOutcome;
import dev.gracefulshutdown.ShutdownReport.HookOutcome;
import dev.gracefulshutdown.ShutdownReport.HookTiming;
import dev.gracefulshutdown.ShutdownStage;
import dev.gracefulshutdown.autoconfigure.GracefulShutdownAutoConfiguration;
import dev.gracefulshutdown.core.internal.TimedLifecycleProcessorTests.RecordingLifecycle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ShutdownHookRunner} and {@link HookPhaseLifecycle}: when the hooks run
 * in a real context closed by the test, in which order, and what a failing or hanging
 * hook does to the others.
 */
@ExtendWith(OutputCaptureExtension.class)
class ShutdownHookRunnerTests {

	private final List<String> events = new CopyOnWriteArrayList<>();

	private final CountDownLatch release = new CountDownLatch(1);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GracefulShutdownAutoConfiguration.class))
		.withPropertyValues("graceful-shutdown.signals.enabled=false", "graceful-shutdown.exit-code.timeout=42");

	@AfterEach
	void releaseHangingHooks() {
		this.release.countDown();
	}

	@Test
	void hooksRunAfterTheDrainInTheirStageOrPhaseAndBeforeBeansAreDestroyed() {
		this.contextRunner.withBean(DrainListener.class, () -> new DrainListener(this.events))
			.withBean("resource", Resource.class, () -> new Resource(this.events))
			.withBean("top", SmartLifecycle.class,
					() -> new RecordingLifecycle("phase default", SmartLifecycle.DEFAULT_PHASE, this.events))
			.withBean("high", SmartLifecycle.class, () -> new RecordingLifecycle("phase 200", 200, this.events))
			.withBean("low", SmartLifecycle.class, () -> new RecordingLifecycle("phase 50", 50, this.events))
			.withBean("lowest", SmartLifecycle.class, () -> new RecordingLifecycle("phase -1000", -1000, this.events))
			.withBean("releaseBean", ShutdownHook.class,
					() -> new RecordingHook("release bean hook", ShutdownStage.RELEASE, 1, this.events))
			.withBean("hooks", LifecycleHooks.class, () -> new LifecycleHooks(this.events))
			.run((context) -> {
				context.close();
				assertThat(this.events).containsExactly("drain finished", "stop hook", "phase default", "phase 200",
						"phase 100 hook", "phase 50", "phase -1000", "release hook", "release bean hook",
						"destroy resource");
			});
	}

	@Test
	void hooksRunOnThreadsOfTheirOwn() {
		List<String> threads = new CopyOnWriteArrayList<>();
		this.contextRunner
			.withBean("flush", ShutdownHook.class, () -> () -> threads.add(Thread.currentThread().getName()))
			.run((context) -> {
				context.close();
				assertThat(threads).containsExactly(ShutdownHookRunner.THREAD_NAME_PREFIX + "flush");
			});
	}

	@Test
	void hookOfABeanThatDependsOnAnotherRunsFirstEvenWithAHigherOrder() {
		this.contextRunner
			.withBean("pool", ShutdownHook.class, () -> new RecordingHook("pool", ShutdownStage.STOP, 0, this.events))
			.withBean("client", ShutdownHook.class,
					() -> new RecordingHook("client", ShutdownStage.STOP, 10, this.events),
					(definition) -> definition.setDependsOn("pool"))
			.withBean("unrelated", ShutdownHook.class,
					() -> new RecordingHook("unrelated", ShutdownStage.STOP, 5, this.events))
			.run((context) -> {
				context.close();
				assertThat(this.events).containsExactly("unrelated", "client", "pool");
			});
	}

	@Test
	void independentHooksRunByOrderThenByRegistration() {
		this.contextRunner
			.withBean("second", ShutdownHook.class,
					() -> new RecordingHook("second", ShutdownStage.STOP, 2, this.events))
			.withBean("first", ShutdownHook.class, () -> new RecordingHook("first", ShutdownStage.STOP, 1, this.events))
			.withBean("alsoSecond", ShutdownHook.class,
					() -> new RecordingHook("alsoSecond", ShutdownStage.STOP, 2, this.events))
			.run((context) -> {
				context.close();
				assertThat(this.events).containsExactly("first", "second", "alsoSecond");
			});
	}

	@Test
	void hookThatThrowsIsLoggedWithItsNameAndTheOthersStillRun(CapturedOutput output) {
		this.contextRunner.withBean("failing", ShutdownHook.class, () -> () -> {
			throw new IllegalStateException("cannot flush");
		})
			.withBean("after", ShutdownHook.class, () -> new RecordingHook("after", ShutdownStage.STOP, 1, this.events))
			.run((context) -> {
				ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
				ShutdownHookRunner hooks = context.getBean(ShutdownHookRunner.class);
				context.close();
				assertThat(this.events).containsExactly("after");
				assertThat(output).contains("Shutdown hook 'failing' (stage stop) failed; the other hooks still run")
					.contains("java.lang.IllegalStateException: cannot flush");
				List<HookTiming> timings = hooks.timings();
				assertThat(timings).extracting(HookTiming::name).containsExactly("failing", "after");
				assertThat(timings.get(0).outcome()).isEqualTo(HookOutcome.FAILED);
				assertThat(timings.get(0).failure()).isEqualTo("java.lang.IllegalStateException: cannot flush");
				assertThat(timings.get(1).outcome()).isEqualTo(HookOutcome.COMPLETED);
				assertThat(coordinator.hasTimedOut()).isFalse();
			});
	}

	@Test
	void hookOverItsTimeoutIsAbandonedAndMarksTheShutdownTimedOut(CapturedOutput output) {
		this.contextRunner.withBean("slow", SlowHooks.class, () -> new SlowHooks(this.release))
			.withBean("after", ShutdownHook.class, () -> new RecordingHook("after", ShutdownStage.STOP, 1, this.events))
			.run((context) -> {
				ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
				ShutdownHookRunner hooks = context.getBean(ShutdownHookRunner.class);
				long start = System.nanoTime();
				context.close();
				Duration took = Duration.ofNanos(System.nanoTime() - start);
				assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(200)).isLessThan(Duration.ofSeconds(5));
				assertThat(this.events).containsExactly("after");
				assertThat(output)
					.contains("Shutdown hook 'slow.waitForRelease' (stage stop) still running after 200ms;"
							+ " going on without it. It is at:")
					.contains(SlowHooks.class.getName() + ".waitForRelease");
				List<HookTiming> timings = hooks.timings();
				assertThat(timings).extracting(HookTiming::name).containsExactly("slow.waitForRelease", "after");
				assertThat(timings.get(0).outcome()).isEqualTo(HookOutcome.TIMED_OUT);
				assertThat(timings.get(0).duration()).isNull();
				assertThat(hooks.anyTimedOut()).isTrue();
				assertThat(coordinator.hasTimedOut()).isTrue();
				assertThat(coordinator.exitCodeFor(coordinator.request().orElseThrow())).isEqualTo(42);
				assertThat(coordinator.outcome()).isEqualTo(ShutdownOutcome.TIMED_OUT);
			});
	}

	@Test
	void hookInAPhaseOverItsTimeoutDoesNotHoldThePhaseUp(CapturedOutput output) {
		this.contextRunner.withBean("slow", PhaseSlowHooks.class, () -> new PhaseSlowHooks(this.release))
			.withBean("later", SmartLifecycle.class, () -> new RecordingLifecycle("phase 50", 50, this.events))
			.run((context) -> {
				context.close();
				assertThat(this.events).containsExactly("phase 50");
				assertThat(output).contains(
						"Shutdown hook 'slow.waitForRelease' (phase 100) still running after 200ms; going on without it");
			});
	}

	/**
	 * Records the end of the drain.
	 */
	static final class DrainListener implements ApplicationListener<DrainFinishedEvent> {

		private final List<String> events;

		DrainListener(List<String> events) {
			this.events = events;
		}

		@Override
		public void onApplicationEvent(DrainFinishedEvent event) {
			this.events.add("drain finished");
		}

	}

	/**
	 * Records its destruction.
	 */
	static final class Resource implements DisposableBean {

		private final List<String> events;

		Resource(List<String> events) {
			this.events = events;
		}

		@Override
		public void destroy() {
			this.events.add("destroy resource");
		}

	}

	/**
	 * A hook bean that records its run.
	 */
	static final class RecordingHook implements ShutdownHook {

		private final String name;

		private final ShutdownStage stage;

		private final int order;

		private final List<String> events;

		RecordingHook(String name, ShutdownStage stage, int order, List<String> events) {
			this.name = name;
			this.stage = stage;
			this.order = order;
			this.events = events;
		}

		@Override
		public void onShutdown() {
			this.events.add(this.name);
		}

		@Override
		public ShutdownStage stage() {
			return this.stage;
		}

		@Override
		public int order() {
			return this.order;
		}

	}

	static class LifecycleHooks {

		private final List<String> events;

		LifecycleHooks(List<String> events) {
			this.events = events;
		}

		@OnShutdown
		void beforePhases() {
			this.events.add("stop hook");
		}

		@OnShutdown(phase = "100")
		void inPhase() {
			this.events.add("phase 100 hook");
		}

		@OnShutdown(stage = ShutdownStage.RELEASE)
		void afterPhases() {
			this.events.add("release hook");
		}

	}

	static class SlowHooks {

		private final CountDownLatch release;

		SlowHooks(CountDownLatch release) {
			this.release = release;
		}

		@OnShutdown(timeout = "200ms")
		void waitForRelease() throws InterruptedException {
			this.release.await(10, TimeUnit.SECONDS);
		}

	}

	static class PhaseSlowHooks {

		private final CountDownLatch release;

		PhaseSlowHooks(CountDownLatch release) {
			this.release = release;
		}

		@OnShutdown(phase = "100", timeout = "200ms")
		void waitForRelease() throws InterruptedException {
			this.release.await(10, TimeUnit.SECONDS);
		}

	}

}
