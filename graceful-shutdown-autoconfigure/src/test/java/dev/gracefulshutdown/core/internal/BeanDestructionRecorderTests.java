package dev.gracefulshutdown.core.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.gracefulshutdown.ShutdownOutcome;
import dev.gracefulshutdown.ShutdownReport;
import dev.gracefulshutdown.ShutdownReportListener;
import dev.gracefulshutdown.autoconfigure.GracefulShutdownAutoConfiguration;
import jakarta.annotation.PreDestroy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BeanDestructionRecorder}: a hang report taken while a bean is
 * destroyed names that bean.
 */
@ExtendWith(OutputCaptureExtension.class)
class BeanDestructionRecorderTests {

	private final List<ShutdownReport> reports = new CopyOnWriteArrayList<>();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GracefulShutdownAutoConfiguration.class))
		.withPropertyValues("graceful-shutdown.signals.enabled=false")
		.withBean(ShutdownReportListener.class, () -> new ShutdownReportListener() {

			@Override
			public void shutdownEnded(ShutdownReport report) {
				BeanDestructionRecorderTests.this.reports.add(report);
			}

		});

	@Test
	void hangReportDuringDestructionNamesTheBeanBeingDestroyed(CapturedOutput output) {
		this.contextRunner.withBean("store", StoreWithPreDestroy.class).run((context) -> {
			StoreWithPreDestroy store = context.getBean(StoreWithPreDestroy.class);
			context.close();
			assertThat(store.closed).isTrue();
			String destroying = "bean 'store' (" + StoreWithPreDestroy.class.getName() + ") being destroyed for";
			assertThat(this.reports).singleElement().satisfies((report) -> {
				assertThat(report.outcome()).isEqualTo(ShutdownOutcome.ESCALATED);
				assertThat(report.stragglers()).anySatisfy((straggler) -> assertThat(straggler).startsWith(destroying));
			});
			assertThat(output).contains("stage: release").contains("    - " + destroying);
		});
	}

	@Test
	void beansWithTheirOwnDestructionCallbackAreTracked() {
		BeanDestructionRecorder tracker = new BeanDestructionRecorder();
		assertThat(tracker.requiresDestruction(new StoreWithPreDestroy(null))).isTrue();
		assertThat(tracker.requiresDestruction((DisposableBean) () -> {
		})).isTrue();
		assertThat(tracker.requiresDestruction((AutoCloseable) () -> {
		})).isTrue();
		assertThat(tracker.requiresDestruction(new Object())).isFalse();
		assertThat(tracker.requiresDestruction("a string")).isFalse();
	}

	/**
	 * Asks for a hang report from its {@code @PreDestroy}, as a second signal during a
	 * hanging destruction would.
	 */
	static class StoreWithPreDestroy {

		private final ObjectProvider<ShutdownCoordinator> coordinator;

		volatile boolean closed;

		StoreWithPreDestroy(ObjectProvider<ShutdownCoordinator> coordinator) {
			this.coordinator = coordinator;
		}

		@PreDestroy
		void close() {
			this.coordinator.getObject().repeatedSignal("SIGINT");
			this.closed = true;
		}

	}

}
