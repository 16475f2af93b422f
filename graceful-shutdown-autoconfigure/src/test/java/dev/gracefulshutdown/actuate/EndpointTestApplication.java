package dev.gracefulshutdown.actuate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.gracefulshutdown.GracefulShutdown;
import dev.gracefulshutdown.ShutdownState;
import dev.gracefulshutdown.core.ProcessExit;
import dev.gracefulshutdown.core.internal.ShutdownCoordinator;
import dev.gracefulshutdown.testsupport.RecordingProcessExit;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real application on a random port, with the starter, Spring MVC and the actuator, and
 * a {@link ProcessExit} that records instead of ending the JVM. A {@code POST} to the
 * endpoint closes its context, so every test that starts a shutdown needs one of its own.
 */
final class EndpointTestApplication implements AutoCloseable {

	static final Duration UPPER_BOUND = Duration.ofSeconds(30);

	static final String ENDPOINT = "/actuator/shutdown-graceful";

	static final String JSON = "application/json";

	static final String EXPOSE = "management.endpoints.web.exposure.include=shutdown-graceful";

	static final String UNRESTRICTED = "management.endpoint.shutdown-graceful.access=unrestricted";

	// The coordinator's watchdog thread (package-private in core).
	private static final String WATCHDOG_THREAD = "graceful-shutdown-watchdog";

	private static final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(UPPER_BOUND)
		.build();

	private final ConfigurableApplicationContext context;

	private final int port;

	private final RecordingProcessExit processExit;

	private final HeldRequests heldRequests;

	private final ShutdownCoordinator coordinator;

	private final GracefulShutdown gracefulShutdown;

	private EndpointTestApplication(ConfigurableApplicationContext context) {
		this.context = context;
		this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
		this.processExit = context.getBean(RecordingProcessExit.class);
		this.heldRequests = context.getBean(HeldRequests.class);
		this.coordinator = context.getBean(ShutdownCoordinator.class);
		this.gracefulShutdown = context.getBean(GracefulShutdown.class);
	}

	/**
	 * Start an application with the endpoint exposed and its access unrestricted.
	 * @param properties further properties
	 * @return the running application
	 */
	static EndpointTestApplication startWithEndpoint(String... properties) {
		List<String> all = new ArrayList<>(List.of(EXPOSE, UNRESTRICTED));
		all.addAll(List.of(properties));
		return start(all.toArray(String[]::new));
	}

