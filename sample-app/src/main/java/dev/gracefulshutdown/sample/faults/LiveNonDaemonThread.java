package dev.gracefulshutdown.sample.faults;

import java.util.concurrent.CountDownLatch;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * A fault for the whole-process tests, off by default: a bean that starts a non-daemon
 * thread and never stops it, the kind of thread that keeps a plain JVM alive after
 * {@code main} has returned. On with {@code sample.fault.non-daemon-thread=true}.
 */
@Component
@ConditionalOnBooleanProperty("sample.fault.non-daemon-thread")
class LiveNonDaemonThread implements InitializingBean {

	static final String THREAD_NAME = "sample-fault-non-daemon";

	private static final Log logger = LogFactory.getLog(LiveNonDaemonThread.class);

	private final CountDownLatch never = new CountDownLatch(1);

	@Override
	public void afterPropertiesSet() {
		Thread thread = new Thread(this::waitForever, THREAD_NAME);
		thread.setDaemon(false);
		thread.start();
		logger.info("Started non-daemon thread '" + THREAD_NAME + "'; nothing will stop it");
	}

	private void waitForever() {
		try {
			this.never.await();
		}
		catch (InterruptedException ex) {
			logger.info("Non-daemon thread '" + THREAD_NAME + "' interrupted");
		}
	}

}
