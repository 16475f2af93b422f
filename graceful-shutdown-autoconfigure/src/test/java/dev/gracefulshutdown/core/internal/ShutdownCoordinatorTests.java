package dev.gracefulshutdown.core.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.gracefulshutdown.GracefulShutdown;
import dev.gracefulshutdown.ShutdownHandle;
import dev.gracefulshutdown.ShutdownReason;
import dev.gracefulshutdown.ShutdownReport;
import dev.gracefulshutdown.ShutdownReportListener;
import dev.gracefulshutdown.ShutdownRequest;
import dev.gracefulshutdown.ShutdownStage;
import dev.gracefulshutdown.ShutdownState;
import dev.gracefulshutdown.autoconfigure.GracefulShutdownAutoConfiguration;
import dev.gracefulshutdown.testsupport.RecordingProcessExit;
import dev.gracefulshutdown.core.ProcessExit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ShutdownCoordinator}, wired by the auto-configuration, with a
 * {@link ProcessExit} that records instead of ending the JVM.
 */
class ShutdownCoordinatorTests {

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
		for (Thread watchdog : liveWatchdogs()) {
			watchdog.interrupt();
			watchdog.join(UPPER_BOUND.toMillis());
		}
		this.blockingLifecycle.release();
	}

	@Test
	void closingTheContextRunsTheSequenceExactlyOnceWithoutEndingTheProcess() {
		this.contextRunner.run((context) -> {
			ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
			SequenceRecorder recorder = context.getBean(SequenceRecorder.class);
			AtomicInteger completions = new AtomicInteger();
			coordinator.onCompletion(completions::incrementAndGet);
			assertThat(coordinator.state()).isEqualTo(ShutdownState.RUNNING);
			assertThat(coordinator.request()).isEmpty();
			context.close();
			context.close();
			assertThat(recorder.states).containsExactly(ShutdownState.DRAINING, ShutdownState.STOPPING,
					ShutdownState.STOPPING);
			assertThat(coordinator.state()).isEqualTo(ShutdownState.STOPPED);
			assertThat(coordinator.request()).hasValueSatisfying((request) -> {
				assertThat(request.reason()).isEqualTo(ShutdownReason.CONTEXT_CLOSED);
				assertThat(request.origin()).isEqualTo("ApplicationContext.close()");
			});
			assertThat(coordinator.awaitCompletion(Duration.ZERO)).isTrue();
			assertThat(completions).hasValue(1);
			assertThat(recorder.contextClosedEvents).hasValue(1);
			assertThat(this.processExit.exits).isEmpty();
			assertThat(this.processExit.halts).isEmpty();
		});
	}

	@Test
	void closingTheContextWhileTheJvmExitsIsReportedAsAJvmExit() {
		this.processExit.jvmExiting = true;
		AtomicReference<ShutdownReport> ended = new AtomicReference<>();
		ShutdownReportListener listener = new ShutdownReportListener() {

			@Override
			public void shutdownEnded(ShutdownReport report) {
				ended.set(report);
			}

		};
		this.contextRunner.withBean(ShutdownReportListener.class, () -> listener).run((context) -> {
			ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
			context.close();
			assertThat(coordinator.state()).isEqualTo(ShutdownState.STOPPED);
			assertThat(coordinator.request()).map(ShutdownRequest::reason).hasValue(ShutdownReason.JVM_EXIT);
			assertThat(this.processExit.exits).isEmpty();
			// The JVM chooses its exit status (143 for a signal, System.exit's argument):
			// the report does not claim one.
			assertThat(ended.get()).isNotNull();
			assertThat(ended.get().exitCode()).isNull();
		});
	}

	@Test
	void processShutdownClosesTheContextOnItsOwnThreadAndExitsWithTheGracefulCode() {
		this.contextRunner.run((context) -> {
			ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
			SequenceRecorder recorder = context.getBean(SequenceRecorder.class);
			AtomicInteger completions = new AtomicInteger();
			coordinator.onCompletion(completions::incrementAndGet);
			coordinator.requestProcessShutdown(ShutdownRequest.now(ShutdownReason.SIGNAL, "SIGTERM"));
			assertThat(this.processExit.exited.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
			assertThat(this.processExit.exits).containsExactly(3);
			assertThat(this.processExit.exitThreadName).hasValue(ShutdownCoordinator.SEQUENCE_THREAD_NAME);
			assertThat(recorder.closingThreadName).hasValue(ShutdownCoordinator.SEQUENCE_THREAD_NAME);
			assertThat(recorder.states).containsExactly(ShutdownState.DRAINING, ShutdownState.STOPPING,
					ShutdownState.STOPPING);
			assertThat(coordinator.state()).isEqualTo(ShutdownState.STOPPED);
			assertThat(coordinator.request()).hasValueSatisfying((request) -> {
				assertThat(request.reason()).isEqualTo(ShutdownReason.SIGNAL);
				assertThat(request.origin()).isEqualTo("SIGTERM");
			});
			assertThat(context.getSourceApplicationContext().isActive()).isFalse();
			assertThat(completions).hasValue(1);
			assertThat(this.processExit.halts).isEmpty();
		});
	}

	@Test
	void secondProcessShutdownRequestJoinsTheFirst() {
		this.contextRunner.run((context) -> {
			ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
			SequenceRecorder recorder = context.getBean(SequenceRecorder.class);
			AtomicInteger completions = new AtomicInteger();
			coordinator.onCompletion(completions::incrementAndGet);
			coordinator.requestProcessShutdown(ShutdownRequest.now(ShutdownReason.SIGNAL, "SIGTERM"));
			coordinator.requestProcessShutdown(ShutdownRequest.now(ShutdownReason.SIGNAL, "SIGINT"));
			assertThat(this.processExit.exited.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
			coordinator.requestProcessShutdown(ShutdownRequest.now(ShutdownReason.SIGNAL, "SIGTERM"));
			assertThat(this.processExit.exits).containsExactly(3);
			assertThat(recorder.contextClosedEvents).hasValue(1);
			assertThat(completions).hasValue(1);
			assertThat(coordinator.request()).map(ShutdownRequest::origin).hasValue("SIGTERM");
		});
	}

	@Test
	void processShutdownRequestedWhileTheContextClosesExitsOnceTheCloseIsDone() {
		this.contextRunner.withBean(BlockingLifecycle.class, () -> this.blockingLifecycle).run((context) -> {
			ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
			SequenceRecorder recorder = context.getBean(SequenceRecorder.class);
			Thread closer = new Thread(context.getSourceApplicationContext()::close, "test-closer");
			closer.start();
			assertThat(this.blockingLifecycle.awaitStopEntered()).isTrue();
			coordinator.requestProcessShutdown(ShutdownRequest.now(ShutdownReason.SIGNAL, "SIGTERM"));
			assertThat(this.processExit.exits).isEmpty();
			this.blockingLifecycle.release();
			assertThat(this.processExit.exited.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
			closer.join(UPPER_BOUND.toMillis());
			assertThat(this.processExit.exits).containsExactly(3);
			assertThat(recorder.contextClosedEvents).hasValue(1);
			assertThat(coordinator.request()).map(ShutdownRequest::reason).hasValue(ShutdownReason.CONTEXT_CLOSED);
		});
	}

	@Test
	void readinessStaysRefusingTrafficWhenTheApplicationReportsReadyDuringTheDrain() {
		// As with a shutdown requested during startup: Spring's close waits until the
		// refresh is done, then the drain runs while SpringApplication.run goes on and
		// ends by publishing ACCEPTING_TRAFFIC.
		this.contextRunner.withConfiguration(AutoConfigurations.of(ApplicationAvailabilityAutoConfiguration.class))
			.run((context) -> {
				ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
				InFlightTracker inFlight = context.getBean(InFlightTracker.class);
				ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
				// A request in flight holds the drain open.
				inFlight.started();
				coordinator.requestProcessShutdown(ShutdownRequest.now(ShutdownReason.SIGNAL, "SIGTERM"));
				await().atMost(UPPER_BOUND).until(() -> coordinator.status().stage() == ShutdownStage.DRAIN);
				assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
				AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
				assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
				inFlight.finished();
				assertThat(this.processExit.exited.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
				assertThat(this.processExit.exits).containsExactly(3);
			});
	}

	@Test
	void readinessIsLeftAloneWhileNoShutdownIsRequested() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(ApplicationAvailabilityAutoConfiguration.class))
			.run((context) -> {
				ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
				AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
				assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
				AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
				AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
				assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
			});
	}

	@Test
	void processShutdownRequestedWhileTheJvmExitsJoinsWithoutAnExitOfItsOwn() {
		this.processExit.jvmExiting = true;
		this.contextRunner.withBean(BlockingLifecycle.class, () -> this.blockingLifecycle).run((context) -> {
			ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
			Thread hook = new Thread(context.getSourceApplicationContext()::close, "test-shutdown-hook");
			hook.start();
			assertThat(this.blockingLifecycle.awaitStopEntered()).isTrue();
			ShutdownHandle handle = coordinator.requestProcessShutdown(
					new ShutdownRequest(ShutdownReason.REQUESTED, "test", "", Instant.now(), 3, List.of()));
			assertThat(handle.request().reason()).isEqualTo(ShutdownReason.JVM_EXIT);
			assertThat(coordinator.isProcessExitPending()).isFalse();
			this.blockingLifecycle.release();
			awaitTermination(hook);
			assertThat(coordinator.awaitCompletion(UPPER_BOUND)).isTrue();
			// The JVM's own exit goes on with its status (143 for a signal): an exit
			// with 3 would block in a real JVM, and the summary would claim it.
			assertThat(this.processExit.exits).isEmpty();
			assertThat(coordinator.getExitCode()).isZero();
		});
	}

	@Test
	void leaseThatOutlivedItsWaitAndIsStillOpenAtTheDeadlineIsNamedOnce() {
		AtomicReference<ShutdownReport> ended = new AtomicReference<>();
		ShutdownReportListener listener = new ShutdownReportListener() {

			@Override
			public void shutdownEnded(ShutdownReport report) {
				ended.set(report);
			}

		};
		this.contextRunner.withPropertyValues("graceful-shutdown.deadline=1s", "graceful-shutdown.leases.timeout=100ms")
			.withBean(BlockingLifecycle.class, () -> this.blockingLifecycle)
			.withBean(ShutdownReportListener.class, () -> listener)
			.run((context) -> {
				ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
				context.getBean(GracefulShutdown.class).acquireLease("flush-buffer");
				coordinator.requestProcessShutdown(ShutdownRequest.now(ShutdownReason.SIGNAL, "SIGTERM"));
				// The lease wait ends after 100 ms and names it a straggler; the stop
				// then
				// hangs until the deadline, where the lease is still open.
				assertThat(this.processExit.halted.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
				assertThat(ended.get()).isNotNull();
				assertThat(ended.get().stragglers()).filteredOn((straggler) -> straggler.contains("flush-buffer"))
					.hasSize(1);
				this.blockingLifecycle.release();
				awaitTermination(this.blockingLifecycle.stopThread.get());
			});
	}

	@Test
	void completionCallbacksRunOnceEvenWhenOneFails() {
		this.contextRunner.run((context) -> {
			ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
			AtomicInteger first = new AtomicInteger();
			AtomicInteger second = new AtomicInteger();
			coordinator.onCompletion(() -> {
				first.incrementAndGet();
				throw new IllegalStateException("callback failure");
			});
			coordinator.onCompletion(second::incrementAndGet);
			context.close();
			context.close();
			assertThat(first).hasValue(1);
			assertThat(second).hasValue(1);
		});
	}

	static List<Thread> liveWatchdogs() {
		List<Thread> watchdogs = new ArrayList<>();
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			if (ShutdownWatchdog.THREAD_NAME.equals(thread.getName()) && thread.isAlive()) {
				watchdogs.add(thread);
			}
		}
		return watchdogs;
	}

	static void awaitTermination(@Nullable Thread thread) {
		assertThat(thread).isNotNull();
		await().atMost(UPPER_BOUND).until(() -> !thread.isAlive());
	}

	/**
	 * Records the state of the coordinator at each step of the close, and the thread that
	 * closes.
	 */
	static final class SequenceRecorder
			implements ApplicationListener<ApplicationEvent>, SmartLifecycle, DisposableBean {

		final List<ShutdownState> states = new CopyOnWriteArrayList<>();

		final AtomicInteger contextClosedEvents = new AtomicInteger();

		final AtomicReference<String> closingThreadName = new AtomicReference<>();

		private final ObjectProvider<ShutdownCoordinator> coordinatorProvider;

		private volatile @Nullable ShutdownCoordinator coordinator;

		private volatile boolean running;

		SequenceRecorder(ObjectProvider<ShutdownCoordinator> coordinatorProvider) {
			this.coordinatorProvider = coordinatorProvider;
		}

		@Override
		public void onApplicationEvent(ApplicationEvent event) {
			if (event instanceof ContextClosedEvent) {
				this.contextClosedEvents.incrementAndGet();
				this.closingThreadName.compareAndSet(null, Thread.currentThread().getName());
			}
			if (event instanceof AvailabilityChangeEvent<?> availability
					&& availability.getState() == ReadinessState.REFUSING_TRAFFIC) {
				record();
			}
		}

		@Override
		public void start() {
			this.coordinator = this.coordinatorProvider.getObject();
			this.running = true;
		}

		@Override
		public void stop() {
			record();
			this.running = false;
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

		@Override
		public void destroy() {
			record();
		}

		private void record() {
			ShutdownCoordinator current = this.coordinator;
			if (current != null) {
				this.states.add(current.state());
			}
		}

	}

	/**
	 * A bean whose stop hangs until released, as a stuck consumer or executor would.
	 */
	static final class BlockingLifecycle implements SmartLifecycle {

		final AtomicReference<Thread> stopThread = new AtomicReference<>();

		private final CountDownLatch stopEntered = new CountDownLatch(1);

		private final CountDownLatch released = new CountDownLatch(1);

		private volatile boolean running;

		@Override
		public void start() {
			this.running = true;
		}

		@Override
		public void stop() {
			this.stopThread.set(Thread.currentThread());
			this.stopEntered.countDown();
			try {
				// Timed: Spring treats a closing thread in WAITING as stuck and
				// interrupts it.
				this.released.await(1, TimeUnit.MINUTES);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.running = false;
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

		boolean awaitStopEntered() throws InterruptedException {
			return this.stopEntered.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS);
		}

		void release() {
			this.released.countDown();
		}

	}

}
