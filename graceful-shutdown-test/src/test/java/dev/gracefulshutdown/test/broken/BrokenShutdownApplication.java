package dev.gracefulshutdown.test.broken;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.gracefulshutdown.OnShutdown;
import dev.gracefulshutdown.ShutdownStage;
import jakarta.annotation.PreDestroy;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.core.task.TaskExecutor;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application whose shutdown is broken on purpose, for the module's own test: a
 * request and an executor task that outlive every bound, a shutdown hook that fails, and
 * a {@code @PreDestroy} method that never returns.
 */
@SpringBootApplication
public class BrokenShutdownApplication {

	private static final Duration LONGER_THAN_ANY_BOUND = Duration.ofSeconds(60);

	public static void main(String[] args) {
		SpringApplication.run(BrokenShutdownApplication.class, args);
	}

	/**
	 * Waits as long as work that outlives every bound would run, and returns early only
	 * when interrupted.
	 * @return whether the work ran to its end
	 */
	static boolean work() {
		try {
			new CountDownLatch(1).await(LONGER_THAN_ANY_BOUND.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	@RestController
	static class BrokenController {

		private static final Log logger = LogFactory.getLog(BrokenController.class);

		private final TaskExecutor taskExecutor;

		BrokenController(TaskExecutor applicationTaskExecutor) {
			this.taskExecutor = applicationTaskExecutor;
		}

		@GetMapping("/slow")
		String slow(@RequestParam long ms) {
			logger.info("slow request started");
			if (!work()) {
				// As work cut off half-way does: the web server's stop interrupted it.
				throw new IllegalStateException("interrupted");
			}
			return "slept";
		}

		@GetMapping("/task")
		String task() {
			this.taskExecutor.execute(() -> {
				logger.info("long task started");
				work();
			});
			return "submitted";
		}

	}

	@Component("brokenHooks")
	static class BrokenHooks {

		@OnShutdown(stage = ShutdownStage.STOP)
		void flushCache() {
			throw new IllegalStateException("the cache is gone");
		}

	}

	@Component("hungOnDestroy")
	static class HungOnDestroy {

		@PreDestroy
		void close() {
			work();
		}

	}

}
