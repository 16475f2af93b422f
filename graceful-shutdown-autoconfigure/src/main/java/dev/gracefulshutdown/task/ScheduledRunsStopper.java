package dev.gracefulshutdown.task;

import dev.gracefulshutdown.DrainFinishedEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.scheduling.config.ScheduledTask;
import org.springframework.scheduling.config.ScheduledTaskHolder;

/**
 * Cancels the application's scheduled tasks ({@code @Scheduled} methods and tasks
 * registered through {@code SchedulingConfigurer}) the moment the drain is over, without
 * interrupting a run in progress: no new run starts after the drain, while the shutdown
 * waits for workers, leases and hooks. Spring would cancel them later, once every
 * listener of the context's close has run.
 */
public final class ScheduledRunsStopper implements ApplicationListener<DrainFinishedEvent> {

	private static final Log logger = LogFactory.getLog(ScheduledRunsStopper.class);

	private final ListableBeanFactory beanFactory;

	/**
	 * Create a new stopper.
	 * @param beanFactory where the scheduled task holders are
	 */
	public ScheduledRunsStopper(ListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public void onApplicationEvent(DrainFinishedEvent event) {
		int cancelled = 0;
		for (ScheduledTaskHolder holder : this.beanFactory.getBeansOfType(ScheduledTaskHolder.class, false, false)
			.values()) {
			for (ScheduledTask task : holder.getScheduledTasks()) {
				task.cancel(false);
				cancelled++;
			}
		}
		if (cancelled > 0 && logger.isDebugEnabled()) {
			logger.debug("Cancelled " + cancelled + " scheduled tasks at the end of the drain; runs in progress go on");
		}
	}

	@Override
	public boolean supportsAsyncExecution() {
		return false;
	}

}
