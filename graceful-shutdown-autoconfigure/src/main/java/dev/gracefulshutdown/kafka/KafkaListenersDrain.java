package dev.gracefulshutdown.kafka;

import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.kafka.listener.MessageListenerContainer;

import dev.gracefulshutdown.DrainStartedEvent;
import dev.gracefulshutdown.GracefulShutdown;
import dev.gracefulshutdown.Lease;
import dev.gracefulshutdown.LeaseRefusedException;

/**
 * Stops every running Kafka listener container when the drain starts, holding a
 * {@link Lease} for each until it has stopped. A container stopped so finishes the record
 * in progress (with {@link ImmediateStopPostProcessor}, it starts no other record of its
 * last poll), commits the offsets of what it processed and closes its consumer, which
 * leaves the group at once: the partitions move to the instances that stay, and the
 * records this one fetched but did not start are theirs. The shutdown waits for the
 * leases after the drain, within the deadline; a container still busy then is named in
 * the report and the hang report with its records in progress
 * ({@link RecordsInProgressTracking}), which, never committed, are delivered again.
 * <p>
 * Plain Spring Boot stops the containers in their lifecycle phase instead, where a
 * container finishes every record of its last poll before it commits anything: longer
 * than the phase's timeout, and the process ends with records processed but not
 * committed.
 */
public final class KafkaListenersDrain implements ApplicationListener<DrainStartedEvent> {

	private static final Log logger = LogFactory.getLog(KafkaListenersDrain.class);

	private final ListableBeanFactory beanFactory;

	private final GracefulShutdown gracefulShutdown;

	private final AtomicLong stopped = new AtomicLong();

	/**
	 * Create a new drain.
	 * @param beanFactory where the containers and their registries are
	 * @param gracefulShutdown what gives the leases
	 */
	public KafkaListenersDrain(ListableBeanFactory beanFactory, GracefulShutdown gracefulShutdown) {
		this.beanFactory = beanFactory;
		this.gracefulShutdown = gracefulShutdown;
	}

	@Override
	public void onApplicationEvent(DrainStartedEvent event) {
		int stopping = 0;
		for (MessageListenerContainer container : ListenerContainers.of(this.beanFactory)) {
			if (container.isRunning()) {
				stop(container);
				stopping++;
			}
		}
		if (stopping > 0 && logger.isDebugEnabled()) {
			logger.debug("Stopping " + stopping + " Kafka listener containers at the start of the drain");
		}
	}

	private void stop(MessageListenerContainer container) {
		String name = "kafka listener container '" + container.getListenerId() + "'";
		RecordsInProgress inProgress = RecordsInProgress.of(container);
		Lease lease;
		try {
			lease = (inProgress != null) ? this.gracefulShutdown.acquireLease(name, inProgress::describe)
					: this.gracefulShutdown.acquireLease(name);
		}
		catch (LeaseRefusedException ex) {
			// Intake has stopped: the shutdown no longer waits for work. Stop it all
			// the same, without waiting.
			container.stop(() -> {
			});
			return;
		}
		try {
			container.stop(() -> {
				this.stopped.incrementAndGet();
				lease.close();
			});
		}
		catch (RuntimeException ex) {
			lease.close();
			logger.warn("Stopping " + name + " failed", ex);
		}
	}

	/**
	 * Return how many containers this drain stopped, each once its record in progress was
	 * done.
	 * @return the count
	 */
	public long stopped() {
		return this.stopped.get();
	}

	@Override
	public boolean supportsAsyncExecution() {
		// The leases must be open before the drain goes on.
		return false;
	}

}
