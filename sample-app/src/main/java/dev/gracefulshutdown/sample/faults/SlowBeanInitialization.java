package dev.gracefulshutdown.sample.faults;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * A fault for the whole-process tests, off by default: a bean whose initialization keeps
 * the main thread for the configured time, while the beans are still being created and
 * before the starter's signal handlers are installed (they are installed once every
 * singleton exists). A signal then meets the JVM's own handler. On with
 * {@code sample.fault.slow-bean-init=5s}.
 */
@Component
@ConditionalOnProperty("sample.fault.slow-bean-init")
class SlowBeanInitialization implements InitializingBean {

	private static final Log logger = LogFactory.getLog(SlowBeanInitialization.class);

	private final Duration initialization;

	private final CountDownLatch never = new CountDownLatch(1);

	SlowBeanInitialization(@Value("${sample.fault.slow-bean-init}") Duration initialization) {
		this.initialization = initialization;
	}

	@Override
	public void afterPropertiesSet() throws InterruptedException {
		logger.info("Slow bean initialization: initializing for " + this.initialization.toMillis() + " ms");
		// Timed on purpose: Spring's close from another thread interrupts a startup
		// thread that waits without a timeout, taking it for stuck.
		this.never.await(this.initialization.toNanos(), TimeUnit.NANOSECONDS);
		logger.info("Slow bean initialization: done");
	}

}
