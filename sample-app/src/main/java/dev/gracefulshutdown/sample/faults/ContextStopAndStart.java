package dev.gracefulshutdown.sample.faults;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * A fault for the whole-process tests, off by default: once the application has started,
 * it stops its context with {@code ConfigurableApplicationContext.stop()} and starts it
 * again, then runs a task on Spring Boot's {@code applicationTaskExecutor}. A stop is no
 * shutdown: the executor must take the task, and nothing of the shutdown may run. On with
 * {@code sample.fault.stop-and-start=true}.
 */
@Component
@ConditionalOnBooleanProperty("sample.fault.stop-and-start")
class ContextStopAndStart implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(ContextStopAndStart.class);

	private static final Duration TASK_TIMEOUT = Duration.ofSeconds(10);

	private final ConfigurableApplicationContext context;

	private final AsyncTaskExecutor executor;

	ContextStopAndStart(ConfigurableApplicationContext context,
			@Qualifier("applicationTaskExecutor") AsyncTaskExecutor executor) {
		this.context = context;
		this.executor = executor;
	}

	@Override
	public void run(ApplicationArguments args) throws Exception {
		logger.info("Stopping the context with ConfigurableApplicationContext.stop()");
		this.context.stop();
		logger.info("Starting the context again");
		this.context.start();
		String ran = this.executor.submit(() -> "task ran on " + Thread.currentThread().getName())
			.get(TASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		logger.info("After stop() and start(), applicationTaskExecutor took a task: " + ran);
	}

}
