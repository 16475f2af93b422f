package dev.gracefulshutdown.metrics;

import java.util.function.LongSupplier;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.util.Assert;

/**
 * The count of message listener containers of one kind that the drain stopped
 * ({@link ShutdownMetricNames#LISTENERS_STOPPED}), read from the drain when a registry
 * asks: nothing is added to the listeners' path.
 */
public final class ListenersStoppedMetrics implements MeterBinder {

	private final String kind;

	private final LongSupplier stopped;

	/**
	 * Create a new binder.
	 * @param kind the value of the {@code kind} tag, such as {@code kafka}
	 * @param stopped the number of containers of that kind that the drain stopped
	 */
	public ListenersStoppedMetrics(String kind, LongSupplier stopped) {
		Assert.hasText(kind, "'kind' must not be empty");
		Assert.notNull(stopped, "'stopped' must not be null");
		this.kind = kind;
		this.stopped = stopped;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		FunctionCounter.builder(ShutdownMetricNames.LISTENERS_STOPPED, this.stopped, LongSupplier::getAsLong)
			.description("Message listener containers that the drain stopped once their work in progress was done")
			.tag("kind", this.kind)
			.register(registry);
	}

}
