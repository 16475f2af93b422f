package dev.gracefulshutdown.metrics;

import java.util.function.ToLongFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.util.Assert;

/**
 * The count of long-lived connections that the shutdown ended
 * ({@link ShutdownMetricNames#STREAMS_ENDED}), by kind, read from the starter's record of
 * open streams when a registry asks: nothing is added to the streams' path.
 */
public final class StreamsEndedMetrics implements MeterBinder {

	private final ToLongFunction<String> endedByKind;

	/**
	 * Create a new binder.
	 * @param endedByKind the number of streams of a kind (such as {@code sse}) that the
	 * shutdown ended
	 */
	public StreamsEndedMetrics(ToLongFunction<String> endedByKind) {
		Assert.notNull(endedByKind, "'endedByKind' must not be null");
		this.endedByKind = endedByKind;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (String kind : ShutdownMetricNames.STREAM_KINDS) {
			FunctionCounter
				.builder(ShutdownMetricNames.STREAMS_ENDED, this.endedByKind, (ended) -> ended.applyAsLong(kind))
				.description("Long-lived connections (event streams, WebSocket sessions) that the shutdown ended")
				.tag("kind", kind)
				.register(registry);
		}
	}

}
