package dev.gracefulshutdown.sample;

import java.util.ArrayList;
import java.util.List;

import dev.gracefulshutdown.OnShutdown;
import dev.gracefulshutdown.ShutdownStage;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * An audit log that buffers its entries and writes them in batches, as a writer to a slow
 * store would. The entries still in the buffer when the service stops are written by a
 * shutdown hook, {@link #close()}: the custom shutdown work of the sample.
 */
// Uses the starter's API: absent when the starter is switched off, so that the same jar
// runs as plain Spring Boot (graceful-shutdown.enabled=false) for the benchmarks.
@ConditionalOnBooleanProperty(name = "graceful-shutdown.enabled", matchIfMissing = true)
@Component
class AuditLog {

	private static final Log logger = LogFactory.getLog(AuditLog.class);

	private static final int BATCH_SIZE = 50;

	private final List<String> buffer = new ArrayList<>();

	private int written;

	private boolean closed;

	/**
	 * Record an entry: buffered, and written with the next full batch or at shutdown.
	 * After the log is closed, entries are written at once, so that none is lost.
	 * @param entry the entry
	 */
	synchronized void record(String entry) {
		this.buffer.add(entry);
		if (this.closed || this.buffer.size() >= BATCH_SIZE) {
			writeBuffer();
		}
	}

	/**
	 * Write what is left in the buffer. A hook of the {@code release} stage: it runs
	 * after every lifecycle phase has stopped (the web server, the {@link JobWorker}),
	 * once nothing records entries any more, and before beans are destroyed. The last
	 * {@code order} puts it after any other hook of that stage, and its own timeout
	 * bounds it more tightly than {@code graceful-shutdown.hooks.timeout}: a write that
	 * hangs costs two seconds of the deadline, not five.
	 */
	@OnShutdown(stage = ShutdownStage.RELEASE, order = Ordered.LOWEST_PRECEDENCE, timeout = "2s")
	synchronized void close() {
		int left = writeBuffer();
		this.closed = true;
		logger.info("Audit log closed: " + this.written + ((this.written == 1) ? " entry" : " entries") + " in all, "
				+ left + " written at shutdown");
	}

	private int writeBuffer() {
		// A real audit log would send the batch to its store here.
		for (String entry : this.buffer) {
			logger.info("audit: " + entry);
		}
		int count = this.buffer.size();
		this.written += count;
		this.buffer.clear();
		return count;
	}

}
