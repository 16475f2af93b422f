package dev.gracefulshutdown.task;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.gracefulshutdown.autoconfigure.GracefulShutdownAutoConfiguration;
import dev.gracefulshutdown.core.ProcessExit;
import dev.gracefulshutdown.core.internal.ShutdownCoordinator;
import dev.gracefulshutdown.testsupport.LogRecorder;
import dev.gracefulshutdown.testsupport.RecordingProcessExit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

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
		.withBean(ProcessExit.class, RecordingProcessExit::new)
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
		assertThat(this.log.text()).contains("WARN Executors still busy 300ms into their drain, the limit set by"
				+ " graceful-shutdown.executors.timeout; interrupting their running tasks and cancelling their queued"
				+ " ones: executor 'reportExecutor': 1 tasks running, 1 queued");
	}

	@Test
	void tasksAndScheduledRunsLongerThanThreeSecondsRunToTheirEndByDefault() {
		// Longer than the fixed 3s the drain used to allow, on each kind of executor and
		// scheduler Spring Boot configures: platform threads, and SimpleAsyncTaskExecutor
		// and SimpleAsyncTaskScheduler as with virtual threads (their close() waits).
		Duration work = Duration.ofMillis(3500);
		List<String> done = new CopyOnWriteArrayList<>();
		List<String> interrupted = new CopyOnWriteArrayList<>();
		CountDownLatch started = new CountDownLatch(5);
		this.contextRunner.withBean("simpleExecutor", SimpleAsyncTaskExecutor.class, SimpleAsyncTaskExecutor::new)
			.withBean("poolScheduler", ThreadPoolTaskScheduler.class, ThreadPoolTaskScheduler::new)
			.withBean("simpleScheduler", SimpleAsyncTaskScheduler.class, SimpleAsyncTaskScheduler::new)
			.run((context) -> {
				context.getBean("reportExecutor", ThreadPoolTaskExecutor.class)
					.execute(task("pool task", work, started, done, interrupted));
				context.getBean("simpleExecutor", SimpleAsyncTaskExecutor.class)
					.execute(task("simple task", work, started, done, interrupted));
				context.getBean("poolScheduler", ThreadPoolTaskScheduler.class)
					.scheduleWithFixedDelay(task("pool fixed-delay run", work, started, done, interrupted),
							Duration.ofHours(1));
				SimpleAsyncTaskScheduler simpleScheduler = context.getBean("simpleScheduler",
						SimpleAsyncTaskScheduler.class);
				simpleScheduler.scheduleWithFixedDelay(task("simple fixed-delay run", work, started, done, interrupted),
						Duration.ofHours(1));
				simpleScheduler.scheduleAtFixedRate(task("simple fixed-rate run", work, started, done, interrupted),
						Duration.ofHours(1));
				assertThat(started.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
				ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
				context.close();
				assertThat(interrupted).isEmpty();
				assertThat(done).containsExactlyInAnyOrder("pool task", "simple task", "pool fixed-delay run",
						"simple fixed-delay run", "simple fixed-rate run");
				assertThat(coordinator.hasTimedOut()).isFalse();
			});
		assertThat(this.log.text()).doesNotContain("Executors still busy")
			.contains("INFO Waiting up to ")
			.contains("executor 'reportExecutor': 1 tasks running, 0 queued")
			.contains("executor 'simpleScheduler': 1 tasks running, a fixed-delay run in progress");
	}

	@Test
	void withoutATimeoutTheDeadlineCutsTheTasksKeepingTimeForWhatFollows() {
		AtomicBoolean interrupted = new AtomicBoolean();
		CountDownLatch started = new CountDownLatch(1);
		// 3s of deadline, of which 1s is kept (no child processes, no later hooks): the
		// task is cut about 2s into the close, before the deadline.
		this.contextRunner
			.withPropertyValues("graceful-shutdown.deadline=3s", "graceful-shutdown.child-processes.enabled=false")
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
				});
				assertThat(started.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
				ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
				long closing = System.nanoTime();
				context.close();
				assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(UPPER_BOUND);
				assertThat(coordinator.hasTimedOut()).isTrue();
				Awaitility.await().atMost(UPPER_BOUND).untilTrue(interrupted);
			});
		assertThat(this.log.text()).containsPattern("WARN Executors still busy \\d+ms into their drain, all the"
				+ " deadline allows: it had \\d+ms left, of which 1s \\(1s for the rest\\) are kept for what follows;"
				+ " interrupting their running tasks and cancelling their queued ones: executor 'reportExecutor':"
				+ " 1 tasks running, 0 queued");
	}

	@Test
	void ownTerminationTimeoutOfASimpleExecutorIsCutShortByTheDrainsBound() {
		AtomicBoolean interrupted = new AtomicBoolean();
		CountDownLatch started = new CountDownLatch(1);
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor();
		// Its close() alone would wait a minute.
		executor.setTaskTerminationTimeout(Duration.ofMinutes(1).toMillis());
		this.contextRunner.withPropertyValues("graceful-shutdown.executors.timeout=300ms")
			.withBean("simpleExecutor", SimpleAsyncTaskExecutor.class, () -> executor)
			.run((context) -> {
				executor.execute(() -> {
					started.countDown();
					try {
						this.never.await();
					}
					catch (InterruptedException ex) {
						interrupted.set(true);
					}
				});
				assertThat(started.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
				long closing = System.nanoTime();
				context.close();
				assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(UPPER_BOUND);
				Awaitility.await().atMost(UPPER_BOUND).untilTrue(interrupted);
			});
		assertThat(this.log.text()).contains("WARN Executors still busy 300ms into their drain, the limit set by"
				+ " graceful-shutdown.executors.timeout; interrupting their running tasks and cancelling their queued"
				+ " ones: executor 'simpleExecutor': 1 tasks running");
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

	private static Runnable task(String name, Duration work, CountDownLatch started, List<String> done,
			List<String> interrupted) {
		return () -> {
			started.countDown();
			try {
				// Stands for the task's work: nothing counts this latch down.
				new CountDownLatch(1).await(work.toMillis(), TimeUnit.MILLISECONDS);
				done.add(name);
			}
			catch (InterruptedException ex) {
				interrupted.add(name);
			}
		};
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

}
