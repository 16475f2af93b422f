package dev.gracefulshutdown.sample.faults;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * A fault for the whole-process tests, off by default: an asynchronous
 * {@link SmartLifecycle} whose {@code stop(Runnable)} returns at once but never calls
 * back, like a client whose close callback is lost. Its phase (the default) times out. On
 * with {@code sample.fault.stop-never-calls-back=true}.
 */
@Component
@ConditionalOnBooleanProperty("sample.fault.stop-never-calls-back")
class StopNeverCallsBackLifecycle implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(StopNeverCallsBackLifecycle.class);

	private volatile boolean running;

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		throw new UnsupportedOperationException("Stop must not be invoked directly");
	}

	@Override
	public void stop(Runnable callback) {
		this.running = false;
		logger.info("StopNeverCallsBackLifecycle stopping: it will never call back");
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
