package dev.gracefulshutdown.core.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.Assert;

/**
 * The long-lived connections that are open now (Server-Sent Events streams, WebSocket
 * sessions): work without an end of its own, which the drain must not wait for. The web
 * integrations register each one with the action that ends it cleanly; at the end of the
 * drain (after the streams' grace period) {@link #endAll()} ends every one, and a stream
 * that opens afterwards is ended as soon as it is registered.
 * <p>
 * Internal, not API: public for the starter's auto-configuration and integrations.
 */
public final class OpenStreams {

	/**
	 * Kind of a Server-Sent Events stream.
	 */
	public static final String SSE = "sse";

	/**
	 * Kind of a WebSocket session.
	 */
	public static final String WEBSOCKET = "websocket";

	private static final Log logger = LogFactory.getLog(OpenStreams.class);

	private final Set<Stream> open = ConcurrentHashMap.newKeySet();

	private final Map<String, AtomicLong> ended = new ConcurrentHashMap<>();

	private final Object monitor = new Object();

	private volatile boolean ending;

	/**
	 * Register an open stream.
	 * @param kind its kind, such as {@link #SSE}
	 * @param ender what ends it cleanly (a last message, then a clean end or close); runs
	 * at most once, on the thread that ends the streams
	 * @return the stream, to {@link Stream#closed() report} its end
	 */
	public Stream register(String kind, Runnable ender) {
		Assert.hasText(kind, "'kind' must not be empty");
		Assert.notNull(ender, "'ender' must not be null");
		Stream stream = new Stream(kind, ender);
		this.open.add(stream);
		if (this.ending) {
			// Opened after the streams were ended: it would hold the server's shutdown.
			stream.end();
		}
		return stream;
	}

	/**
	 * Return the number of open streams of a kind.
	 * @param kind the kind
	 * @return the count
	 */
	public long open(String kind) {
		return this.open.stream().filter((stream) -> stream.kind.equals(kind)).count();
	}

	/**
	 * Return the number of streams of a kind that the shutdown has ended.
	 * @param kind the kind
	 * @return the count
	 */
	public long ended(String kind) {
		AtomicLong count = this.ended.get(kind);
		return (count != null) ? count.get() : 0;
	}

	/**
	 * Wait until every stream has closed by itself or the time is up.
	 * @param timeout the longest time to wait
	 * @return whether none is open
	 */
	public boolean awaitNone(Duration timeout) {
		long end = System.nanoTime() + timeout.toNanos();
		synchronized (this.monitor) {
			while (!this.open.isEmpty()) {
				long left = end - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				try {
					TimeUnit.NANOSECONDS.timedWait(this.monitor, left);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return this.open.isEmpty();
				}
			}
			return true;
		}
	}

	/**
	 * End every open stream, and from now on every stream that is registered. Each one is
	 * ended on a daemon thread of its own, since its last message is a blocking write
	 * that a client that stopped reading could hold: the caller waits for the ends only
	 * up to the given time.
	 * @param wait the longest time to wait for the streams to be ended
	 * @return the number of streams ended
	 */
	public int endAll(Duration wait) {
		this.ending = true;
		List<Thread> threads = new ArrayList<>();
		for (Stream stream : new ArrayList<>(this.open)) {
			if (stream.endStarted.compareAndSet(false, true)) {
				Thread thread = new Thread(stream::runEnder, "graceful-shutdown-stream-end");
				thread.setDaemon(true);
				thread.start();
				threads.add(thread);
			}
		}
		long end = System.nanoTime() + wait.toNanos();
		for (Thread thread : threads) {
			long left = end - System.nanoTime();
			try {
				if (left > 0) {
					TimeUnit.NANOSECONDS.timedJoin(thread, left);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		return threads.size();
	}

	/**
	 * One open stream.
	 */
	public final class Stream {

		private final String kind;

		private final Runnable ender;

		private final AtomicBoolean endStarted = new AtomicBoolean();

		Stream(String kind, Runnable ender) {
			this.kind = kind;
			this.ender = ender;
		}

		/**
		 * Return whether the shutdown has started to end this stream.
		 * @return whether it is being ended or was ended
		 */
		public boolean isEnding() {
			return this.endStarted.get();
		}

		/**
		 * Report that the stream closed, by itself or because it was ended.
		 */
		public void closed() {
			if (OpenStreams.this.open.remove(this) && OpenStreams.this.open.isEmpty()) {
				synchronized (OpenStreams.this.monitor) {
					OpenStreams.this.monitor.notifyAll();
				}
			}
		}

		void end() {
			if (this.endStarted.compareAndSet(false, true)) {
				runEnder();
			}
		}

		private void runEnder() {
			OpenStreams.this.ended.computeIfAbsent(this.kind, (key) -> new AtomicLong()).incrementAndGet();
			try {
				this.ender.run();
			}
			catch (RuntimeException ex) {
				logger.debug("Ending a " + this.kind + " stream failed", ex);
				closed();
			}
		}

	}

}
