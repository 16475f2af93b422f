package dev.gracefulshutdown.core.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.gracefulshutdown.ShutdownOutcome;
import dev.gracefulshutdown.ShutdownReason;
import dev.gracefulshutdown.ShutdownReport;
import dev.gracefulshutdown.ShutdownReportListener;
import dev.gracefulshutdown.ShutdownRequest;
import dev.gracefulshutdown.ShutdownRequestedEvent;
import dev.gracefulshutdown.autoconfigure.GracefulShutdownAutoConfiguration;
import dev.gracefulshutdown.core.internal.ShutdownCoordinatorTests.BlockingLifecycle;
import dev.gracefulshutdown.testsupport.RecordingProcessExit;
import dev.gracefulshutdown.core.ProcessExit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationListener;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ShutdownCoordinator#repeatedSignal(String)}: a signal that escalates
 * the shutdown under way, with a {@link ProcessExit} that records instead of ending the
 * JVM. Whether a repeated signal escalates or joins is decided by the signal handler (see
 * {@code SignalShutdownTriggerTests}).
 */
@ExtendWith(OutputCaptureExtension.class)
class RepeatedSignalTests {

	private static final Duration UPPER_BOUND = Duration.ofSeconds(10);

	private final RecordingProcessExit processExit = new RecordingProcessExit();

	private final BlockingLifecycle blockingLifecycle = new BlockingLifecycle();

