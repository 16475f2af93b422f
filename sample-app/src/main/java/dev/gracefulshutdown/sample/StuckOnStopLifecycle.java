package dev.gracefulshutdown.sample;

import java.util.concurrent.CountDownLatch;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * A component whose stop never returns, like a client stuck on a dead connection. Off
 * unless {@code sample.hang-on-stop=true}: it shows the deadline and the hang report.
 */
@Component
@ConditionalOnBooleanProperty("sample.hang-on-stop")
class StuckOnStopLifecycle implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(StuckOnStopLifecycle.class);

	private final CountDownLatch never = new CountDownLatch(1);

	private volatile boolean running;

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		logger.info("StuckOnStopLifecycle stopping: this will hang");
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
