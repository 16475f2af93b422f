package dev.gracefulshutdown.autoconfigure;

import java.util.List;

import dev.gracefulshutdown.core.internal.InFlightTracker;
import dev.gracefulshutdown.web.reactive.InFlightWebFilter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the reactive drain of {@link GracefulShutdownAutoConfiguration}.
 */
class ReactiveDrainAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner contextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GracefulShutdownAutoConfiguration.class))
		.withPropertyValues("graceful-shutdown.signals.enabled=false");

	@Test
	void reactiveWebAppGetsTheInFlightWebFilterOnTheContextsTracker() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(InFlightWebFilter.class);
			assertThat(context.getBean(InFlightWebFilter.class).getOrder()).isEqualTo(Integer.MIN_VALUE);
			InFlightTracker tracker = context.getBean(InFlightTracker.class);
			tracker.startDrain();
			context.getBean(InFlightWebFilter.class)
				.filter(MockServerWebExchange.from(MockServerHttpRequest.get("/hello")),
						(exchange) -> exchange.getResponse().setComplete())
				.block();
			assertThat(tracker.acceptedDuringDrain()).isOne();
			assertThat(tracker.inFlight()).isZero();
		});
	}

	@Test
	void reactiveWebAppTreatsTheConfiguredProbePathsAsProbes() {
		this.contextRunner.withPropertyValues("graceful-shutdown.drain.probe-paths=/ping").run((context) -> {
			InFlightTracker tracker = context.getBean(InFlightTracker.class);
			tracker.startDrain();
			context.getBean(InFlightWebFilter.class)
				.filter(MockServerWebExchange.from(MockServerHttpRequest.get("/ping")),
						(exchange) -> exchange.getResponse().setComplete())
				.block();
			assertThat(tracker.acceptedDuringDrain()).isZero();
		});
	}

	@Test
	void whenUserDefinesTheWebFilterThenAutoConfigurationBacksOff() {
		InFlightWebFilter userFilter = new InFlightWebFilter(new InFlightTracker(), false, List.of());
		this.contextRunner.withBean(InFlightWebFilter.class, () -> userFilter)
			.run((context) -> assertThat(context).getBean(InFlightWebFilter.class).isSameAs(userFilter));
	}

	@Test
	void withoutSpringWebFluxThereIsNoWebFilter() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(WebFilter.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(InFlightWebFilter.class));
	}

	@Test
	void servletWebAppGetsNoWebFilter() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(GracefulShutdownAutoConfiguration.class))
			.withPropertyValues("graceful-shutdown.signals.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(InFlightWebFilter.class)
				.hasBean("gracefulShutdownInFlightRequestFilter"));
	}

}
