package dev.gracefulshutdown.core.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.gracefulshutdown.OnShutdown;
import dev.gracefulshutdown.ShutdownOutcome;
import dev.gracefulshutdown.ShutdownReason;
import dev.gracefulshutdown.ShutdownReport;
import dev.gracefulshutdown.ShutdownReport.PhaseTiming;
import dev.gracefulshutdown.ShutdownReportListener;
import dev.gracefulshutdown.ShutdownRequest;
import dev.gracefulshutdown.ShutdownStage;
import dev.gracefulshutdown.ShutdownState;
import dev.gracefulshutdown.autoconfigure.GracefulShutdownAutoConfiguration;
import dev.gracefulshutdown.testsupport.RecordingProcessExit;
import dev.gracefulshutdown.task.ExecutorsDrain;
import dev.gracefulshutdown.testsupport.LogRecorder;
import dev.gracefulshutdown.core.ProcessExit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.support.DefaultLifecycleProcessor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that {@code ConfigurableApplicationContext.stop()} and a pause (as for a CRaC
 * checkpoint) are no shutdown: the executors keep working after the context is started
 * again, no shutdown hook runs, no report is written, and the close that comes later
 * still runs the whole sequence. Only a close is a shutdown.
 */
class ContextStopAndPauseTests {

	private static final Duration UPPER_BOUND = Duration.ofSeconds(10);

	private final RecordingProcessExit processExit = new RecordingProcessExit();

	private final List<ShutdownReport> reports = new CopyOnWriteArrayList<>();

	private final Hooks hooks = new Hooks();

	private final BlockingWhenArmedLifecycle blocking = new BlockingWhenArmedLifecycle();

