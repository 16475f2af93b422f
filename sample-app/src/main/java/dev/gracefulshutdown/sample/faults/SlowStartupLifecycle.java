package dev.gracefulshutdown.sample.faults;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * A fault for the whole-process tests, off by default: a slow startup, like a cache
 * warmed up before the application reports ready. A {@link SmartLifecycle} in the last
 * phase whose {@code start()} keeps the main thread for the configured time, after the
 * starter's signal handlers are installed and the web servers have started, before
 * {@code SpringApplication.run} publishes that the application is ready. On with
 * {@code sample.fault.slow-startup=5s}.
 */
@Component
@ConditionalOnProperty("sample.fault.slow-startup")
class SlowStartupLifecycle implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(SlowStartupLifecycle.class);

	private final Duration warmUp;

	private final CountDownLatch never = new CountDownLatch(1);

	private volatile boolean running;

	SlowStartupLifecycle(@Value("${sample.fault.slow-startup}") Duration warmUp) {
		this.warmUp = warmUp;
	}

	@Override
	public void start() {
		logger.info("Slow startup: warming up for " + this.warmUp.toMillis() + " ms");
		try {
			// Timed on purpose: Spring's close from another thread interrupts a startup
			// thread that waits without a timeout, taking it for stuck.
			this.never.await(this.warmUp.toNanos(), TimeUnit.NANOSECONDS);
			logger.info("Slow startup: warm-up done");
		}
		catch (InterruptedException ex) {
			logger.info("Slow startup: warm-up interrupted");
			Thread.currentThread().interrupt();
		}
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
