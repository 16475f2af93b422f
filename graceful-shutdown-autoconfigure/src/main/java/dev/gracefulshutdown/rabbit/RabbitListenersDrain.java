package dev.gracefulshutdown.rabbit;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.amqp.rabbit.listener.AbstractMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.DirectMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.ObservableListenerContainer;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;

import dev.gracefulshutdown.DrainStartedEvent;
import dev.gracefulshutdown.GracefulShutdown;
import dev.gracefulshutdown.Lease;
import dev.gracefulshutdown.LeaseRefusedException;

/**
 * Stops every running RabbitMQ listener container when the drain starts, holding a
 * {@link Lease} for each until it has stopped. Before it stops a container, it gives the
 * container all the time the deadline leaves ({@code shutdownTimeout}, 5 s unless set)
 * and, unless the application sets {@code spring.rabbitmq.listener.*.force-stop} itself,
 * makes it stop after the message in progress ({@code forceStop}; a
 * {@link DirectMessageListenerContainer} does so without it): the consumer finishes that
 * message and acknowledges it, then closes its channel, which returns the messages it had
 * prefetched but not started to the queue, for the instances that stay. The shutdown
 * waits for the leases after the drain, within the deadline; a container still busy then
 * is named in the report, and its message in progress, never acknowledged, is delivered
 * again.
 * <p>
 * Plain Spring Boot stops the containers in their lifecycle phase instead, where a
 * container goes on with its prefetched messages and, after its 5 s
 * {@code shutdownTimeout}, closes the channel under the message in progress.
 */
public final class RabbitListenersDrain implements ApplicationListener<DrainStartedEvent> {

	private static final Log logger = LogFactory.getLog(RabbitListenersDrain.class);

	private final ListableBeanFactory beanFactory;

	private final GracefulShutdown gracefulShutdown;

	private final boolean forceStop;

	private final AtomicLong stopped = new AtomicLong();

	/**
	 * Create a new drain.
	 * @param beanFactory where the containers and their registries are
	 * @param gracefulShutdown what gives the leases and tells the time left
	 * @param forceStop whether to make the containers stop after the message in progress
	 */
	public RabbitListenersDrain(ListableBeanFactory beanFactory, GracefulShutdown gracefulShutdown, boolean forceStop) {
		this.beanFactory = beanFactory;
		this.gracefulShutdown = gracefulShutdown;
		this.forceStop = forceStop;
	}

	@Override
	public void onApplicationEvent(DrainStartedEvent event) {
		Duration remaining = this.gracefulShutdown.status().remaining();
		int stopping = 0;
		for (SmartLifecycle container : containers()) {
			if (container.isRunning()) {
				stop(container, remaining);
				stopping++;
			}
		}
		if (stopping > 0 && logger.isDebugEnabled()) {
			logger.debug("Stopping " + stopping + " RabbitMQ listener containers at the start of the drain");
		}
	}

	/**
	 * The containers, as {@link SmartLifecycle}: their interface moved to
	 * {@code org.springframework.amqp.core} in Spring AMQP 4.1, which Spring Boot 4.0
	 * does not have, so this class names neither.
	 */
	private Set<SmartLifecycle> containers() {
		Set<SmartLifecycle> containers = Collections.newSetFromMap(new IdentityHashMap<>());
		// The registries hold the @RabbitListener containers, which are not beans.
		for (RabbitListenerEndpointRegistry registry : this.beanFactory
			.getBeansOfType(RabbitListenerEndpointRegistry.class, false, false)
			.values()) {
			Collection<?> registered = registry.getListenerContainers();
			for (Object container : registered) {
				if (container instanceof SmartLifecycle lifecycle) {
					containers.add(lifecycle);
				}
			}
		}
		containers
			.addAll(this.beanFactory.getBeansOfType(AbstractMessageListenerContainer.class, false, false).values());
		return containers;
	}

	private void stop(SmartLifecycle container, @Nullable Duration remaining) {
		String id = id(container);
		String name = "rabbit listener container '" + id + "'";
		Lease lease;
		try {
			lease = this.gracefulShutdown.acquireLease(name, () -> unacknowledged(container));
		}
		catch (LeaseRefusedException ex) {
			// Intake has stopped: the shutdown no longer waits for work. Leave the
			// container to its lifecycle phase.
			return;
		}
		// stop(callback) may block until the container's consumers let go of its lock: a
		// DirectMessageListenerContainer holds it while it waits to retry a connection.
		// The drain goes on; the lease keeps the shutdown waiting, within the deadline.
		Thread stopping = new Thread(() -> {
			try {
				if (container instanceof AbstractMessageListenerContainer bounded) {
					prepare(bounded, remaining);
				}
				container.stop(() -> {
					this.stopped.incrementAndGet();
					lease.close();
				});
			}
			catch (RuntimeException ex) {
				lease.close();
				logger.warn("Stopping " + name + " failed", ex);
			}
		}, "graceful-shutdown-stop-rabbit-" + id);
		stopping.setDaemon(true);
		stopping.start();
	}

	private void prepare(AbstractMessageListenerContainer container, @Nullable Duration remaining) {
		if (remaining != null) {
			// The container waits this long for its consumers, then closes their channels
			// under the messages in progress: let the deadline decide instead.
			container.setShutdownTimeout(Math.max(remaining.toMillis(), 0));
		}
		if (this.forceStop && !(container instanceof DirectMessageListenerContainer)) {
			// A DirectMessageListenerContainer gives its consumers' prefetched
			// messages back when it cancels them, and with forceStop an idle consumer
			// would wait out the whole shutdownTimeout.
			container.setForceStop(true);
		}
	}

	/**
	 * Say, when the lease is named (it outlived its wait, or the deadline came), what
	 * becomes of the container's messages in progress.
	 */
	private static String unacknowledged(SmartLifecycle container) {
		String queues = (container instanceof AbstractMessageListenerContainer bounded)
				? " from " + String.join(", ", bounded.getQueueNames()) : "";
		return "messages" + queues + " not yet acknowledged go back to the queue";
	}

	private static String id(SmartLifecycle container) {
		String id = (container instanceof ObservableListenerContainer observable) ? observable.getListenerId() : null;
		return (id != null) ? id : container.getClass().getSimpleName();
	}

	/**
	 * Return how many containers this drain stopped, each once its consumers were done.
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
