package dev.gracefulshutdown.sample;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

import dev.gracefulshutdown.GracefulShutdown;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * A background worker with a thread of its own that takes jobs from a queue. A job that
 * throws is a bug the worker cannot recover from, so the loop runs inside
 * {@link GracefulShutdown#shutdownOnError}: the error ends the whole service with the
 * error exit code, through the same ordered shutdown as a {@code SIGTERM}, instead of
 * leaving a service that accepts jobs nobody runs.
 */
// Uses the starter's API: absent when the starter is switched off, so that the same jar
// runs as plain Spring Boot (graceful-shutdown.enabled=false) for the benchmarks.
@ConditionalOnBooleanProperty(name = "graceful-shutdown.enabled", matchIfMissing = true)
@Component
class JobWorker implements SmartLifecycle {

	static final String NAME = "job-worker";

	private static final Log logger = LogFactory.getLog(JobWorker.class);

	private static final int CAPACITY = 100;

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

	private final BlockingQueue<Job> jobs = new LinkedBlockingQueue<>(CAPACITY);

	private final AtomicLong ids = new AtomicLong();

	private final GracefulShutdown gracefulShutdown;

	private final AuditLog auditLog;

	private volatile @Nullable Thread thread;

	private volatile boolean running;

	JobWorker(GracefulShutdown gracefulShutdown, AuditLog auditLog) {
		this.gracefulShutdown = gracefulShutdown;
		this.auditLog = auditLog;
	}

	/**
	 * Queue a job.
	 * @param fail whether the job throws, as a bug would
	 * @return the job's id, or {@code null} if the worker takes no more jobs (it has
	 * stopped or failed) or the queue is full
	 */
	@Nullable String submit(boolean fail) {
		Thread worker = this.thread;
		if (!this.running || worker == null || !worker.isAlive()) {
			return null;
		}
		Job job = new Job("job-" + this.ids.incrementAndGet(), fail);
		return this.jobs.offer(job) ? job.id() : null;
	}

	@Override
	public void start() {
		Runnable loop = this.gracefulShutdown.shutdownOnError(NAME, this::takeJobs,
				(error) -> logger.error(NAME + " onError: " + error + "; jobs left in the queue: " + this.jobs.size()));
		Thread worker = new Thread(loop, NAME);
		// Non-daemon: a job in progress is real work, not something to cut off at exit.
		worker.setDaemon(false);
		this.running = true;
		this.thread = worker;
		worker.start();
	}

	@Override
	public void stop() {
		this.running = false;
		Thread worker = this.thread;
		if (worker == null) {
			return;
		}
		// Ends the wait for the next job; the jobs here never block, so none is cut off.
		worker.interrupt();
		try {
			worker.join(STOP_TIMEOUT.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (worker.isAlive()) {
			logger.warn(NAME + " did not stop within " + STOP_TIMEOUT.toSeconds() + "s");
		}
		else {
			logger.info(NAME + " stopped; jobs left in the queue: " + this.jobs.size());
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Start before the web server accepts requests and stop after it has finished them,
	 * so that every job a request queued is still taken.
	 * @return the phase
	 */
	@Override
	public int getPhase() {
		return WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE - 1;
	}

	private void takeJobs() {
		while (true) {
			Job job;
			try {
				job = this.jobs.take();
			}
			catch (InterruptedException ex) {
				// Asked to stop.
				return;
			}
			run(job);
		}
	}

	private void run(Job job) {
		if (job.fail()) {
			throw new IllegalStateException("poison job");
		}
		this.auditLog.record(job.id() + " done");
		logger.info("job done: " + job.id());
	}

	private record Job(String id, boolean fail) {
	}

}
