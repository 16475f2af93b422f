package dev.gracefulshutdown.kafka;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;

import dev.gracefulshutdown.core.internal.SelfBoundedStop;

/**
 * Has every Kafka listener container keep its records in progress, so that the lease the
 * shutdown waits for names them: sets interceptors around the container's own ones when
 * the context starts, in the phase just before the containers', since a container reads
 * its interceptors when it starts. The application's interceptors, container customizers
 * and post-processors are applied before, and keep working.
 * <p>
 * A container that starts in a phase of its own lower than that, or that is registered
 * after the context has started, is drained all the same, without its records named.
 */
public final class RecordsInProgressTracking implements SmartLifecycle, SelfBoundedStop {

	private final ListableBeanFactory beanFactory;

	/**
	 * Create a new instance.
	 * @param beanFactory where the containers and their registries are
	 */
	public RecordsInProgressTracking(ListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public void start() {
		for (MessageListenerContainer container : ListenerContainers.of(this.beanFactory)) {
			if (container instanceof AbstractMessageListenerContainer<?, ?> abstractContainer
					&& !abstractContainer.isRunning()) {
				RecordsInProgress.track(abstractContainer);
			}
		}
	}

	@Override
	public void stop() {
		// Nothing to stop, so no phase's timeout to count in the shutdown's budget.
	}

	@Override
	public boolean isRunning() {
		// Nothing to stop: the shutdown has no phase to wait for, or to report, here.
		return false;
	}

	@Override
	public int getPhase() {
		return AbstractMessageListenerContainer.DEFAULT_PHASE - 1;
	}

}