	/**
	 * Start an application with only the given properties on top of the test defaults.
	 * @param properties the properties
	 * @return the running application
	 */
	static EndpointTestApplication start(String... properties) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(Config.class)
			.properties("server.port=0", "spring.main.banner-mode=off", "graceful-shutdown.signals.enabled=false",
					"spring.main.cloud-platform=none")
			.properties(properties)
			.run();
		return new EndpointTestApplication(context);
	}

	HttpResponse<String> get(String path) {
		return get(this.port, path);
	}

	HttpResponse<String> get(int port, String path) {
		return send(HttpRequest.newBuilder(uri(port, path)).GET());
	}

	HttpResponse<String> post(String path, @Nullable String contentType, @Nullable String body) {
		return post(this.port, path, contentType, body);
	}

	HttpResponse<String> post(int port, String path, @Nullable String contentType, @Nullable String body) {
		return post(port, path, contentType, body, new String[0]);
	}

	/**
	 * Send a {@code POST}.
	 * @param port the port
	 * @param path the path
	 * @param contentType the {@code Content-Type}, if any
	 * @param body the body, if any
	 * @param headers further headers, as names and values
	 * @return the response
	 */
	HttpResponse<String> post(int port, String path, @Nullable String contentType, @Nullable String body,
			String... headers) {
		BodyPublisher publisher = (body != null) ? BodyPublishers.ofString(body) : BodyPublishers.noBody();
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(port, path)).POST(publisher);
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		if (headers.length > 0) {
			request.headers(headers);
		}
		return send(request);
	}

	/**
	 * Send a {@code GET} as a user with roles, whom {@link TestUserFilter} makes the
	 * request's principal.
	 * @param path the path
	 * @param roles the user's roles
	 * @return the response
	 */
	HttpResponse<String> getAsUser(String path, String... roles) {
		return send(HttpRequest.newBuilder(uri(path))
			.header(TestUserFilter.USER, "alice")
			.header(TestUserFilter.ROLES, String.join(",", roles))
			.GET());
	}

	int port() {
		return this.port;
	}

	HttpResponse<String> postJson(String body) {
		return post(ENDPOINT, JSON, body);
	}

	/**
	 * Send a {@code GET} to a handler that holds the request in flight until
	 * {@link HeldRequests#release()}, and wait until it is held.
	 * @return the response to come
	 */
	CompletableFuture<HttpResponse<String>> holdRequestInFlight() throws InterruptedException {
		CompletableFuture<HttpResponse<String>> response = client.sendAsync(
				HttpRequest.newBuilder(uri("/hold")).timeout(UPPER_BOUND).GET().build(), BodyHandlers.ofString());
		assertThat(this.heldRequests.entered.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS))
			.as("request held in flight")
			.isTrue();
		return response;
	}

	URI uri(String path) {
		return uri(this.port, path);
	}

	static URI uri(int port, String path) {
		return URI.create("http://localhost:" + port + path);
	}

	/**
	 * Return the port of the management server, when it has one of its own.
	 * @return the port
	 */
	int managementPort() {
		Integer managementPort = this.context.getEnvironment().getProperty("local.management.port", Integer.class);
		assertThat(managementPort).as("local.management.port").isNotNull();
		return managementPort;
	}

	static HttpClient client() {
		return client;
	}

	ConfigurableApplicationContext context() {
		return this.context;
	}

	RecordingProcessExit processExit() {
		return this.processExit;
	}

	HeldRequests heldRequests() {
		return this.heldRequests;
	}

	ShutdownCoordinator coordinator() {
		return this.coordinator;
	}

	GracefulShutdown gracefulShutdown() {
		return this.gracefulShutdown;
	}

	/**
	 * Assert that no shutdown has started: the application runs on and nothing ended the
	 * process.
	 */
	void assertNoShutdownStarted() {
		assertThat(this.gracefulShutdown.isShuttingDown()).as("shutting down").isFalse();
		assertThat(this.coordinator.state()).isEqualTo(ShutdownState.RUNNING);
		assertThat(this.coordinator.request()).isEmpty();
		assertThat(this.processExit.exits).isEmpty();
		assertThat(this.processExit.halts).isEmpty();
		assertThat(this.context.isActive()).isTrue();
	}

	/**
	 * Wait for the process exit that ends a requested shutdown, and for the sequence
	 * thread to end, so that no second exit can follow.
	 * @return the exit statuses recorded
	 */
	List<Integer> awaitExit() throws InterruptedException {
		assertThat(this.processExit.exited.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS)).as("exited").isTrue();
		awaitSequenceThreadsEnded();
		return this.processExit.exits;
	}

	@Override
	public void close() {
		this.heldRequests.release();
		if (this.context.isActive()) {
			this.context.close();
		}
		awaitSequenceThreadsEnded();
		// The recording exit returns where the real one never does: the watchdog armed
		// for the exit would fire into later tests.
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			if (WATCHDOG_THREAD.equals(thread.getName())) {
				thread.interrupt();
				await().atMost(UPPER_BOUND).until(() -> !thread.isAlive());
			}
		}
	}

	private static void awaitSequenceThreadsEnded() {
		await().atMost(UPPER_BOUND)
			.until(() -> Thread.getAllStackTraces()
				.keySet()
				.stream()
				.noneMatch((thread) -> "graceful-shutdown".equals(thread.getName())));
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return client.send(request.timeout(UPPER_BOUND).build(), BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(HoldController.class)
	static class Config {

		@Bean
		RecordingProcessExit recordingProcessExit() {
			return new RecordingProcessExit();
		}

		@Bean
		HeldRequests heldRequests() {
			return new HeldRequests();
		}

		@Bean
		TestUserFilter testUserFilter() {
			return new TestUserFilter();
		}

	}

	/**
	 * Makes the user named in a request header the request's principal, with the roles of
	 * another header, as Spring Security would after authenticating them: what Spring
	 * Boot's actuator hands an operation as its {@code SecurityContext} on Spring MVC.
	 */
	static final class TestUserFilter implements Filter {

		static final String USER = "X-Test-User";

		static final String ROLES = "X-Test-Roles";

		@Override
		public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
				throws IOException, ServletException {
			String user = ((HttpServletRequest) request).getHeader(USER);
			if (user == null) {
				chain.doFilter(request, response);
				return;
			}
			String roles = ((HttpServletRequest) request).getHeader(ROLES);
			Set<String> granted = (roles != null) ? Set.of(roles.split(",")) : Set.of();
			Principal principal = () -> user;
			chain.doFilter(new HttpServletRequestWrapper((HttpServletRequest) request) {

				@Override
				public Principal getUserPrincipal() {
					return principal;
				}

				@Override
				public boolean isUserInRole(String role) {
					return granted.contains(role);
				}

			}, response);
		}

	}

	/**
	 * Holds requests to {@code /hold} in flight until released.
	 */
	static final class HeldRequests {

		final CountDownLatch entered = new CountDownLatch(1);

		private final CountDownLatch released = new CountDownLatch(1);

		void release() {
			this.released.countDown();
		}

		boolean awaitRelease() throws InterruptedException {
			return this.released.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS);
		}

	}

	@RestController
	static class HoldController {

		private final HeldRequests heldRequests;

		HoldController(HeldRequests heldRequests) {
			this.heldRequests = heldRequests;
		}

		@GetMapping("/hold")
		String hold() throws InterruptedException {
			this.heldRequests.entered.countDown();
			return this.heldRequests.awaitRelease() ? "released" : "timed out";
		}

	}

}
