package dev.gracefulshutdown.sample.faults;

import dev.gracefulshutdown.OnShutdown;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * A fault for the whole-process tests, off by default: a shutdown hook that throws,
 * followed by one that must still run. On with {@code sample.fault.hook-throws=true}.
 */
@Component
@ConditionalOnBooleanProperty("sample.fault.hook-throws")
class ThrowingShutdownHook {

	private static final Log logger = LogFactory.getLog(ThrowingShutdownHook.class);

	@OnShutdown(order = 1)
	void failFirst() {
		logger.info("ThrowingShutdownHook.failFirst running: it will throw");
		throw new IllegalStateException("injected hook failure");
	}

	@OnShutdown(order = 2)
	void runAfterTheFailure() {
		logger.info("ThrowingShutdownHook.runAfterTheFailure ran");
	}

}
