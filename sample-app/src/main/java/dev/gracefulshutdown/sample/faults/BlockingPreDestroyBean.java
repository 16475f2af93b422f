package dev.gracefulshutdown.sample.faults;

import java.util.concurrent.CountDownLatch;

import jakarta.annotation.PreDestroy;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * A fault for the whole-process tests, off by default: a bean whose {@code @PreDestroy}
 * never returns, like a pool that waits for a connection nobody gives back. Only the
 * deadline ends it. On with {@code sample.fault.pre-destroy-blocks=true}.
 */
@Component
@ConditionalOnBooleanProperty("sample.fault.pre-destroy-blocks")
class BlockingPreDestroyBean {

	private static final Log logger = LogFactory.getLog(BlockingPreDestroyBean.class);

	private final CountDownLatch never = new CountDownLatch(1);

	@PreDestroy
	void close() throws InterruptedException {
		logger.info("BlockingPreDestroyBean closing: this will hang");
		this.never.await();
	}

}
