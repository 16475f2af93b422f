package dev.gracefulshutdown.web.reactive;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.util.Assert;

/**
 * Gives Reactor Netty's event loops a short quiet period when they shut down, in place of
 * Reactor Netty's 2 seconds, which made every WebFlux application on Netty exit 2 seconds
 * after its last request. Registered only when Spring Boot's
 * {@code spring.reactor.netty.shutdown-quiet-period} is not set, which then wins.
 * <p>
 * The loops shut down when the factory is destroyed, after the web server's graceful
 * shutdown and the executors: no request is in flight by then, and the quiet period only
 * lets tasks that are still being submitted run first.
 */
public final class ReactorNettyQuietPeriod implements BeanPostProcessor {

	private final @Nullable Duration quietPeriod;

	/**
	 * Create a new post-processor.
	 * @param quietPeriod the quiet period to use, or {@code null} to leave the factories
	 * as they are (Spring Boot's property is set)
	 */
	public ReactorNettyQuietPeriod(@Nullable Duration quietPeriod) {
		Assert.isTrue(quietPeriod == null || !quietPeriod.isNegative(), "'quietPeriod' must not be negative");
		this.quietPeriod = quietPeriod;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (this.quietPeriod != null && bean instanceof ReactorResourceFactory factory) {
			factory.setShutdownQuietPeriod(this.quietPeriod);
		}
		return bean;
	}

}
