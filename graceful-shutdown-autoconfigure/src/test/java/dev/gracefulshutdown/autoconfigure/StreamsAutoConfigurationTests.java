package dev.gracefulshutdown.autoconfigure;

import java.time.Duration;

import dev.gracefulshutdown.core.internal.OpenStreams;
import dev.gracefulshutdown.core.internal.StreamsEnding;
import dev.gracefulshutdown.web.reactive.ReactorNettyQuietPeriod;
import dev.gracefulshutdown.web.reactive.WebSocketSessionsEnding;
import dev.gracefulshutdown.web.servlet.ServletWebSocketSessionsEnding;
import dev.gracefulshutdown.web.servlet.SseEmitterEnding;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the streams and Reactor Netty parts of
 * {@link GracefulShutdownAutoConfiguration}.
 */
class StreamsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GracefulShutdownAutoConfiguration.class))
		.withPropertyValues("graceful-shutdown.signals.enabled=false");

	@Test
	void streamsAreEndedWithTheDrainByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(OpenStreams.class).hasSingleBean(StreamsEnding.class);
			assertThat(context.getBean(StreamsEnding.class)).extracting("gracePeriod").isEqualTo(Duration.ZERO);
		});
	}

	@Test
	void gracePeriodIsConfigurable() {
		this.contextRunner.withPropertyValues("graceful-shutdown.streams.grace-period=4s")
			.run((context) -> assertThat(context.getBean(StreamsEnding.class)).extracting("gracePeriod")
				.isEqualTo(Duration.ofSeconds(4)));
	}

	@Test
	void negativeGracePeriodFailsStartup() {
		this.contextRunner.withPropertyValues("graceful-shutdown.streams.grace-period=-1s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("graceful-shutdown.streams.grace-period"));
	}

	@Test
	void whenStreamsAreDisabledNothingEndsThem() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(GracefulShutdownAutoConfiguration.class))
			.withPropertyValues("graceful-shutdown.signals.enabled=false", "graceful-shutdown.streams.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(StreamsEnding.class)
				.doesNotHaveBean(SseEmitterEnding.class));
	}

	@Test
	void servletAppWithSpringMvcEndsEmittersThroughTheEmitter() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(GracefulShutdownAutoConfiguration.class))
			.withPropertyValues("graceful-shutdown.signals.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(SseEmitterEnding.class));
	}

	@Test
	void servletAppEndsSpringWebSocketSessionsUnlessStreamsAreDisabled() {
		WebApplicationContextRunner servlet = new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(GracefulShutdownAutoConfiguration.class))
			.withPropertyValues("graceful-shutdown.signals.enabled=false");
		servlet.run((context) -> assertThat(context).hasSingleBean(ServletWebSocketSessionsEnding.class));
		servlet.withPropertyValues("graceful-shutdown.streams.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ServletWebSocketSessionsEnding.class));
	}

	@Test
	void servletAppWithoutSpringWebSocketHasNoWebSocketEnding() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(GracefulShutdownAutoConfiguration.class))
			.withPropertyValues("graceful-shutdown.signals.enabled=false")
			.withClassLoader(new FilteredClassLoader("org.springframework.web.socket"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(ServletWebSocketSessionsEnding.class)
				.hasSingleBean(SseEmitterEnding.class));
	}

	@Test
	void reactiveAppEndsWebSocketSessionsUnlessStreamsAreDisabled() {
		ReactiveWebApplicationContextRunner reactive = new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(GracefulShutdownAutoConfiguration.class))
			.withPropertyValues("graceful-shutdown.signals.enabled=false");
		reactive.run((context) -> assertThat(context).hasSingleBean(WebSocketSessionsEnding.class));
		reactive.withPropertyValues("graceful-shutdown.streams.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WebSocketSessionsEnding.class));
	}

	@Test
	void reactorNettyGetsTheShortQuietPeriodWhenBootsPropertyIsNotSet() {
		this.contextRunner.withBean(ReactorResourceFactory.class)
			.run((context) -> assertThat(quietPeriod(context.getBean(ReactorResourceFactory.class)))
				.isEqualTo(Duration.ofMillis(100)));
	}

	@Test
	void reactorNettyQuietPeriodIsConfigurable() {
		this.contextRunner.withBean(ReactorResourceFactory.class)
			.withPropertyValues("graceful-shutdown.reactor-netty.shutdown-quiet-period=0s")
			.run((context) -> assertThat(quietPeriod(context.getBean(ReactorResourceFactory.class)))
				.isEqualTo(Duration.ZERO));
	}

	@Test
	void whenBootsQuietPeriodIsSetTheStarterLeavesReactorNettyAlone() {
		this.contextRunner.withBean(ReactorResourceFactory.class)
			.withPropertyValues("spring.reactor.netty.shutdown-quiet-period=1500ms")
			.run((context) -> assertThat(quietPeriod(context.getBean(ReactorResourceFactory.class)))
				.isEqualTo(Duration.ofSeconds(2)));
	}

	@Test
	void negativeReactorNettyQuietPeriodFailsStartup() {
		this.contextRunner.withPropertyValues("graceful-shutdown.reactor-netty.shutdown-quiet-period=-1ms")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("graceful-shutdown.reactor-netty.shutdown-quiet-period"));
	}

	@Test
	void withoutReactorNettyThereIsNoQuietPeriodPostProcessor() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("reactor.netty"))
			.run((context) -> assertThat(context).doesNotHaveBean(ReactorNettyQuietPeriod.class));
	}

	private static Duration quietPeriod(ReactorResourceFactory factory) {
		return (Duration) ReflectionTestUtils.getField(factory, "shutdownQuietPeriod");
	}

}
