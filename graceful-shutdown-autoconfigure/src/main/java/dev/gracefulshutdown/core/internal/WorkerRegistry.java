package dev.gracefulshutdown.core.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.gracefulshutdown.Registration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The worker threads registered with the shutdown: joined after the drain, each within
 * what is left of the timeout; one still alive then is interrupted and named with its
 * stack.
 * <p>
 * Internal, not API: applications register workers through
 * {@link dev.gracefulshutdown.GracefulShutdown#registerWorker(String, Thread)}; public
 * for the auto-configuration.
 */
public final class WorkerRegistry {

	private static final Log logger = LogFactory.getLog(WorkerRegistry.class);

	private final Map<Registration, Worker> workers = new LinkedHashMap<>();

	synchronized Registration register(String name, Thread thread) {
		Worker worker = new Worker(name, thread);
		Registration[] registration = new Registration[1];
		registration[0] = () -> unregister(registration[0]);
		this.workers.put(registration[0], worker);
		return registration[0];
	}

	private synchronized void unregister(Registration registration) {
		this.workers.remove(registration);
	}

	/**
	 * Join every live worker within the timeout; interrupt and name those still alive.
	 * @param timeout the longest time to wait for all of them
	 * @return descriptions of the workers that did not end
	 */
	List<String> joinAll(Duration timeout) {
		List<Worker> live;
		synchronized (this) {
			live = new ArrayList<>(this.workers.values());
		}
		long end = System.nanoTime() + timeout.toNanos();
		List<String> stragglers = new ArrayList<>();
		for (Worker worker : live) {
			if (worker.thread() == Thread.currentThread()) {
				continue;
			}
			long left = end - System.nanoTime();
			try {
				if (left > 0) {
					worker.thread().join(Math.max(1, left / 1_000_000));
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			if (worker.thread().isAlive()) {
				String description = "worker '" + worker.name() + "' (thread \"" + worker.thread().getName()
						+ "\") still running";
				logger.warn("Worker '" + worker.name() + "' did not end within " + Durations.format(timeout)
						+ " of the shutdown; interrupting it. It is at:" + System.lineSeparator()
						+ HangReport.stackOf(worker.thread()));
				worker.thread().interrupt();
				stragglers.add(description);
			}
		}
		return stragglers;
	}

	/**
	 * Describe the live workers, for a hang report.
	 * @return the descriptions
	 */
	synchronized List<String> describeLive() {
		List<String> live = new ArrayList<>();
		for (Worker worker : this.workers.values()) {
			if (worker.thread().isAlive()) {
				live.add("worker '" + worker.name() + "' (thread \"" + worker.thread().getName() + "\")");
			}
		}
		return live;
	}

	synchronized List<Thread> liveThreads() {
		List<Thread> threads = new ArrayList<>();
		for (Worker worker : this.workers.values()) {
			if (worker.thread().isAlive()) {
				threads.add(worker.thread());
			}
		}
		return threads;
	}

	private record Worker(String name, Thread thread) {

	}

}
