package dev.gracefulshutdown.sample;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;

/**
 * Builds reports in the background with {@code @Async}, on Spring Boot's
 * {@code applicationTaskExecutor}. A report accepted before the shutdown is finished
 * before the executor stops: the starter drains the executor instead of letting Spring
 * drop its queue.
 */
@Service
class ReportService {

	private static final Log logger = LogFactory.getLog(ReportService.class);

	private final AtomicInteger done = new AtomicInteger();

	@Async
	@SuppressWarnings("checkstyle:regexp") // the work this task stands for
	public void build(String id, Duration work) throws InterruptedException {
		logger.info("report " + id + " started (" + work.toMillis() + " ms)");
		Thread.sleep(work.toMillis());
		logger.info("report " + id + " done; reports done: " + this.done.incrementAndGet());
	}

}