	private final LogRecorder lifecycleLog = new LogRecorder(DefaultLifecycleProcessor.class);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LifecycleAutoConfiguration.class, TaskExecutionAutoConfiguration.class,
				GracefulShutdownAutoConfiguration.class))
		.withPropertyValues("graceful-shutdown.signals.enabled=false", "graceful-shutdown.exit-code.timeout=42",
				"graceful-shutdown.child-processes.enabled=false")
		.withBean(ProcessExit.class, () -> this.processExit)
		.withBean("hooks", Hooks.class, () -> this.hooks)
		.withBean(ShutdownReportListener.class, () -> new ShutdownReportListener() {

			@Override
			public void shutdownEnded(ShutdownReport report) {
				ContextStopAndPauseTests.this.reports.add(report);
			}

		});

	@AfterEach
	void endWatchdogsThatARealExitWouldHaveEnded() throws InterruptedException {
		this.blocking.release();
		this.lifecycleLog.close();
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			if (ShutdownWatchdog.THREAD_NAME.equals(thread.getName())) {
				thread.interrupt();
				thread.join(UPPER_BOUND.toMillis());
			}
		}
	}

	@Test
	void stopThenStartLeavesTheApplicationWorkingAndTheCloseRunsTheWholeSequence() {
		this.contextRunner.run((context) -> {
			ConfigurableApplicationContext application = context.getSourceApplicationContext();
			application.stop();
			application.start();
			assertExecutorRunsTasks(context);
			assertNoShutdownHappened(context);
			application.close();
			assertWholeSequenceRan();
		});
	}

	@Test
	void pauseThenRestartLeavesTheApplicationWorkingAndTheCloseRunsTheWholeSequence() {
		this.contextRunner.run((context) -> {
			ConfigurableApplicationContext application = context.getSourceApplicationContext();
			application.pause();
			application.restart();
			assertExecutorRunsTasks(context);
			assertNoShutdownHappened(context);
			application.close();
			assertWholeSequenceRan();
		});
	}

	@Test
	void stopThenCloseStillRunsTheWholeSequence() {
		this.contextRunner.run((context) -> {
			ConfigurableApplicationContext application = context.getSourceApplicationContext();
			application.stop();
			assertNoShutdownHappened(context);
			application.close();
			assertWholeSequenceRan();
		});
	}

	@Test
	void afterStopAndStartAStopThatBlocksPastItsPhaseTimeoutStillHalts() {
		this.contextRunner.withPropertyValues("graceful-shutdown.phases.timeout=300ms")
			.withBean("blocking", BlockingWhenArmedLifecycle.class, () -> this.blocking)
			.run((context) -> {
				ConfigurableApplicationContext application = context.getSourceApplicationContext();
				application.stop();
				application.start();
				this.blocking.arm();
				ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
				coordinator.requestProcessShutdown(ShutdownRequest.now(ShutdownReason.SIGNAL, "SIGTERM"));
				// The monitor that watches blocking stop() calls must not have been
				// closed by the stop above.
				assertThat(this.processExit.halted.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
				assertThat(this.processExit.halts).containsExactly(42);
				assertThat(coordinator.outcome()).isEqualTo(ShutdownOutcome.TIMED_OUT);
				this.blocking.release();
				assertThat(coordinator.awaitCompletion(UPPER_BOUND)).isTrue();
			});
	}

	private void assertExecutorRunsTasks(AssertableApplicationContext context) throws InterruptedException {
		ThreadPoolTaskExecutor executor = context.getBean("applicationTaskExecutor", ThreadPoolTaskExecutor.class);
		CountDownLatch ran = new CountDownLatch(1);
		executor.execute(ran::countDown);
		assertThat(ran.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS)).as("task ran").isTrue();
		assertThat(executor.getThreadPoolExecutor().isShutdown()).isFalse();
	}

	private void assertNoShutdownHappened(AssertableApplicationContext context) {
		ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
		assertThat(this.hooks.ran).isEmpty();
		assertThat(this.reports).isEmpty();
		assertThat(coordinator.state()).isEqualTo(ShutdownState.RUNNING);
		assertThat(coordinator.request()).isEmpty();
		assertThat(this.lifecycleLog.text()).doesNotContain("Failed to stop bean");
	}

	private void assertWholeSequenceRan() {
		assertThat(this.hooks.ran).containsExactly("stop stage", "executors-drain phase", "release stage");
		assertThat(this.reports).singleElement().satisfies((report) -> {
			assertThat(report.outcome()).isEqualTo(ShutdownOutcome.COMPLETED);
			assertThat(report.stages()).extracting(ShutdownReport.StageTiming::stage)
				.containsExactly(ShutdownStage.ANNOUNCE, ShutdownStage.DRAIN, ShutdownStage.STOP,
						ShutdownStage.RELEASE);
			assertThat(report.phases()).extracting(PhaseTiming::phase).contains(ExecutorsDrain.PHASE);
		});
	}

	/**
	 * Shutdown hooks of every kind: in the stop stage, in a lifecycle phase, in the
	 * release stage.
	 */
	static class Hooks {

		final List<String> ran = new CopyOnWriteArrayList<>();

		@OnShutdown
		void stopStage() {
			this.ran.add("stop stage");
		}

		@OnShutdown(phase = "executors-drain")
		void executorsDrainPhase() {
			this.ran.add("executors-drain phase");
		}

		@OnShutdown(stage = ShutdownStage.RELEASE)
		void releaseStage() {
			this.ran.add("release stage");
		}

	}

	/**
	 * A lifecycle bean whose {@code stop()} blocks once armed, so that an explicit stop
	 * before returns at once.
	 */
	static final class BlockingWhenArmedLifecycle implements SmartLifecycle {

		private final CountDownLatch released = new CountDownLatch(1);

		private volatile boolean armed;

		private volatile boolean running;

		@Override
		public void start() {
			this.running = true;
		}

		@Override
		public void stop() {
			if (this.armed) {
				try {
					// Timed: Spring treats a closing thread in WAITING as stuck and
					// interrupts it.
					this.released.await(1, TimeUnit.MINUTES);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			this.running = false;
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

		void arm() {
			this.armed = true;
		}

		void release() {
			this.released.countDown();
		}

	}

}
