package dev.gracefulshutdown.rabbit;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.listener.AbstractMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.DirectMessageListenerContainer;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.gracefulshutdown.ShutdownReport;
import dev.gracefulshutdown.ShutdownReportListener;
import dev.gracefulshutdown.autoconfigure.GracefulShutdownAutoConfiguration;
import dev.gracefulshutdown.autoconfigure.GracefulShutdownRabbitAutoConfiguration;
import dev.gracefulshutdown.core.ProcessExit;
import dev.gracefulshutdown.core.internal.ShutdownCoordinator;
import dev.gracefulshutdown.metrics.ListenersStoppedMetrics;
import dev.gracefulshutdown.metrics.ShutdownMetricNames;
import dev.gracefulshutdown.testsupport.RecordingProcessExit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RabbitListenersDrain}, wired by the auto-configuration, with a
 * listener container whose consumers stay busy until the test lets them finish. What a
 * real broker does with the messages (acknowledged, given back) is checked by the
 * sample's {@code RabbitListenersIT}.
 */
class RabbitListenersDrainTests {

	private static final Duration UPPER_BOUND = Duration.ofSeconds(30);

	/**
	 * How long each lifecycle phase may take to stop: shorter than the message in
	 * progress.
	 */
	private static final Duration PHASE_TIMEOUT = Duration.ofMillis(200);

	private static final Duration DEADLINE = Duration.ofSeconds(20);

