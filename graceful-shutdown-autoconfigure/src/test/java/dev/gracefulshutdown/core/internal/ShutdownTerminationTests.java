package dev.gracefulshutdown.core.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.gracefulshutdown.ShutdownReason;
import dev.gracefulshutdown.ShutdownRequest;
import dev.gracefulshutdown.ShutdownState;
import dev.gracefulshutdown.autoconfigure.GracefulShutdownAutoConfiguration;
import dev.gracefulshutdown.core.internal.ShutdownCoordinatorTests.BlockingLifecycle;
import dev.gracefulshutdown.core.internal.ShutdownCoordinatorTests.SequenceRecorder;
import dev.gracefulshutdown.testsupport.RecordingProcessExit;
import dev.gracefulshutdown.core.ProcessExit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ShutdownTermination}: the halt with the timeout code when the deadline
 * passes, never a graceful exit after it, and no halt of a JVM that keeps running. Wired
 * by the auto-configuration, with a {@link ProcessExit} that records instead of ending
 * the JVM.
 */
class ShutdownTerminationTests {

	private static final Duration UPPER_BOUND = Duration.ofSeconds(10);

	private final RecordingProcessExit processExit = new RecordingProcessExit();

	private final BlockingLifecycle blockingLifecycle = new BlockingLifecycle();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GracefulShutdownAutoConfiguration.class))
		.withPropertyValues("graceful-shutdown.signals.enabled=false", "graceful-shutdown.exit-code.graceful=3",
				"graceful-shutdown.exit-code.timeout=42")
		.withBean(ProcessExit.class, () -> this.processExit)
		.withBean(SequenceRecorder.class);

	@AfterEach
	void endWatchdogsThatARealExitWouldHaveEnded() throws InterruptedException {
		// The recording exit returns where the real one never does, so a watchdog armed
		// for a process exit would outlive the test and fire into the next ones.
		for (Thread watchdog : ShutdownCoordinatorTests.liveWatchdogs()) {
			watchdog.interrupt();
			watchdog.join(UPPER_BOUND.toMillis());
		}
		this.blockingLifecycle.release();
	}

	@Test
	void watchdogHaltsWithTheTimeoutCodeWhenTheSequenceOutlivesTheDeadlineOfAProcessExit() {
		Duration deadline = Duration.ofMillis(500);
		this.contextRunner.withPropertyValues("graceful-shutdown.deadline=" + deadline.toMillis() + "ms")
			.withBean(BlockingLifecycle.class, () -> this.blockingLifecycle)
			.run((context) -> {
				ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
				long requested = System.nanoTime();
				coordinator.requestProcessShutdown(ShutdownRequest.now(ShutdownReason.SIGNAL, "SIGTERM"));
				assertThat(this.processExit.halted.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
				assertThat(this.processExit.halts).containsExactly(42);
				assertThat(Duration.ofNanos(this.processExit.haltNanos.get() - requested))
					.isGreaterThanOrEqualTo(deadline);
				// The sequence is still stuck in the lifecycle stop: no graceful exit.
				assertThat(this.blockingLifecycle.stopThread.get()).isNotNull();
				assertThat(coordinator.state()).isEqualTo(ShutdownState.STOPPING);
				assertThat(this.processExit.exits).isEmpty();
				this.blockingLifecycle.release();
				awaitTermination(this.blockingLifecycle.stopThread.get());
			});
	}

	@Test
	void sequenceThatFinishesAfterTheDeadlineNeverExitsWithTheGracefulCode() {
		// In a real JVM the watchdog may still be writing its report when the sequence
		// finishes: an exit with the graceful code then races the halt with the timeout
		// code. Once the deadline has passed, the graceful exit must be off the table.
		this.contextRunner.withPropertyValues("graceful-shutdown.deadline=500ms")
			.withBean(BlockingLifecycle.class, () -> this.blockingLifecycle)
			.run((context) -> {
				ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
				coordinator.requestProcessShutdown(ShutdownRequest.now(ShutdownReason.SIGNAL, "SIGTERM"));
				assertThat(this.processExit.halted.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
				this.blockingLifecycle.release();
				awaitTermination(this.blockingLifecycle.stopThread.get());
				assertThat(coordinator.state()).isEqualTo(ShutdownState.STOPPED);
				assertThat(this.processExit.halts).containsExactly(42);
				assertThat(this.processExit.exits).isEmpty();
			});
	}

	@Test
	void watchdogHaltsWithTheTimeoutCodeWhenTheCloseOutlivesTheDeadlineWhileTheJvmExits() {
		this.processExit.jvmExiting = true;
		this.contextRunner.withPropertyValues("graceful-shutdown.deadline=500ms")
			.withBean(BlockingLifecycle.class, () -> this.blockingLifecycle)
			.run((context) -> {
				Thread closer = new Thread(context.getSourceApplicationContext()::close, "test-shutdown-hook");
				closer.start();
				assertThat(this.processExit.halted.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
				assertThat(this.processExit.halts).containsExactly(42);
				this.blockingLifecycle.release();
				awaitTermination(closer);
				assertThat(this.processExit.exits).isEmpty();
			});
	}

	@Test
	void watchdogLeavesALiveJvmRunningWhenAPlainCloseOutlivesTheDeadline() {
		this.contextRunner.withPropertyValues("graceful-shutdown.deadline=500ms")
			.withBean(BlockingLifecycle.class, () -> this.blockingLifecycle)
			.run((context) -> {
				ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
				Thread closer = new Thread(context.getSourceApplicationContext()::close, "test-closer");
				closer.start();
				assertThat(this.blockingLifecycle.awaitStopEntered()).isTrue();
				// Once the deadline has passed the watchdog asks whether the JVM exits,
				// then
				// decides and ends: its end shows that it chose not to halt.
				await().atMost(UPPER_BOUND)
					.until(() -> this.processExit.queryFrom(ShutdownWatchdog.THREAD_NAME) != null);
				awaitTermination(this.processExit.queryFrom(ShutdownWatchdog.THREAD_NAME));
				assertThat(this.processExit.halts).isEmpty();
				assertThat(closer.isAlive()).isTrue();
				this.blockingLifecycle.release();
				awaitTermination(closer);
				assertThat(coordinator.state()).isEqualTo(ShutdownState.STOPPED);
				assertThat(this.processExit.halts).isEmpty();
				assertThat(this.processExit.exits).isEmpty();
			});
	}

	private static void awaitTermination(@Nullable Thread thread) {
		ShutdownCoordinatorTests.awaitTermination(thread);
	}

}
