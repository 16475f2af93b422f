package dev.gracefulshutdown.core.internal;

import java.time.Duration;
import java.util.function.Supplier;

import dev.gracefulshutdown.DrainFinishedEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationListener;
import org.springframework.util.Assert;

/**
 * Ends the {@link OpenStreams open streams} when the drain ends, after their grace
 * period, on the thread that closes the context and before the web server's graceful
 * shutdown: an open stream would otherwise hold that shutdown for its whole phase.
 * <p>
 * Internal, not API: public for the starter's auto-configuration.
 */
public final class StreamsEnding implements ApplicationListener<DrainFinishedEvent> {

	// The shutdown's lines keep the coordinator's category, which users set levels for.
	private static final Log logger = LogFactory.getLog(ShutdownCoordinator.class);

	/**
	 * The longest wait for the streams' last messages to be handed over, and then again
	 * for the streams to report that they are closed.
	 */
	private static final Duration HAND_OVER = Duration.ofSeconds(2);

	private final OpenStreams streams;

	private final Duration gracePeriod;

	private final Supplier<Duration> remaining;

	/**
	 * Create a new listener.
	 * @param streams the open streams
	 * @param gracePeriod how long streams may go on after the drain before they are ended
	 * @param remaining the time the deadline leaves
	 */
	public StreamsEnding(OpenStreams streams, Duration gracePeriod, Supplier<Duration> remaining) {
		Assert.notNull(streams, "'streams' must not be null");
		Assert.isTrue(!gracePeriod.isNegative(), "'gracePeriod' must not be negative");
		this.streams = streams;
		this.gracePeriod = gracePeriod;
		this.remaining = remaining;
	}

	@Override
	public void onApplicationEvent(DrainFinishedEvent event) {
		long open = this.streams.open(OpenStreams.SSE) + this.streams.open(OpenStreams.WEBSOCKET);
		if (open > 0 && !this.gracePeriod.isZero()) {
			Duration wait = min(this.gracePeriod, this.remaining.get());
			logger.info("Waiting up to " + Durations.format(wait) + " for " + open
					+ " open streams to end (graceful-shutdown.streams.grace-period)");
			this.streams.awaitNone(wait);
		}
		long sse = this.streams.ended(OpenStreams.SSE);
		long websocket = this.streams.ended(OpenStreams.WEBSOCKET);
		int ended = this.streams.endAll(min(HAND_OVER, this.remaining.get()));
		// Until a stream has closed, its end may still be on its way to the server (an
		// asynchronous dispatch in a servlet container): a server that stops meanwhile
		// would cut its last bytes.
		this.streams.awaitNone(min(HAND_OVER, this.remaining.get()));
		if (ended > 0) {
			logger.info("Ended " + ended + " open streams so that they do not hold the web server's shutdown:"
					+ " event streams " + (this.streams.ended(OpenStreams.SSE) - sse) + " (last comment ':shutdown'),"
					+ " WebSocket sessions " + (this.streams.ended(OpenStreams.WEBSOCKET) - websocket)
					+ " (close status 1001, going away)");
		}
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

}