	private final BusyContainer container = new BusyContainer();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GracefulShutdownAutoConfiguration.class,
				GracefulShutdownRabbitAutoConfiguration.class))
		.withPropertyValues("graceful-shutdown.signals.enabled=false",
				"graceful-shutdown.phases.timeout=" + PHASE_TIMEOUT.toMillis() + "ms",
				"graceful-shutdown.deadline=" + DEADLINE.toSeconds() + "s")
		.withBean(ProcessExit.class, RecordingProcessExit::new)
		.withBean("ordersContainer", BusyContainer.class, () -> this.container);

	@AfterEach
	void releaseConsumers() {
		this.container.release.countDown();
	}

	@Test
	void containerStopsAtTheDrainStartAfterTheMessageInProgressWithAllTheDeadlineAllows() throws Exception {
		this.contextRunner.run((context) -> {
			assertThat(this.container.isRunning()).isTrue();
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(ListenersStoppedMetrics.class).bindTo(registry);
			ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
			CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
			assertThat(this.container.stopping.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
			// The close waits for the consumers, longer than the phases' timeout.
			Awaitility.await()
				.during(PHASE_TIMEOUT.multipliedBy(5))
				.atMost(PHASE_TIMEOUT.multipliedBy(10))
				.until(() -> !closing.isDone());
			this.container.release.countDown();
			closing.get(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(this.container.forceStopAtStop).as("forceStop when stopped").isTrue();
			assertThat(this.container.shutdownTimeoutAtStop).as("shutdownTimeout when stopped")
				.isGreaterThan(DEADLINE.minusSeconds(5).toMillis())
				.isLessThanOrEqualTo(DEADLINE.toMillis());
			assertThat(coordinator.hasTimedOut()).isFalse();
			assertThat(
					registry.get(ShutdownMetricNames.LISTENERS_STOPPED).tag("kind", "rabbit").functionCounter().count())
				.as("containers the drain stopped")
				.isEqualTo(1);
		});
	}

	@Test
	void containerStillBusyWhenTheLeasesWaitEndsIsNamedWithWhatBecomesOfItsMessagesInTheReport() {
		AtomicReference<@Nullable ShutdownReport> ended = new AtomicReference<>();
		ShutdownReportListener reports = new ShutdownReportListener() {

			@Override
			public void shutdownEnded(ShutdownReport report) {
				ended.set(report);
			}

		};
		this.contextRunner.withPropertyValues("graceful-shutdown.leases.timeout=300ms")
			.withBean(ShutdownReportListener.class, () -> reports)
			.run((context) -> {
				// The consumers stay busy: the wait for the lease ends, the close goes
				// on.
				context.close();
				ShutdownReport report = ended.get();
				assertThat(report).isNotNull();
				assertThat(report.stragglers()).as("stragglers")
					.anySatisfy((straggler) -> assertThat(straggler)
						.matches("lease 'rabbit listener container 'orders'' open for \\S+ \\(messages from "
								+ "orders not yet acknowledged go back to the queue\\)"));
			});
	}

	@Test
	void directContainersAreGivenTheTimeButNotForceStopped() {
		DirectContainer direct = new DirectContainer();
		this.contextRunner.withBean("directContainer", DirectContainer.class, () -> direct).run((context) -> {
			assertThat(direct.isRunning()).isTrue();
			this.container.release.countDown();
			context.close();
			assertThat(direct.forceStopAtStop).as("forceStop when stopped").isFalse();
			assertThat(direct.shutdownTimeoutAtStop).as("shutdownTimeout when stopped")
				.isGreaterThan(DEADLINE.minusSeconds(5).toMillis());
		});
	}

	@Test
	void forceStopSetByTheApplicationIsKept() {
		this.contextRunner.withPropertyValues("spring.rabbitmq.listener.simple.force-stop=false").run((context) -> {
			assertThat(context).hasSingleBean(RabbitListenersDrain.class);
			this.container.release.countDown();
			context.close();
			assertThat(this.container.forceStopAtStop).as("forceStop when stopped").isFalse();
			assertThat(this.container.shutdownTimeoutAtStop).isGreaterThan(DEADLINE.minusSeconds(5).toMillis());
		});
	}

	@Test
	void disabledLeavesTheContainersToSpringAmqp() {
		this.contextRunner.withPropertyValues("graceful-shutdown.rabbit.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(RabbitListenersDrain.class);
			this.container.release.countDown();
			context.close();
			assertThat(this.container.forceStopAtStop).as("forceStop when stopped").isFalse();
			assertThat(this.container.shutdownTimeoutAtStop).as("Spring AMQP's own shutdownTimeout")
				.isEqualTo(AbstractMessageListenerContainer.DEFAULT_SHUTDOWN_TIMEOUT);
		});
	}

	/**
	 * A {@link DirectMessageListenerContainer} of a broker that does not answer: it runs,
	 * retrying its connection, and records the settings it stopped with.
	 */
	static class DirectContainer extends DirectMessageListenerContainer {

		volatile @Nullable Boolean forceStopAtStop;

		volatile long shutdownTimeoutAtStop = -1;

		DirectContainer() {
			super(new CachingConnectionFactory("127.0.0.1", 1));
			setQueueNames("orders");
			setListenerId("direct-orders");
			// It holds its lock between attempts, and stop() waits for it.
			setRecoveryInterval(100);
			setMessageListener((message) -> {
			});
		}

		@Override
		protected void shutdownAndWaitOrCallback(@Nullable Runnable callback) {
			this.forceStopAtStop = isForceStop();
			this.shutdownTimeoutAtStop = getShutdownTimeout();
			super.shutdownAndWaitOrCallback(callback);
		}

	}

	/**
	 * A container of Spring AMQP whose consumers, when it stops, finish once the test
	 * releases them. It records the settings it stopped with.
	 */
	static class BusyContainer extends AbstractMessageListenerContainer {

		final CountDownLatch stopping = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		volatile @Nullable Boolean forceStopAtStop;

		volatile long shutdownTimeoutAtStop = -1;

		BusyContainer() {
			// Never connected: the consumers are the test's.
			setConnectionFactory(new CachingConnectionFactory("127.0.0.1", 1));
			setListenerId("orders");
			setQueueNames("orders");
		}

		@Override
		protected void doInitialize() {
		}

		@Override
		protected void shutdownAndWaitOrCallback(@Nullable Runnable callback) {
			this.forceStopAtStop = isForceStop();
			this.shutdownTimeoutAtStop = getShutdownTimeout();
			this.stopping.countDown();
			Runnable awaitConsumers = () -> {
				try {
					this.release.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				if (callback != null) {
					callback.run();
				}
			};
			if (callback == null) {
				awaitConsumers.run();
			}
			else {
				new Thread(awaitConsumers, "orders-consumers").start();
			}
		}

	}

}
