package dev.gracefulshutdown.sample;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * A {@code @Scheduled} job: a run in progress when the shutdown starts finishes, and no
 * run starts after the drain. On only with {@code sample.refresh.enabled=true}, so that
 * the log of the other examples stays quiet.
 */
@Component
@ConditionalOnBooleanProperty("sample.refresh.enabled")
class CacheRefresher {

	private static final Log logger = LogFactory.getLog(CacheRefresher.class);

	private final Duration work;

	private int runs;

	CacheRefresher(@Value("${sample.refresh.work:2s}") Duration work) {
		this.work = work;
	}

	@Scheduled(fixedDelayString = "${sample.refresh.every:500ms}")
	@SuppressWarnings("checkstyle:regexp") // the work this job stands for
	void refresh() throws InterruptedException {
		int run = ++this.runs;
		logger.info("cache refresh " + run + " started");
		Thread.sleep(this.work.toMillis());
		logger.info("cache refresh " + run + " finished");
	}

}
