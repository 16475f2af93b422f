package dev.gracefulshutdown.sample.faults;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * A fault for the whole-process tests, off by default: the application's own JVM shutdown
 * hook ({@code Runtime.addShutdownHook}, outside Spring) that takes a minute, as a client
 * library flushing to a server that does not answer would. It runs once the JVM exits,
 * after the starter's sequence has completed. On with
 * {@code sample.fault.jvm-shutdown-hook-blocks=true}.
 */
@Component
@ConditionalOnBooleanProperty("sample.fault.jvm-shutdown-hook-blocks")
class BlockingJvmShutdownHook implements InitializingBean {

	static final String THREAD_NAME = "sample-fault-jvm-shutdown-hook";

	private static final Log logger = LogFactory.getLog(BlockingJvmShutdownHook.class);

	private final CountDownLatch never = new CountDownLatch(1);

	@Override
	public void afterPropertiesSet() {
		Runtime.getRuntime().addShutdownHook(new Thread(this::takeAMinute, THREAD_NAME));
		logger.info("Added JVM shutdown hook '" + THREAD_NAME + "', which takes a minute");
	}

	private void takeAMinute() {
		logger.info("JVM shutdown hook '" + THREAD_NAME + "' running: this takes a minute");
		try {
			this.never.await(1, TimeUnit.MINUTES);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
