package dev.gracefulshutdown.core.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.gracefulshutdown.ShutdownReason;
import dev.gracefulshutdown.ShutdownReport.BeanTiming;
import dev.gracefulshutdown.ShutdownReport.PhaseTiming;
import dev.gracefulshutdown.ShutdownRequest;
import dev.gracefulshutdown.autoconfigure.GracefulShutdownAutoConfiguration;
import dev.gracefulshutdown.core.internal.ShutdownCoordinatorTests.BlockingLifecycle;
import dev.gracefulshutdown.testsupport.RecordingProcessExit;
import dev.gracefulshutdown.core.ProcessExit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.Lifecycle;
import org.springframework.context.SmartLifecycle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TimedLifecycleProcessor} and {@link PhasedLifecycleStop}: the stop of
 * the lifecycle phases in a real context closed by the test, with a {@link ProcessExit}
 * that records instead of ending the JVM.
 */
@ExtendWith(OutputCaptureExtension.class)
class TimedLifecycleProcessorTests {

	private static final Duration UPPER_BOUND = Duration.ofSeconds(10);

	private final RecordingProcessExit processExit = new RecordingProcessExit();

	private final BlockingLifecycle blockingLifecycle = new BlockingLifecycle();

	private final List<String> stops = new CopyOnWriteArrayList<>();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(LifecycleAutoConfiguration.class, GracefulShutdownAutoConfiguration.class))
		.withPropertyValues("graceful-shutdown.signals.enabled=false", "graceful-shutdown.exit-code.timeout=42",
				"graceful-shutdown.child-processes.enabled=false")
		.withBean(ProcessExit.class, () -> this.processExit);

	@AfterEach
	void endWatchdogsThatARealExitWouldHaveEnded() throws InterruptedException {
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			if (ShutdownWatchdog.THREAD_NAME.equals(thread.getName())) {
				thread.interrupt();
				thread.join(UPPER_BOUND.toMillis());
			}
		}
		this.blockingLifecycle.release();
	}

	@Test
	void phasesStopHighestFirstAndEveryBeanStopIsTimed() {
		this.contextRunner.withBean("low", SmartLifecycle.class, () -> new RecordingLifecycle("low", -5, this.stops))
			.withBean("plain", Lifecycle.class, () -> new PlainLifecycle("plain", this.stops))
			.withBean("high", SmartLifecycle.class, () -> new RecordingLifecycle("high", 200, this.stops))
			.withBean("middle", SmartLifecycle.class, () -> new SlowLifecycle("middle", 100, this.stops))
			.run((context) -> {
				ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
				LifecycleStopRecorder lifecycleStops = context.getBean(LifecycleStopRecorder.class);
				context.close();
				assertThat(this.stops).containsExactly("high", "middle", "plain", "low");
				List<PhaseTiming> phases = lifecycleStops.timings();
				assertThat(phases).extracting(PhaseTiming::phase).containsExactly(200, 100, 0, -5);
				assertThat(phases).allSatisfy((phase) -> {
					assertThat(phase.timedOut()).isFalse();
					assertThat(phase.timeout()).isEqualTo(Duration.ofSeconds(30));
					assertThat(phase.duration()).isNotNull();
					assertThat(phase.beans()).hasSize(1);
					assertThat(phase.beans().get(0).duration()).isNotNull();
				});
				assertThat(phases.get(2).name()).isEqualTo("plain-lifecycle");
				assertThat(phases).flatExtracting(PhaseTiming::beans)
					.extracting(BeanTiming::name)
					.containsExactly("high", "middle", "plain", "low");
				BeanTiming middle = phases.get(1).beans().get(0);
				assertThat(middle.type()).isEqualTo(SlowLifecycle.class.getName());
				assertThat(middle.duration()).isGreaterThanOrEqualTo(SlowLifecycle.STOP_TIME);
				assertThat(phases.get(1).duration()).isGreaterThanOrEqualTo(SlowLifecycle.STOP_TIME);
				assertThat(phases.get(0).beans().get(0).duration()).isLessThan(SlowLifecycle.STOP_TIME);
				assertThat(coordinator.hasTimedOut()).isFalse();
			});
	}

	@Test
	void beanThatNeverCallsBackTimesItsPhaseOutAndTheNextPhaseStillStops(CapturedOutput output) {
		this.contextRunner.withPropertyValues("graceful-shutdown.phases.timeouts.200=300ms")
			.withBean("stuck", SmartLifecycle.class, () -> new NeverCallsBack("stuck", 200, this.stops))
			.withBean("quick", SmartLifecycle.class, () -> new RecordingLifecycle("quick", 200, this.stops))
			.withBean("later", SmartLifecycle.class, () -> new RecordingLifecycle("later", 100, this.stops))
			.run((context) -> {
				ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
				LifecycleStopRecorder lifecycleStops = context.getBean(LifecycleStopRecorder.class);
				long start = System.nanoTime();
				context.close();
				Duration took = Duration.ofNanos(System.nanoTime() - start);
				assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(300)).isLessThan(UPPER_BOUND);
				assertThat(this.stops).containsExactly("stuck", "quick", "later");
				assertThat(coordinator.hasTimedOut()).isTrue();
				assertThat(output)
					.contains("Shutdown phase 200 timed out after 300ms with 1 bean still running: 'stuck' ("
							+ NeverCallsBack.class.getName() + ") stopping for")
					.contains("has not called back")
					.contains("Hang report for shutdown phase 200 (timeout 300ms)");
				assertThat(output).doesNotContain("'quick' (" + RecordingLifecycle.class.getName() + ") stopping for");
				List<PhaseTiming> phases = lifecycleStops.timings();
				assertThat(phases).extracting(PhaseTiming::phase).containsExactly(200, 100);
				PhaseTiming timedOut = phases.get(0);
				assertThat(timedOut.timedOut()).isTrue();
				assertThat(timedOut.timeout()).isEqualTo(Duration.ofMillis(300));
				assertThat(timedOut.beans()).filteredOn((bean) -> bean.name().equals("stuck"))
					.singleElement()
					.satisfies((bean) -> assertThat(bean.duration()).isNull());
				assertThat(timedOut.beans()).filteredOn((bean) -> bean.name().equals("quick"))
					.singleElement()
					.satisfies((bean) -> assertThat(bean.duration()).isNotNull());
				assertThat(phases.get(1).timedOut()).isFalse();
				assertThat(phases.get(1).timeout()).isEqualTo(Duration.ofSeconds(30));
				assertThat(coordinator.exitCodeFor(coordinator.request().orElseThrow())).isEqualTo(42);
			});
	}

	@Test
	void phaseTimeoutGivenByNameApplies(CapturedOutput output) {
		this.contextRunner.withPropertyValues("graceful-shutdown.phases.timeouts.default=200ms")
			.withBean("stuck", SmartLifecycle.class,
					() -> new NeverCallsBack("stuck", SmartLifecycle.DEFAULT_PHASE, this.stops))
			.run((context) -> {
				ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
				context.close();
				assertThat(coordinator.hasTimedOut()).isTrue();
				assertThat(output).contains("Shutdown phase 2147483647 (default) timed out after 200ms");
			});
	}

	@Test
	void processShutdownWithAPhaseTimeoutExitsWithTheTimeoutCode() throws InterruptedException {
		this.contextRunner.withPropertyValues("graceful-shutdown.phases.timeout=300ms")
			.withBean("stuck", SmartLifecycle.class, () -> new NeverCallsBack("stuck", 200, this.stops))
			.withBean("later", SmartLifecycle.class, () -> new RecordingLifecycle("later", 100, this.stops))
			.run((context) -> {
				ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
				coordinator.requestProcessShutdown(ShutdownRequest.now(ShutdownReason.SIGNAL, "SIGTERM"));
				assertThat(this.processExit.exited.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
				assertThat(this.processExit.exits).containsExactly(42);
				assertThat(this.processExit.halts).isEmpty();
				assertThat(this.stops).containsExactly("stuck", "later");
				assertThat(coordinator.getExitCode()).isEqualTo(42);
			});
	}

	@Test
	void stopThatBlocksPastItsPhaseTimeoutHaltsWithTheTimeoutCode(CapturedOutput output) throws InterruptedException {
		this.contextRunner.withPropertyValues("graceful-shutdown.phases.timeout=300ms")
			.withBean("blocking", BlockingLifecycle.class, () -> this.blockingLifecycle)
			.run((context) -> {
				ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
				coordinator.requestProcessShutdown(ShutdownRequest.now(ShutdownReason.SIGNAL, "SIGTERM"));
				assertThat(this.processExit.halted.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
				assertThat(this.processExit.halts).containsExactly(42);
				assertThat(output).contains("Shutdown phase 2147483647 (default) overran its timeout of 300ms: stop()"
						+ " of bean 'blocking' (" + BlockingLifecycle.class.getName() + ") has not returned");
				this.blockingLifecycle.release();
				assertThat(coordinator.awaitCompletion(UPPER_BOUND)).isTrue();
				joinSequenceThread();
				assertThat(this.processExit.exits).isEmpty();
			});
	}

	@Test
	void dependentsStopBeforeTheBeanTheyDependOn() {
		this.contextRunner
			.withBean("database", SmartLifecycle.class, () -> new RecordingLifecycle("database", 100, this.stops))
			.withBean("repository", SmartLifecycle.class, () -> new RecordingLifecycle("repository", 100, this.stops),
					(definition) -> definition.setDependsOn("database"))
			.withBean("other", SmartLifecycle.class, () -> new RecordingLifecycle("other", 50, this.stops))
			.withBean("cache", SmartLifecycle.class, () -> new RecordingLifecycle("cache", 50, this.stops),
					(definition) -> definition.setDependsOn("repository"))
			.run((context) -> {
				ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
				LifecycleStopRecorder lifecycleStops = context.getBean(LifecycleStopRecorder.class);
				context.close();
				// The database comes first in the phase, the repository depends on it,
				// and the cache in a lower phase depends on the repository.
				assertThat(this.stops).containsExactly("cache", "repository", "database", "other");
				List<PhaseTiming> phases = lifecycleStops.timings();
				assertThat(phases).extracting(PhaseTiming::phase).containsExactly(100, 50);
				assertThat(phases.get(0).beans()).extracting(BeanTiming::name)
					.containsExactly("cache", "repository", "database");
				assertThat(phases.get(1).beans()).extracting(BeanTiming::name).containsExactly("other");
			});
	}

	@Test
	void beanWhoseStopThrowsIsLoggedAndTheOthersStillStop(CapturedOutput output) {
		this.contextRunner.withPropertyValues("graceful-shutdown.phases.timeout=5s")
			.withBean("first", SmartLifecycle.class, () -> new RecordingLifecycle("first", 100, this.stops))
			.withBean("failing", SmartLifecycle.class, () -> new FailingLifecycle(100))
			.withBean("failingPlain", Lifecycle.class, FailingPlainLifecycle::new)
			.withBean("last", SmartLifecycle.class, () -> new RecordingLifecycle("last", 100, this.stops))
			.withBean("lower", SmartLifecycle.class, () -> new RecordingLifecycle("lower", -1, this.stops))
			.run((context) -> {
				ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
				LifecycleStopRecorder lifecycleStops = context.getBean(LifecycleStopRecorder.class);
				long start = System.nanoTime();
				context.close();
				// The failure counted as the end of the bean's stop: no wait for the
				// phase's timeout.
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
				assertThat(this.stops).containsExactly("first", "last", "lower");
				assertThat(output).contains("Failed to stop bean 'failing'")
					.contains("IllegalStateException: failing stops badly")
					.contains("Failed to stop bean 'failingPlain'")
					.contains("IllegalStateException: plain stop fails");
				assertThat(coordinator.hasTimedOut()).isFalse();
				PhaseTiming phase = lifecycleStops.timings().get(0);
				assertThat(phase.phase()).isEqualTo(100);
				assertThat(phase.timedOut()).isFalse();
				assertThat(phase.beans()).extracting(BeanTiming::name).containsExactly("first", "failing", "last");
				assertThat(phase.beans()).allSatisfy((bean) -> assertThat(bean.duration()).isNotNull());
			});
	}

	private static void joinSequenceThread() throws InterruptedException {
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			if (ShutdownCoordinator.SEQUENCE_THREAD_NAME.equals(thread.getName())) {
				thread.join(UPPER_BOUND.toMillis());
				assertThat(thread.isAlive()).isFalse();
			}
		}
	}

	/**
	 * Records its stop and calls back at once.
	 */
	static class RecordingLifecycle implements SmartLifecycle {

		private final String name;

		private final int phase;

		private final List<String> stops;

		private volatile boolean running;

		RecordingLifecycle(String name, int phase, List<String> stops) {
			this.name = name;
			this.phase = phase;
			this.stops = stops;
		}

		@Override
		public void start() {
			this.running = true;
		}

		@Override
		public void stop() {
			throw new UnsupportedOperationException("Stop must not be invoked directly");
		}

		@Override
		public void stop(Runnable callback) {
			this.stops.add(this.name);
			this.running = false;
			complete(callback);
		}

		void complete(Runnable callback) {
			callback.run();
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
	 * Calls back from another thread a while after it was asked to stop, as a consumer
	 * finishing its last batch would.
	 */
	static final class SlowLifecycle extends RecordingLifecycle {

		static final Duration STOP_TIME = Duration.ofMillis(150);

		SlowLifecycle(String name, int phase, List<String> stops) {
			super(name, phase, stops);
		}

		@Override
		void complete(Runnable callback) {
			CompletableFuture.runAsync(callback,
					CompletableFuture.delayedExecutor(STOP_TIME.toMillis(), TimeUnit.MILLISECONDS));
		}

	}

	/**
	 * Never calls back: its phase can only end by its timeout.
	 */
	static final class NeverCallsBack extends RecordingLifecycle {

		NeverCallsBack(String name, int phase, List<String> stops) {
			super(name, phase, stops);
		}

		@Override
		void complete(Runnable callback) {
			// Stuck: the callback is never run.
		}

	}

	/**
	 * Throws from its stop.
	 */
	static final class FailingLifecycle extends RecordingLifecycle {

		FailingLifecycle(int phase) {
			super("failing", phase, new CopyOnWriteArrayList<>());
		}

		@Override
		public void stop(Runnable callback) {
			throw new IllegalStateException("failing stops badly");
		}

	}

	/**
	 * A plain lifecycle bean, running from the start: it has no phase of its own.
	 */
	static final class PlainLifecycle implements Lifecycle {

		private final String name;

		private final List<String> stops;

		private volatile boolean running = true;

		PlainLifecycle(String name, List<String> stops) {
			this.name = name;
			this.stops = stops;
		}

		@Override
		public void start() {
			this.running = true;
		}

		@Override
		public void stop() {
			this.stops.add(this.name);
			this.running = false;
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

	}

	/**
	 * A plain lifecycle bean, running from the start, whose stop throws.
	 */
	static final class FailingPlainLifecycle implements Lifecycle {

		@Override
		public void start() {
			// Running from the start.
		}

		@Override
		public void stop() {
			throw new IllegalStateException("plain stop fails");
		}

		@Override
		public boolean isRunning() {
			return true;
		}

	}

}