	private final List<ShutdownReport> reports = new CopyOnWriteArrayList<>();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GracefulShutdownAutoConfiguration.class))
		.withPropertyValues("graceful-shutdown.signals.enabled=false", "graceful-shutdown.exit-code.graceful=3",
				"graceful-shutdown.exit-code.timeout=42", "graceful-shutdown.child-processes.enabled=false")
		.withBean(ProcessExit.class, () -> this.processExit)
		.withBean("blocking", BlockingLifecycle.class, () -> this.blockingLifecycle)
		.withBean(ShutdownReportListener.class, () -> new ShutdownReportListener() {

			@Override
			public void shutdownEnded(ShutdownReport report) {
				RepeatedSignalTests.this.reports.add(report);
			}

		});

	@AfterEach
	void endWatchdogsThatARealExitWouldHaveEnded() throws InterruptedException {
		this.blockingLifecycle.release();
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			if (ShutdownWatchdog.THREAD_NAME.equals(thread.getName())) {
				thread.interrupt();
				thread.join(UPPER_BOUND.toMillis());
			}
		}
	}

	@Test
	void repeatedSignalDuringAProcessShutdownHaltsWithTheTimeoutCode(CapturedOutput output) throws Exception {
		this.contextRunner.run((context) -> {
			ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
			coordinator.requestProcessShutdown(ShutdownRequest.now(ShutdownReason.SIGNAL, "SIGTERM"));
			assertThat(this.blockingLifecycle.awaitStopEntered()).isTrue();
			coordinator.repeatedSignal("SIGINT");
			assertThat(this.processExit.halts).containsExactly(42);
			assertThat(coordinator.outcome()).isEqualTo(ShutdownOutcome.ESCALATED);
			assertThat(output).contains("SIGINT again during shutdown " + coordinator.handle().id()
					+ ": escalating, skipping the remaining waits (graceful-shutdown.signals.on-repeat.INT=escalate)")
				.contains("halting the JVM with exit code 42")
				.contains("'blocking' (" + BlockingLifecycle.class.getName() + ") stopping for");
			assertThat(this.reports).singleElement().satisfies((report) -> {
				assertThat(report.outcome()).isEqualTo(ShutdownOutcome.ESCALATED);
				assertThat(report.exitCode()).isEqualTo(42);
				assertThat(report.stragglers()).anySatisfy((straggler) -> assertThat(straggler).contains("'blocking'"));
			});
			// The sequence goes on in a test JVM that was not halted: it must not exit
			// gracefully after the halt, nor report twice.
			this.blockingLifecycle.release();
			assertThat(coordinator.awaitCompletion(UPPER_BOUND)).isTrue();
			joinSequenceThread();
			assertThat(this.processExit.exits).isEmpty();
			assertThat(this.reports).hasSize(1);
		});
	}

	@Test
	void stormOfRepeatedSignalsLogsOneHangReportAndHaltsOnce(CapturedOutput output) throws Exception {
		this.contextRunner.run((context) -> {
			ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
			coordinator.requestProcessShutdown(ShutdownRequest.now(ShutdownReason.SIGNAL, "SIGTERM"));
			assertThat(this.blockingLifecycle.awaitStopEntered()).isTrue();
			// The JVM runs each signal's handler on a thread of its own.
			List<Thread> handlers = new ArrayList<>();
			CountDownLatch go = new CountDownLatch(1);
			for (int i = 0; i < 20; i++) {
				Thread handler = new Thread(() -> {
					try {
						go.await();
						coordinator.repeatedSignal("SIGTERM");
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}, "SIGTERM handler " + i);
				handler.start();
				handlers.add(handler);
			}
			go.countDown();
			for (Thread handler : handlers) {
				handler.join(UPPER_BOUND.toMillis());
				assertThat(handler.isAlive()).isFalse();
			}
			assertThat(this.processExit.halts).containsExactly(42);
			assertThat(output.toString().split("SIGTERM again during shutdown ", -1)).hasSize(2);
			assertThat(this.reports).hasSize(1);
		});
	}

	@Test
	void repeatedSignalThatArrivesWhileTheFirstIsStillBeingRecordedHalts(CapturedOutput output) throws Exception {
		// The ShutdownRequestedEvent is published while the first signal's handler is
		// still in the coordinator: the moment another handler thread can see the
		// request.
		AtomicReference<ShutdownCoordinator> coordinatorRef = new AtomicReference<>();
		this.contextRunner.withBean(RepeatingListener.class, () -> new RepeatingListener(coordinatorRef))
			.run((context) -> {
				ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
				coordinatorRef.set(coordinator);
				coordinator.requestProcessShutdown(ShutdownRequest.now(ShutdownReason.SIGNAL, "SIGTERM"));
				assertThat(this.processExit.halted.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
				assertThat(this.processExit.halts).containsExactly(42);
				assertThat(output).contains("halting the JVM with exit code 42").doesNotContain("left running");
				this.blockingLifecycle.release();
				assertThat(coordinator.awaitCompletion(UPPER_BOUND)).isTrue();
			});
	}

	static final class RepeatingListener implements ApplicationListener<ShutdownRequestedEvent> {

		private final AtomicReference<ShutdownCoordinator> coordinator;

		RepeatingListener(AtomicReference<ShutdownCoordinator> coordinator) {
			this.coordinator = coordinator;
		}

		@Override
		public void onApplicationEvent(ShutdownRequestedEvent event) {
			this.coordinator.get().repeatedSignal("SIGTERM");
		}

	}

	@Test
	void repeatedSignalDuringAPlainCloseLeavesTheJvmRunning(CapturedOutput output) throws Exception {
		this.contextRunner.run((context) -> {
			ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
			Thread closer = new Thread(context.getSourceApplicationContext()::close, "test-closer");
			closer.start();
			assertThat(this.blockingLifecycle.awaitStopEntered()).isTrue();
			coordinator.repeatedSignal("SIGINT");
			assertThat(this.processExit.halts).isEmpty();
			assertThat(output).contains("the JVM is not exiting, so it is left running");
			assertThat(coordinator.outcome()).isEqualTo(ShutdownOutcome.ESCALATED);
			this.blockingLifecycle.release();
			closer.join(UPPER_BOUND.toMillis());
			assertThat(closer.isAlive()).isFalse();
			assertThat(this.processExit.exits).isEmpty();
			assertThat(this.processExit.halts).isEmpty();
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

}
