package dev.gracefulshutdown.core.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.gracefulshutdown.ShutdownHook;
import dev.gracefulshutdown.ShutdownOutcome;
import dev.gracefulshutdown.ShutdownReason;
import dev.gracefulshutdown.ShutdownReport;
import dev.gracefulshutdown.ShutdownReport.BeanTiming;
import dev.gracefulshutdown.ShutdownReport.HookOutcome;
import dev.gracefulshutdown.ShutdownReport.HookTiming;
import dev.gracefulshutdown.ShutdownReport.PhaseTiming;
import dev.gracefulshutdown.ShutdownReport.StageTiming;
import dev.gracefulshutdown.ShutdownReportListener;
import dev.gracefulshutdown.ShutdownRequest;
import dev.gracefulshutdown.ShutdownStage;
import dev.gracefulshutdown.autoconfigure.GracefulShutdownAutoConfiguration;
import dev.gracefulshutdown.testsupport.RecordingProcessExit;
import dev.gracefulshutdown.core.internal.TimedLifecycleProcessorTests.NeverCallsBack;
import dev.gracefulshutdown.core.internal.TimedLifecycleProcessorTests.RecordingLifecycle;
import dev.gracefulshutdown.core.ProcessExit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.Ordered;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the {@link ShutdownReportListener} beans: when they are told, and what the
 * reports hold.
 */
@ExtendWith(OutputCaptureExtension.class)
class ShutdownReportListenerTests {

	private static final Duration UPPER_BOUND = Duration.ofSeconds(10);

	private final RecordingProcessExit processExit = new RecordingProcessExit();

	private final Resource resource = new Resource();

	private final RecordingListener listener = new RecordingListener(this.resource);

