package dev.gracefulshutdown.sample.faults;

import java.util.concurrent.CountDownLatch;

import dev.gracefulshutdown.OnShutdown;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * A fault for the whole-process tests, off by default: a shutdown hook that never
 * returns, bounded by a 2s timeout of its own. On with
 * {@code sample.fault.hook-hangs=true}.
 */
@Component
@ConditionalOnBooleanProperty("sample.fault.hook-hangs")
class HangingShutdownHook {

	private static final Log logger = LogFactory.getLog(HangingShutdownHook.class);

	private final CountDownLatch never = new CountDownLatch(1);

	@OnShutdown(timeout = "2s")
	void waitForever() throws InterruptedException {
		logger.info("HangingShutdownHook.waitForever running: this will hang");
		this.never.await();
	}

}
