package dev.gracefulshutdown.sample.faults;

import java.util.concurrent.CountDownLatch;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * A fault for the whole-process tests, off by default: a component whose {@code stop()}
 * logs a megabyte, then never returns. When nothing reads the process's output any more
 * (a stalled container log driver), the pipe fills and its logging blocks, and so does
 * every other thread that logs. On with {@code sample.fault.stop-logs-and-hangs=true}.
 */
@Component
@ConditionalOnBooleanProperty("sample.fault.stop-logs-and-hangs")
class LoggingStopThatHangs implements SmartLifecycle {

	static final int LINES = 1024;

	private static final Log logger = LogFactory.getLog(LoggingStopThatHangs.class);

	private static final String FILLER = "x".repeat(1000);

	private final CountDownLatch never = new CountDownLatch(1);

	private volatile boolean running;

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		for (int i = 1; i <= LINES; i++) {
			logger.info("LoggingStopThatHangs line " + i + " of " + LINES + ": " + FILLER);
		}
		logger.info("LoggingStopThatHangs logged all its lines: now it hangs");
		try {
			this.never.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
