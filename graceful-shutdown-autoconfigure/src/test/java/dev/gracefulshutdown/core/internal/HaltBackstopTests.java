package dev.gracefulshutdown.core.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link HaltBackstop}: whatever blocks or throws on the way to the halt (a
 * report listener, a listener of the {@link ShutdownRequestedEvent}), the process ends a
 * little after the deadline, with a {@link ProcessExit} that records instead of ending
 * the JVM.
 */
@ExtendWith(OutputCaptureExtension.class)
class HaltBackstopTests {

	private static final Duration UPPER_BOUND = Duration.ofSeconds(15);

	private static final Duration DEADLINE = Duration.ofMillis(300);

	private final RecordingProcessExit processExit = new RecordingProcessExit();

	private final BlockingLifecycle blockingLifecycle = new BlockingLifecycle();

	private final CountDownLatch releaseListeners = new CountDownLatch(1);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GracefulShutdownAutoConfiguration.class))
		.withPropertyValues("graceful-shutdown.signals.enabled=false", "graceful-shutdown.exit-code.graceful=3",
				"graceful-shutdown.exit-code.timeout=42", "graceful-shutdown.child-processes.enabled=false")
		.withBean(ProcessExit.class, () -> this.processExit);

	@AfterEach
	void releaseWhatBlocksAndEndWatchdogs() throws InterruptedException {
		this.releaseListeners.countDown();
		this.blockingLifecycle.release();
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			if (ShutdownWatchdog.THREAD_NAME.equals(thread.getName())) {
				thread.interrupt();
				thread.join(UPPER_BOUND.toMillis());
			}
		}
	}

	@Test
	void reportListenerThatBlocksCannotHoldTheProcessPastTheDeadlineAndTheGrace() {
		ShutdownReportListener blocking = new ShutdownReportListener() {

			@Override
			public void shutdownEnded(ShutdownReport report) {
				awaitRelease();
			}

		};
		this.contextRunner.withPropertyValues("graceful-shutdown.deadline=" + DEADLINE.toMillis() + "ms")
			.withBean("blocking", BlockingLifecycle.class, () -> this.blockingLifecycle)
			.withBean(ShutdownReportListener.class, () -> blocking)
			.run((context) -> {
				ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
				long requested = System.nanoTime();
				coordinator.requestProcessShutdown(ShutdownRequest.now(ShutdownReason.SIGNAL, "SIGTERM"));
				assertThat(this.processExit.awaitHalt()).as("halted").isTrue();
				// The watchdog is stuck in the listener: the backstop halted, no sooner
				// than the grace after the deadline.
				assertThat(this.processExit.calls).containsExactly("haltImmediately 42");
				assertThat(this.processExit.sinceFirstHalt(requested))
					.isGreaterThanOrEqualTo(DEADLINE.plus(HaltBackstop.GRACE));
				releaseAll();
			});
	}

	@Test
	void reportListenerThatThrowsAnErrorDoesNotStopTheHalt(CapturedOutput output) {
		ShutdownReportListener failing = new ShutdownReportListener() {

			@Override
			public void shutdownEnded(ShutdownReport report) {
				throw new StackOverflowError("listener failure");
			}

		};
		this.contextRunner.withPropertyValues("graceful-shutdown.deadline=" + DEADLINE.toMillis() + "ms")
			.withBean("blocking", BlockingLifecycle.class, () -> this.blockingLifecycle)
			.withBean(ShutdownReportListener.class, () -> failing)
			.run((context) -> {
				ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
				coordinator.requestProcessShutdown(ShutdownRequest.now(ShutdownReason.SIGNAL, "SIGTERM"));
				assertThat(this.processExit.awaitHalt()).as("halted").isTrue();
				// The watchdog's own halt, not the backstop's: the error was logged and
				// the halt went on.
				assertThat(this.processExit.calls).containsExactly("halt 42");
				assertThat(output).contains("Shutdown report listener " + failing.getClass().getName() + " failed")
					.contains("java.lang.StackOverflowError: listener failure");
				releaseAll();
			});
	}

	@Test
	void escalationWhoseHangReportBlocksHaltsLongBeforeTheDeadline() {
		ShutdownReportListener blocking = new ShutdownReportListener() {

			@Override
			public void shutdownEnded(ShutdownReport report) {
				awaitRelease();
			}

		};
		this.contextRunner.withPropertyValues("graceful-shutdown.deadline=60s")
			.withBean("blocking", BlockingLifecycle.class, () -> this.blockingLifecycle)
			.withBean(ShutdownReportListener.class, () -> blocking)
			.run((context) -> {
				ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
				coordinator.requestProcessShutdown(ShutdownRequest.now(ShutdownReason.SIGNAL, "SIGTERM"));
				assertThat(this.blockingLifecycle.awaitStopEntered()).isTrue();
				long escalated = System.nanoTime();
				// The handler of the second signal gets stuck in the listener.
				Thread handler = new Thread(() -> coordinator.repeatedSignal("SIGINT"), "SIGINT handler");
				handler.setDaemon(true);
				handler.start();
				assertThat(this.processExit.awaitHalt()).as("halted").isTrue();
				assertThat(this.processExit.calls).containsExactly("haltImmediately 42");
				assertThat(this.processExit.sinceFirstHalt(escalated)).isGreaterThanOrEqualTo(HaltBackstop.GRACE)
					.isLessThan(UPPER_BOUND);
				assertThat(handler.isAlive()).isTrue();
				releaseAll();
			});
	}

	@Test
	void shutdownRequestedListenerThatBlocksHoldsUpNeitherTheCallerNorTheHalt() throws InterruptedException {
		this.contextRunner.withPropertyValues("graceful-shutdown.deadline=" + DEADLINE.toMillis() + "ms")
			.withBean(BlockingRequestedListener.class, () -> new BlockingRequestedListener(this.releaseListeners))
			.run((context) -> {
				ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
				// The caller may be a signal handler: a later signal waits for it.
				Thread caller = new Thread(
						() -> coordinator.requestProcessShutdown(ShutdownRequest.now(ShutdownReason.SIGNAL, "SIGTERM")),
						"SIGTERM handler");
				caller.setDaemon(true);
				caller.start();
				caller.join(UPPER_BOUND.toMillis());
				assertThat(caller.isAlive()).as("the caller is still held by the listener").isFalse();
				assertThat(this.processExit.awaitHalt()).as("halted").isTrue();
				assertThat(this.processExit.calls).containsExactly("halt 42");
				releaseAll();
			});
	}

	@Test
	void plainCloseThatOutlivesTheDeadlineIsNeverHalted() {
		this.contextRunner.withPropertyValues("graceful-shutdown.deadline=" + DEADLINE.toMillis() + "ms")
			.withBean("blocking", BlockingLifecycle.class, () -> this.blockingLifecycle)
			.run((context) -> {
				Thread closer = new Thread(context.getSourceApplicationContext()::close, "test-closer");
				closer.start();
				assertThat(this.blockingLifecycle.awaitStopEntered()).isTrue();
				// The JVM is the application's: past the deadline and the grace, nothing
				// halts it.
				await().during(HaltBackstop.GRACE.plus(DEADLINE).plusMillis(500))
					.atMost(UPPER_BOUND)
					.until(this.processExit.calls::isEmpty);
				this.blockingLifecycle.release();
				closer.join(UPPER_BOUND.toMillis());
				assertThat(closer.isAlive()).isFalse();
				assertThat(this.processExit.calls).isEmpty();
			});
	}

	@Test
	void haltAfterACompletedSequenceRevisesTheReport() {
		List<ShutdownReport> ended = new CopyOnWriteArrayList<>();
		List<ShutdownReport> revised = new CopyOnWriteArrayList<>();
		ShutdownReportListener listener = new ShutdownReportListener() {

			@Override
			public void shutdownEnded(ShutdownReport report) {
				ended.add(report);
			}

			@Override
			public void shutdownRevised(ShutdownReport report) {
				revised.add(report);
			}

		};
		// Long enough for the sequence to complete first, even on a loaded machine.
		Duration deadline = Duration.ofMillis(1500);
		this.contextRunner.withPropertyValues("graceful-shutdown.deadline=" + deadline.toMillis() + "ms")
			.withBean(ShutdownReportListener.class, () -> listener)
			.run((context) -> {
				ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
				coordinator.requestProcessShutdown(ShutdownRequest.now(ShutdownReason.SIGNAL, "SIGTERM"));
				// The sequence completes and exits with the graceful code; the recording
				// exit returns, as a real one does while JVM shutdown hooks run, and the
				// watchdog halts at the deadline.
				assertThat(this.processExit.awaitHalt()).as("halted").isTrue();
				assertThat(this.processExit.calls).containsExactly("exit 3", "halt 42");
				assertThat(ended).singleElement().satisfies((report) -> {
					assertThat(report.outcome()).isEqualTo(ShutdownOutcome.COMPLETED);
					assertThat(report.exitCode()).isEqualTo(3);
				});
				assertThat(revised).singleElement().satisfies((report) -> {
					ShutdownReport first = ended.get(0);
					assertThat(report.id()).isEqualTo(first.id());
					assertThat(report.outcome()).isEqualTo(ShutdownOutcome.DEADLINE_EXCEEDED);
					assertThat(report.deadlineExceeded()).isTrue();
					assertThat(report.exitCode()).isEqualTo(42);
					assertThat(report.duration()).isGreaterThanOrEqualTo(deadline);
					assertThat(report.stages()).isEqualTo(first.stages());
					assertThat(report.stragglers()).singleElement()
						.asString()
						.startsWith("the JVM's exit: its shutdown hooks")
						.endsWith("after the shutdown sequence completed");
				});
				assertThat(coordinator.outcome()).isEqualTo(ShutdownOutcome.DEADLINE_EXCEEDED);
			});
	}

	/**
	 * Let the sequence go on before the context runner closes the context, which would
	 * otherwise wait for it.
	 */
	private void releaseAll() {
		this.releaseListeners.countDown();
		this.blockingLifecycle.release();
	}

	private void awaitRelease() {
		try {
			this.releaseListeners.await(1, TimeUnit.MINUTES);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * A listener of the request that blocks until released, as one doing network I/O
	 * would.
	 */
	static final class BlockingRequestedListener implements ApplicationListener<ShutdownRequestedEvent> {

		private final CountDownLatch release;

		BlockingRequestedListener(CountDownLatch release) {
			this.release = release;
		}

		@Override
		public void onApplicationEvent(ShutdownRequestedEvent event) {
			try {
				this.release.await(1, TimeUnit.MINUTES);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
