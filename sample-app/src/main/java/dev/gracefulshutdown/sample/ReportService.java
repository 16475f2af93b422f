package dev.gracefulshutdown.sample;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;
import org.springframework.util.ReflectionUtils;

/**
 * Builds reports in the background with {@code @Async}, on Spring Boot's
 * {@code applicationTaskExecutor}: a pool of eight platform threads, or virtual threads
 * with {@code spring.threads.virtual.enabled=true}. A report accepted before the shutdown
 * is finished before the executor stops: the starter drains the executor instead of
 * letting Spring drop its queue.
 */
@Service
class ReportService {

	private static final Log logger = LogFactory.getLog(ReportService.class);

	private final AtomicInteger done = new AtomicInteger();

	@Async
	@SuppressWarnings("checkstyle:regexp") // the work this task stands for
	public void build(String id, Duration work) throws InterruptedException {
		logger.info("report " + id + " started (" + work.toMillis() + " ms) on a "
				+ (isVirtual(Thread.currentThread()) ? "virtual" : "platform") + " thread");
		Thread.sleep(work.toMillis());
		logger.info("report " + id + " done; reports done: " + this.done.incrementAndGet());
	}

	/**
	 * Return whether a thread is virtual ({@code Thread.isVirtual()}, Java 21), on the
	 * Java 17 this sample is compiled for.
	 * @param thread the thread
	 * @return whether it is virtual
	 */
	private static boolean isVirtual(Thread thread) {
		Method isVirtual = ReflectionUtils.findMethod(Thread.class, "isVirtual");
		return isVirtual != null && Boolean.TRUE.equals(ReflectionUtils.invokeMethod(isVirtual, thread));
	}

}
