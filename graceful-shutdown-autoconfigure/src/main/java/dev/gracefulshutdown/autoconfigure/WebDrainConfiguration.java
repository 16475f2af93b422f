package dev.gracefulshutdown.autoconfigure;

import dev.gracefulshutdown.core.internal.InFlightTracker;
import dev.gracefulshutdown.core.internal.OpenStreams;
import dev.gracefulshutdown.web.reactive.InFlightWebFilter;
import dev.gracefulshutdown.web.reactive.ReactorNettyQuietPeriod;
import dev.gracefulshutdown.web.reactive.WebSocketSessionsEnding;
import dev.gracefulshutdown.web.servlet.InFlightRequestFilter;
import dev.gracefulshutdown.web.servlet.ServletWebSocketSessionsEnding;
import dev.gracefulshutdown.web.servlet.SseEmitterEnding;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.reactive.socket.server.support.WebSocketHandlerAdapter;
import org.springframework.web.server.WebFilter;

/**
 * The web servers' part of the drain, imported by
 * {@link GracefulShutdownAutoConfiguration}: counting requests in flight on servlet and
 * reactive servers, ending open event streams and WebSocket sessions (WebFlux's and
 * Spring WebSocket's on servlet containers), and Reactor Netty's quiet period. Each part
 * is a nested configuration with its own conditions.
 */
@Configuration(proxyBeanMethods = false)
class WebDrainConfiguration {

	/**
	 * The drain of a reactive web server.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	@ConditionalOnClass(WebFilter.class)
	static class ReactiveDrainConfiguration {

		@Bean
		@ConditionalOnMissingBean
		InFlightWebFilter gracefulShutdownInFlightWebFilter(InFlightTracker inFlightTracker,
				GracefulShutdownProperties properties, Environment environment, OpenStreams streams) {
			return new InFlightWebFilter(inFlightTracker, properties.getDrain().isConnectionClose(),
					ProbePathDefaults.probePaths(properties, environment),
					properties.getStreams().isEnabled() ? streams : null);
		}

	}

	/**
	 * WebSocket sessions of a WebFlux application are closed with status 1001 at the end
	 * of the drain.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	@ConditionalOnClass(name = "org.springframework.web.reactive.socket.server.support.WebSocketHandlerAdapter")
	@ConditionalOnBooleanProperty(name = "graceful-shutdown.streams.enabled", matchIfMissing = true)
	static class ReactiveWebSocketConfiguration {

		@Bean
		@ConditionalOnMissingBean
		WebSocketSessionsEnding gracefulShutdownWebSocketSessionsEnding(OpenStreams streams,
				ObjectProvider<WebSocketHandlerAdapter> adapters) {
			return new WebSocketSessionsEnding(streams,
					SingletonSupplier.of(() -> adapters.getIfUnique(WebSocketHandlerAdapter::new)));
		}

	}

	/**
	 * Reactor Netty's event loops shut down with a short quiet period, unless Spring
	 * Boot's own property sets it.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(
			name = { "org.springframework.http.client.ReactorResourceFactory", "reactor.netty.http.HttpResources" })
	static class ReactorNettyConfiguration {

		private static final String BOOT_QUIET_PERIOD = "spring.reactor.netty.shutdown-quiet-period";

		@Bean
		static ReactorNettyQuietPeriod gracefulShutdownReactorNettyQuietPeriod(Environment environment) {
			if (environment.containsProperty(BOOT_QUIET_PERIOD)) {
				return new ReactorNettyQuietPeriod(null);
			}
			// Bound from the environment, since a post-processor is created before the
			// properties.
			GracefulShutdownProperties properties = Binder.get(environment)
				.bindOrCreate("graceful-shutdown", GracefulShutdownProperties.class);
			return new ReactorNettyQuietPeriod(ShutdownSettingsFactory.notNegative(
					"reactor-netty.shutdown-quiet-period", properties.getReactorNetty().getShutdownQuietPeriod()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass(Filter.class)
	static class ServletDrainConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "gracefulShutdownInFlightRequestFilter")
		FilterRegistrationBean<InFlightRequestFilter> gracefulShutdownInFlightRequestFilter(
				InFlightTracker inFlightTracker, GracefulShutdownProperties properties, Environment environment,
				OpenStreams streams) {
			InFlightRequestFilter filter = new InFlightRequestFilter(inFlightTracker,
					properties.getDrain().isConnectionClose(), ProbePathDefaults.probePaths(properties, environment),
					properties.getStreams().isEnabled() ? streams : null);
			FilterRegistrationBean<InFlightRequestFilter> registration = new FilterRegistrationBean<>(filter);
			registration.setName("gracefulShutdownInFlightRequestFilter");
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
			registration.setDispatcherTypes(DispatcherType.REQUEST);
			registration.setAsyncSupported(true);
			return registration;
		}

	}

	/**
	 * Spring MVC's {@code SseEmitter}s are ended through the emitter, so that a last
	 * comment never splits an event the application is sending.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass(name = "org.springframework.web.servlet.mvc.method.annotation.SseEmitter")
	@ConditionalOnBooleanProperty(name = "graceful-shutdown.streams.enabled", matchIfMissing = true)
	static class SseEmitterConfiguration {

		@Bean
		static SseEmitterEnding gracefulShutdownSseEmitterEnding() {
			return new SseEmitterEnding();
		}

	}

	/**
	 * WebSocket sessions of Spring WebSocket on a servlet container
	 * ({@code @EnableWebSocket}, STOMP) are closed with status 1001 at the end of the
	 * drain.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass(name = { "org.springframework.web.socket.server.support.WebSocketHttpRequestHandler",
			"org.springframework.web.servlet.HandlerAdapter" })
	@ConditionalOnBooleanProperty(name = "graceful-shutdown.streams.enabled", matchIfMissing = true)
	static class ServletWebSocketConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ServletWebSocketSessionsEnding gracefulShutdownServletWebSocketSessionsEnding(OpenStreams streams) {
			return new ServletWebSocketSessionsEnding(streams);
		}

	}

}
