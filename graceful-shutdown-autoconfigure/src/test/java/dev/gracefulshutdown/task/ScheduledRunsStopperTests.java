package dev.gracefulshutdown.task;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.gracefulshutdown.DrainFinishedEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ScheduledRunsStopper}.
 */
class ScheduledRunsStopperTests {

	private static final Duration UPPER_BOUND = Duration.ofSeconds(10);

	private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

	private final ScheduledTaskRegistrar registrar = new ScheduledTaskRegistrar();

	private final CountDownLatch runStarted = new CountDownLatch(1);

	private final CountDownLatch finishRun = new CountDownLatch(1);

	private final AtomicInteger runs = new AtomicInteger();

	private final AtomicBoolean interrupted = new AtomicBoolean();

	@AfterEach
	void stopScheduler() {
		this.finishRun.countDown();
		this.registrar.destroy();
		this.scheduler.shutdown();
	}

	@Test
	void runInProgressFinishesUninterruptedAndNoFurtherRunIsScheduled() throws InterruptedException {
		this.scheduler.initialize();
		this.registrar.setTaskScheduler(this.scheduler);
		// The next run would wait an hour in the scheduler's queue: easy to see there.
		this.registrar.addFixedDelayTask(new FixedDelayTask(this::run, Duration.ofHours(1), Duration.ZERO));
		this.registrar.afterPropertiesSet();
		assertThat(this.registrar.getScheduledTasks()).hasSize(1);
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		beanFactory.registerSingleton("registrar", this.registrar);
		assertThat(this.runStarted.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		new ScheduledRunsStopper(beanFactory).onApplicationEvent(new DrainFinishedEvent(this, "id", 0, 0, false));
		this.finishRun.countDown();
		await().atMost(UPPER_BOUND).until(() -> this.scheduler.getScheduledThreadPoolExecutor().getActiveCount() == 0);
		assertThat(this.runs).hasValue(1);
		assertThat(this.interrupted).as("run in progress interrupted").isFalse();
		assertThat(this.scheduler.getScheduledThreadPoolExecutor().getQueue()).as("runs still scheduled").isEmpty();
	}

	@Test
	void withoutScheduledTasksNothingHappens() {
		new ScheduledRunsStopper(new DefaultListableBeanFactory())
			.onApplicationEvent(new DrainFinishedEvent(this, "id", 0, 0, false));
		assertThat(new ScheduledRunsStopper(new DefaultListableBeanFactory()).supportsAsyncExecution()).isFalse();
	}

	private void run() {
		this.runs.incrementAndGet();
		this.runStarted.countDown();
		try {
			this.finishRun.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			this.interrupted.set(true);
		}
	}

}
