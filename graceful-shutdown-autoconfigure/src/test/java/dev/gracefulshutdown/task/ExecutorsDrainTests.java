package dev.gracefulshutdown.task;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.gracefulshutdown.autoconfigure.GracefulShutdownAutoConfiguration;
import dev.gracefulshutdown.core.ProcessExit;
import dev.gracefulshutdown.core.ShutdownCoordinator;
import dev.gracefulshutdown.testsupport.LogRecorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ExecutorsDrain}, wired by the auto-configuration, with a real
 * {@link ThreadPoolTaskExecutor} whose context is closed.
 */
class ExecutorsDrainTests {

	private static final Duration UPPER_BOUND = Duration.ofSeconds(10);

	/**
	 * How long each task works: long enough that Spring, which destroys the executor a
	 * few milliseconds into the close, would drop the queued ones without the drain.
	 */
	private static final Duration TASK_WORK = Duration.ofMillis(100);

	private final CountDownLatch never = new CountDownLatch(1);

	private final LogRecorder log = new LogRecorder(ExecutorsDrain.class);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GracefulShutdownAutoConfiguration.class))
		.withPropertyValues("graceful-shutdown.signals.enabled=false")
		.withBean(ProcessExit.class, NoExit::new)
		.withBean("reportExecutor", ThreadPoolTaskExecutor.class, ExecutorsDrainTests::singleThreadExecutor);

	@AfterEach
	void releaseTasks() {
		this.never.countDown();
		this.log.close();
	}

	@Test
	void queuedTasksCompleteBeforeTheExecutorIsDestroyed() {
		List<Integer> done = new CopyOnWriteArrayList<>();
		this.contextRunner.run((context) -> {
			ThreadPoolTaskExecutor executor = context.getBean("reportExecutor", ThreadPoolTaskExecutor.class);
			for (int i = 1; i <= 5; i++) {
				int task = i;
				executor.execute(() -> {
					work(TASK_WORK);
					done.add(task);
				});
			}
			assertThat(executor.getThreadPoolExecutor().getQueue()).as("queued behind the first task").hasSize(4);
			ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
			context.close();
			assertThat(done).containsExactly(1, 2, 3, 4, 5);
			assertThat(executor.getThreadPoolExecutor().isTerminated()).isTrue();
			assertThat(coordinator.hasTimedOut()).isFalse();
		});
		assertThat(this.log.text()).doesNotContain("Executors still busy");
	}

	@Test
	void executorThatDoesNotFinishInTimeIsNamedWithItsCountsAndTheShutdownTimesOut() {
		AtomicBoolean interrupted = new AtomicBoolean();
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch ended = new CountDownLatch(1);
		// Once the drain gives up it interrupts the running task: otherwise Spring's own
		// stop of the executor would wait for it up to the timeout of the executors
		// phase, longer than this test's upper bound.
		this.contextRunner
			.withPropertyValues("graceful-shutdown.executors.timeout=300ms",
					"graceful-shutdown.phases.timeouts.executors=60s")
			.run((context) -> {
				ThreadPoolTaskExecutor executor = context.getBean("reportExecutor", ThreadPoolTaskExecutor.class);
				executor.execute(() -> {
					started.countDown();
					try {
						this.never.await();
					}
					catch (InterruptedException ex) {
						interrupted.set(true);
					}
					ended.countDown();
				});
				executor.execute(() -> {
				});
				assertThat(started.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
				ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
				long closing = System.nanoTime();
				context.close();
				assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(UPPER_BOUND);
				assertThat(coordinator.hasTimedOut()).isTrue();
				assertThat(ended.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
				assertThat(interrupted).isTrue();
			});
		assertThat(this.log.text()).contains("WARN Executors still busy 300ms into their drain; interrupting their "
				+ "running tasks and cancelling their queued ones: executor 'reportExecutor': 1 tasks running, 1 queued");
	}

	@Test
	void whenDisabledTheQueueIsLeftToSpring() {
		this.contextRunner.withPropertyValues("graceful-shutdown.executors.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ExecutorsDrain.class));
	}

	private static ThreadPoolTaskExecutor singleThreadExecutor() {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setCorePoolSize(1);
		executor.setMaxPoolSize(1);
		executor.setThreadNamePrefix("report-");
		return executor;
	}

	private static void work(Duration duration) {
		try {
			// Stands for the task's work: nothing counts this latch down.
			new CountDownLatch(1).await(duration.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	static final class NoExit implements ProcessExit {

		@Override
		public void exit(int status) {
			// The test JVM stays.
		}

		@Override
		public void halt(int status) {
			// The test JVM stays.
		}

		@Override
		public boolean isJvmExiting() {
			return false;
		}

	}

}