	private final List<String> stops = new CopyOnWriteArrayList<>();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GracefulShutdownAutoConfiguration.class))
		.withPropertyValues("graceful-shutdown.signals.enabled=false", "graceful-shutdown.exit-code.graceful=3",
				"graceful-shutdown.child-processes.enabled=false")
		.withBean(ProcessExit.class, () -> this.processExit)
		.withBean("resource", Resource.class, () -> this.resource)
		.withBean("listener", ShutdownReportListener.class, () -> this.listener)
		.withBean("worker", SmartLifecycle.class, () -> new RecordingLifecycle("worker", 100, this.stops))
		.withBean("flush", ShutdownHook.class, () -> () -> {
		});

	@AfterEach
	void endWatchdogsThatARealExitWouldHaveEnded() throws InterruptedException {
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			if (ShutdownWatchdog.THREAD_NAME.equals(thread.getName())) {
				thread.interrupt();
				thread.join(UPPER_BOUND.toMillis());
			}
		}
	}

	@Test
	void listenerIsToldBeforeAnyBeanIsDestroyedAndOnceAtTheEnd() {
		this.contextRunner.run((context) -> {
			ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
			context.close();
			context.close();
			assertThat(this.listener.beforeRelease).singleElement().satisfies((report) -> {
				assertThat(report.outcome()).isEqualTo(ShutdownOutcome.IN_PROGRESS);
				assertThat(report.phases()).extracting(PhaseTiming::phase).containsExactly(100);
				assertThat(report.hooks()).extracting(HookTiming::name).containsExactly("flush");
			});
			assertThat(this.listener.resourceDestroyedBeforeRelease).containsExactly(false);
			assertThat(this.resource.destroyed).isTrue();
			assertThat(this.listener.ended).singleElement().satisfies((report) -> {
				assertThat(report.id()).isEqualTo(coordinator.handle().id());
				assertThat(report.reason()).isEqualTo(ShutdownReason.CONTEXT_CLOSED);
				assertThat(report.outcome()).isEqualTo(ShutdownOutcome.COMPLETED);
				assertThat(report.exitCode()).isNull();
				assertThat(report.deadline()).isEqualTo(Duration.ofSeconds(25));
				assertThat(report.deadlineExceeded()).isFalse();
				assertThat(report.stages()).extracting(StageTiming::stage)
					.containsExactly(ShutdownStage.ANNOUNCE, ShutdownStage.DRAIN, ShutdownStage.STOP,
							ShutdownStage.RELEASE);
				assertThat(report.stages()).allSatisfy((stage) -> assertThat(stage.duration()).isNotNull());
				assertThat(report.phases()).singleElement().satisfies((phase) -> {
					assertThat(phase.phase()).isEqualTo(100);
					assertThat(phase.timedOut()).isFalse();
					assertThat(phase.beans()).extracting(BeanTiming::name).containsExactly("worker");
				});
				assertThat(report.hooks()).singleElement().satisfies((hook) -> {
					assertThat(hook.name()).isEqualTo("flush");
					assertThat(hook.outcome()).isEqualTo(HookOutcome.COMPLETED);
					assertThat(hook.duration()).isNotNull();
				});
				assertThat(report.stragglers()).isEmpty();
			});
			assertThat(coordinator.outcome()).isEqualTo(ShutdownOutcome.COMPLETED);
		});
	}

	@Test
	void reportOfAProcessShutdownHasTheExitCode() throws InterruptedException {
		this.contextRunner.run((context) -> {
			ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
			coordinator.requestProcessShutdown(ShutdownRequest.now(ShutdownReason.SIGNAL, "SIGTERM"));
			assertThat(this.processExit.exited.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
			assertThat(this.listener.ended).singleElement().satisfies((report) -> {
				assertThat(report.reason()).isEqualTo(ShutdownReason.SIGNAL);
				assertThat(report.origin()).isEqualTo("SIGTERM");
				assertThat(report.outcome()).isEqualTo(ShutdownOutcome.COMPLETED);
				assertThat(report.exitCode()).isEqualTo(3);
			});
			assertThat(this.listener.resourceDestroyedBeforeRelease).containsExactly(false);
		});
	}

	@Test
	void reportOfAShutdownWhosePhaseTimedOutSaysSo() {
		this.contextRunner.withPropertyValues("graceful-shutdown.phases.timeouts.200=200ms")
			.withBean("stuck", SmartLifecycle.class, () -> new NeverCallsBack("stuck", 200, this.stops))
			.run((context) -> {
				context.close();
				assertThat(this.listener.ended).singleElement().satisfies((report) -> {
					assertThat(report.outcome()).isEqualTo(ShutdownOutcome.TIMED_OUT);
					assertThat(report.phases()).extracting(PhaseTiming::phase).containsExactly(200, 100);
					PhaseTiming timedOut = report.phases().get(0);
					assertThat(timedOut.timedOut()).isTrue();
					assertThat(timedOut.beans()).singleElement().satisfies((bean) -> {
						assertThat(bean.name()).isEqualTo("stuck");
						assertThat(bean.duration()).isNull();
					});
				});
			});
	}

	@Test
	void listenerThatThrowsDoesNotStopTheShutdownNorTheOtherListeners(CapturedOutput output) {
		this.contextRunner.withBean("failingListener", ShutdownReportListener.class, FailingListener::new)
			.run((context) -> {
				context.close();
				assertThat(this.listener.beforeRelease).hasSize(1);
				assertThat(this.listener.ended).hasSize(1);
				assertThat(this.resource.destroyed).isTrue();
				assertThat(output).contains("Shutdown report listener " + FailingListener.class.getName() + " failed")
					.contains("listener fails before release")
					.contains("listener fails at the end");
			});
	}

	/**
	 * Records the reports, and whether the resource had been destroyed when it was told
	 * before release.
	 */
	static final class RecordingListener implements ShutdownReportListener {

		final List<ShutdownReport> beforeRelease = new CopyOnWriteArrayList<>();

		final List<Boolean> resourceDestroyedBeforeRelease = new CopyOnWriteArrayList<>();

		final List<ShutdownReport> ended = new CopyOnWriteArrayList<>();

		private final Resource resource;

		RecordingListener(Resource resource) {
			this.resource = resource;
		}

		@Override
		public void beforeRelease(ShutdownReport report) {
			this.resourceDestroyedBeforeRelease.add(this.resource.destroyed);
			this.beforeRelease.add(report);
		}

		@Override
		public void shutdownEnded(ShutdownReport report) {
			this.ended.add(report);
		}

	}

	/**
	 * Throws whenever it is told, and is told first.
	 */
	static final class FailingListener implements ShutdownReportListener, Ordered {

		@Override
		public int getOrder() {
			return Ordered.HIGHEST_PRECEDENCE;
		}

		@Override
		public void beforeRelease(ShutdownReport report) {
			throw new IllegalStateException("listener fails before release");
		}

		@Override
		public void shutdownEnded(ShutdownReport report) {
			throw new IllegalStateException("listener fails at the end");
		}

	}

	/**
	 * A bean with a destroy callback.
	 */
	static final class Resource implements DisposableBean {

		volatile boolean destroyed;

		@Override
		public void destroy() {
			this.destroyed = true;
		}

	}

}
