package dev.gracefulshutdown.sample;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import dev.gracefulshutdown.GracefulShutdown;
import dev.gracefulshutdown.InFlightWork;
import dev.gracefulshutdown.Lease;
import dev.gracefulshutdown.LeaseRefusedException;
import dev.gracefulshutdown.Registration;
import dev.gracefulshutdown.ShutdownSignal;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * A worker loop in the Python way: it relays events to a downstream system in batches,
 * sleeps between batches on the {@link ShutdownSignal} (so it wakes at once when the
 * shutdown starts, without polling), and is registered with the starter, which joins it
 * after the drain. Each batch in progress counts as work in flight, so the drain waits
 * for it; the last flush holds a lease, so the shutdown waits for it too. That lease is
 * taken at startup, before any event is accepted: one asked for when the shutdown starts
 * could come after the drain has ended, which refuses it.
 */
// Uses the starter's API: absent when the starter is switched off, so that the same jar
// runs as plain Spring Boot (graceful-shutdown.enabled=false) for the benchmarks.
@ConditionalOnBooleanProperty(name = "graceful-shutdown.enabled", matchIfMissing = true)
@Component
class OutboxRelay implements SmartInitializingSingleton, DisposableBean {

	static final String NAME = "outbox-relay";

	private static final Log logger = LogFactory.getLog(OutboxRelay.class);

	private static final Duration BETWEEN_BATCHES = Duration.ofSeconds(1);

	private final BlockingQueue<String> events = new LinkedBlockingQueue<>(1000);

	private final GracefulShutdown gracefulShutdown;

	private @Nullable Registration registration;

	private @Nullable Lease finalFlush;

	OutboxRelay(GracefulShutdown gracefulShutdown) {
		this.gracefulShutdown = gracefulShutdown;
	}

	boolean offer(String event) {
		return !this.gracefulShutdown.signal().isRequested() && this.events.offer(event);
	}

	@Override
	public void afterSingletonsInstantiated() {
		try {
			this.finalFlush = this.gracefulShutdown.acquireLease(NAME + "-final-flush");
		}
		catch (LeaseRefusedException ex) {
			// A shutdown that started during the startup is already past its drain.
			logger.warn(NAME + " could not take its lease: " + ex.getMessage());
		}
		Thread thread = new Thread(this::relay, NAME);
		this.registration = this.gracefulShutdown.registerWorker(NAME, thread);
		thread.start();
	}

	private void relay() {
		ShutdownSignal signal = this.gracefulShutdown.signal();
		try {
			while (!signal.isRequested()) {
				relayBatch();
				if (signal.await(BETWEEN_BATCHES)) {
					Instant requestedAt = this.gracefulShutdown.status().requestedAt();
					logger.info(NAME + " woke on the shutdown signal "
							+ ((requestedAt != null) ? Duration.between(requestedAt, Instant.now()).toMillis() : -1)
							+ " ms after the shutdown was requested");
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		// The events accepted before the shutdown are relayed, under the lease taken at
		// startup.
		Lease lease = this.finalFlush;
		try {
			int relayed = relayBatch();
			logger.info(NAME + " flushed " + relayed + " events"
					+ ((lease != null) ? " under " + lease.name() : " without a lease") + "; stopping");
		}
		finally {
			if (lease != null) {
				lease.close();
			}
		}
	}

	private int relayBatch() {
		List<String> batch = new ArrayList<>();
		this.events.drainTo(batch);
		if (batch.isEmpty()) {
			return 0;
		}
		try (InFlightWork work = this.gracefulShutdown.startWork()) {
			// A real relay would send the batch downstream here.
			return batch.size();
		}
	}

	@Override
	public void destroy() {
		Registration current = this.registration;
		if (current != null) {
			current.close();
		}
	}

}
