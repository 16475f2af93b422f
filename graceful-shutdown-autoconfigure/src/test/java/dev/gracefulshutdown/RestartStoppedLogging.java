package dev.gracefulshutdown;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Restarts logging before each test when an earlier test stopped it. Before a halt the
 * coordinator runs the logging system's shutdown handler, so that the hang report is
 * written out; a test's recording process exit returns instead of halting, and the JVM
 * goes on without logging: the tests after it would capture no output.
 */
public final class RestartStoppedLogging implements BeforeEachCallback {

	@Override
	public void beforeEach(ExtensionContext context) throws Exception {
		if (LoggerFactory.getILoggerFactory() instanceof LoggerContext loggerContext && !loggerContext.isStarted()) {
			new ContextInitializer(loggerContext).autoConfig();
			loggerContext.start();
		}
	}

}
