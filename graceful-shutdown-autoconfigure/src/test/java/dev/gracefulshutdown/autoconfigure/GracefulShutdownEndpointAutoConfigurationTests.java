package dev.gracefulshutdown.autoconfigure;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.gracefulshutdown.GracefulShutdown;
import dev.gracefulshutdown.InFlightWork;
import dev.gracefulshutdown.Lease;
import dev.gracefulshutdown.Registration;
import dev.gracefulshutdown.ShutdownHandle;
import dev.gracefulshutdown.ShutdownRequest;
import dev.gracefulshutdown.ShutdownStage;
import dev.gracefulshutdown.ShutdownState;
import dev.gracefulshutdown.ShutdownSignal;
import dev.gracefulshutdown.ShutdownStatus;
import dev.gracefulshutdown.actuate.GracefulShutdownEndpoint;
import dev.gracefulshutdown.actuate.GracefulShutdownEndpointPathMapper;
import dev.gracefulshutdown.actuate.ShutdownReportWithDetails;
import dev.gracefulshutdown.core.internal.DefaultGracefulShutdown;
import dev.gracefulshutdown.core.internal.ShutdownCoordinator;
import dev.gracefulshutdown.report.LastShutdownReport;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.json.JsonWriter;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link GracefulShutdownEndpointAutoConfiguration} and the
 * {@link GracefulShutdown} bean of {@link GracefulShutdownAutoConfiguration}.
 */
class GracefulShutdownEndpointAutoConfigurationTests {

	// Upper case: unlike SpringApplication, the runner's environment converts enums
	// strictly.
	private static final String[] ENDPOINT_ON = { "management.endpoints.web.exposure.include=shutdown-graceful",
			"management.endpoint.shutdown-graceful.access=UNRESTRICTED" };

	private static final Supplier<LastShutdownReport> LAST = () -> LastShutdownReport
		.of(ShutdownReportWithDetails.report());

	private static final String MASK = ShutdownReportWithDetails.MASK;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GracefulShutdownAutoConfiguration.class,
				GracefulShutdownEndpointAutoConfiguration.class))
		.withPropertyValues("graceful-shutdown.signals.enabled=false");

	@Test
	void gracefulShutdownIsConfiguredByDefault() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(GracefulShutdown.class)
			.getBean(GracefulShutdown.class)
			.isInstanceOf(DefaultGracefulShutdown.class));
	}

	@Test
	void whenUserDefinesGracefulShutdownThenAutoConfigurationBacksOff() {
		this.contextRunner.withUserConfiguration(UserGracefulShutdownConfiguration.class)
			.withPropertyValues(ENDPOINT_ON)
			.run((context) -> {
				assertThat(context).hasSingleBean(GracefulShutdown.class);
				assertThat(context).doesNotHaveBean(DefaultGracefulShutdown.class);
				assertThat(context).getBean(GracefulShutdown.class).isInstanceOf(StoppingGracefulShutdown.class);
				// The endpoint uses the user's bean.
				Map<String, Object> status = context.getBean(GracefulShutdownEndpoint.class).status();
				assertThat(status).containsEntry("state", "STOPPING").containsEntry("stage", "RELEASE");
			});
	}

	@Test
	void endpointIsNotConfiguredByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(GracefulShutdown.class);
			assertThat(context).doesNotHaveBean(GracefulShutdownEndpoint.class);
			assertThat(context).doesNotHaveBean(GracefulShutdownEndpointPathMapper.class);
		});
	}

	@Test
	void endpointIsNotConfiguredWhenOnlyExposed() {
		this.contextRunner.withPropertyValues(ENDPOINT_ON[0])
			.run((context) -> assertThat(context).doesNotHaveBean(GracefulShutdownEndpoint.class));
	}

	@Test
	void endpointIsConfiguredWhenExposedWithAccess() {
		this.contextRunner.withPropertyValues(ENDPOINT_ON).run((context) -> {
			assertThat(context).hasSingleBean(GracefulShutdownEndpoint.class);
			assertThat(context).hasSingleBean(GracefulShutdownEndpointPathMapper.class);
			assertThat(context.getBean(GracefulShutdownEndpoint.class).status()).containsEntry("state", "RUNNING");
		});
	}

	@Test
	void endpointIsConfiguredWithReadOnlyAccess() {
		this.contextRunner.withPropertyValues(ENDPOINT_ON[0], "management.endpoint.shutdown-graceful.access=READ_ONLY")
			.run((context) -> assertThat(context).hasSingleBean(GracefulShutdownEndpoint.class));
	}

	@Test
	void withoutActuatorTheEndpointBacksOffAndTheApiStays() {
		this.contextRunner.withPropertyValues(ENDPOINT_ON)
			.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(GracefulShutdown.class);
				assertThat(context).hasSingleBean(ShutdownCoordinator.class);
				assertThat(context).doesNotHaveBean(GracefulShutdownEndpoint.class);
				assertThat(context).doesNotHaveBean(GracefulShutdownEndpointPathMapper.class);
			});
	}

	@Test
	void whenDisabledTheEndpointBacksOff() {
		this.contextRunner.withPropertyValues(ENDPOINT_ON)
			.withPropertyValues("graceful-shutdown.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(GracefulShutdown.class);
				assertThat(context).doesNotHaveBean(GracefulShutdownEndpoint.class);
				assertThat(context).doesNotHaveBean(GracefulShutdownEndpointPathMapper.class);
			});
	}

	@Test
	void whenUserDefinesTheEndpointThenAutoConfigurationBacksOff() {
		this.contextRunner.withPropertyValues(ENDPOINT_ON)
			.withUserConfiguration(UserEndpointConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(GracefulShutdownEndpoint.class)
				.getBean(GracefulShutdownEndpoint.class)
				.isSameAs(context.getBean("userEndpoint")));
	}

	@Test
	void endpointIsMappedToItsDashedPathUnlessTheUserMapsIt() {
		WebApplicationContextRunner runner = new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(GracefulShutdownAutoConfiguration.class,
					GracefulShutdownEndpointAutoConfiguration.class, EndpointAutoConfiguration.class,
					WebEndpointAutoConfiguration.class))
			.withPropertyValues("graceful-shutdown.signals.enabled=false")
			.withPropertyValues(ENDPOINT_ON);
		runner.run((context) -> assertThat(
				context.getBean(PathMappedEndpoints.class).getPath(EndpointId.of(GracefulShutdownEndpoint.ID)))
			.isEqualTo("/actuator/shutdown-graceful"));
		runner.withPropertyValues("management.endpoints.web.path-mapping.shutdowngraceful=stop-now")
			.run((context) -> assertThat(
					context.getBean(PathMappedEndpoints.class).getPath(EndpointId.of(GracefulShutdownEndpoint.ID)))
				.isEqualTo("/actuator/stop-now"));
	}

	@Test
	void lastShutdownDetailsAreHiddenByDefaultEvenFromAnAuthenticatedUser() {
		this.contextRunner.withPropertyValues(ENDPOINT_ON).withBean(LastShutdownReport.class, LAST).run((context) -> {
			GracefulShutdownEndpointProperties properties = context.getBean(GracefulShutdownEndpointProperties.class);
			assertThat(properties.getShowDetails()).isEqualTo(Show.NEVER);
			assertDetailsHidden(lastShutdown(context, SecurityContext.NONE));
			assertDetailsHidden(lastShutdown(context, ShutdownReportWithDetails.user("ADMIN")));
			assertDetailsHidden(context.getBean(GracefulShutdownEndpoint.class).status());
		});
	}

	@Test
	void lastShutdownDetailsAreShownToEveryoneWhenAlways() {
		this.contextRunner.withPropertyValues(ENDPOINT_ON)
			.withPropertyValues("management.endpoint.shutdown-graceful.show-details=ALWAYS")
			.withBean(LastShutdownReport.class, LAST)
			.run((context) -> assertDetailsShown(lastShutdown(context, SecurityContext.NONE)));
	}

	@Test
	void lastShutdownDetailsAreShownToAnyAuthenticatedUserWhenAuthorizedWithoutRoles() {
		this.contextRunner.withPropertyValues(ENDPOINT_ON)
			.withPropertyValues("management.endpoint.shutdown-graceful.show-details=WHEN_AUTHORIZED")
			.withBean(LastShutdownReport.class, LAST)
			.run((context) -> {
				assertDetailsShown(lastShutdown(context, ShutdownReportWithDetails.user()));
				assertDetailsHidden(lastShutdown(context, SecurityContext.NONE));
			});
	}

	@Test
	void lastShutdownDetailsAreShownOnlyToAUserWithOneOfTheRolesWhenAuthorizedWithRoles() {
		// The key as the IDE offers it (the endpoint id without a dash) binds too.
		this.contextRunner.withPropertyValues(ENDPOINT_ON)
			.withPropertyValues("management.endpoint.shutdowngraceful.show-details=WHEN_AUTHORIZED",
					"management.endpoint.shutdowngraceful.roles=OPERATOR,SRE")
			.withBean(LastShutdownReport.class, LAST)
			.run((context) -> {
				assertThat(context.getBean(GracefulShutdownEndpointProperties.class).getRoles())
					.containsExactly("OPERATOR", "SRE");
				assertDetailsShown(lastShutdown(context, ShutdownReportWithDetails.user("SRE")));
				assertDetailsHidden(lastShutdown(context, ShutdownReportWithDetails.user("DEVELOPER")));
				assertDetailsHidden(lastShutdown(context, SecurityContext.NONE));
			});
	}

	@Test
	void trustedOriginsAreBound() {
		this.contextRunner.withPropertyValues(ENDPOINT_ON)
			.withPropertyValues(
					"management.endpoint.shutdown-graceful.trusted-origins=https://admin.example.com,http://localhost:3000")
			.run((context) -> assertThat(context.getBean(GracefulShutdownEndpointProperties.class).getTrustedOrigins())
				.containsExactly("https://admin.example.com", "http://localhost:3000"));
	}

	@Test
	void trustedOriginThatIsNotAnOriginIsRefusedNamingTheKey() {
		GracefulShutdownEndpointProperties properties = new GracefulShutdownEndpointProperties();
		properties.getTrustedOrigins().add("https://admin.example.com/ops");
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(properties::crossOriginCheck)
			.satisfies((ex) -> {
				assertThat(ex.getName()).isEqualTo("management.endpoint.shutdown-graceful.trusted-origins");
				assertThat(ex.getValue()).isEqualTo("https://admin.example.com/ops");
				assertThat(ex.getReason()).contains("an origin has no path", "scheme://host[:port]");
			});
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> lastShutdown(ApplicationContext context, SecurityContext securityContext) {
		Map<String, Object> status = context.getBean(GracefulShutdownEndpoint.class).status(securityContext);
		assertThat(status).containsKey("lastShutdown");
		return (Map<String, Object>) status.get("lastShutdown");
	}

	@SuppressWarnings("unchecked")
	private static void assertDetailsHidden(Map<String, Object> lastShutdownOrStatus) {
		Map<String, Object> last = lastShutdownOrStatus.containsKey("lastShutdown")
				? (Map<String, Object>) lastShutdownOrStatus.get("lastShutdown") : lastShutdownOrStatus;
		String json = JsonWriter.standard().writeToString(last);
		assertThat(json).doesNotContain(ShutdownReportWithDetails.DETAIL, ShutdownReportWithDetails.FAILURE,
				ShutdownReportWithDetails.COMMAND, ShutdownReportWithDetails.STRAGGLERS.get(0),
				ShutdownReportWithDetails.STRAGGLERS.get(1), "s3cr3t", "vault.internal", "db-7");
		assertThat(last).containsEntry("detail", MASK);
		List<Map<String, Object>> hooks = (List<Map<String, Object>>) last.get("hooks");
		assertThat(hooks.get(0)).containsEntry("name", "auditLog.flush")
			.containsEntry("outcome", "FAILED")
			.containsEntry("failure", MASK);
		assertThat(hooks.get(1)).containsEntry("outcome", "COMPLETED").doesNotContainKey("failure");
		assertThat((List<Object>) last.get("stragglers")).containsExactly(MASK, MASK);
		assertThat((List<Map<String, Object>>) last.get("childProcesses")).singleElement()
			.satisfies((child) -> assertThat(child).containsEntry("pid", 4242L)
				.containsEntry("command", MASK)
				.containsEntry("outcome", "KILLED"));
		// What says how the shutdown went stays.
		assertThat(last).containsEntry("reason", "ERROR")
			.containsEntry("origin", "worker 'billing'")
			.containsEntry("outcome", "TIMED_OUT")
			.containsEntry("exitCode", 70)
			.containsEntry("durationMillis", 4321L);
	}

	@SuppressWarnings("unchecked")
	private static void assertDetailsShown(Map<String, Object> last) {
		assertThat(last).containsEntry("detail", ShutdownReportWithDetails.DETAIL);
		assertThat(((List<Map<String, Object>>) last.get("hooks")).get(0)).containsEntry("failure",
				ShutdownReportWithDetails.FAILURE);
		assertThat((List<Object>) last.get("stragglers"))
			.containsExactlyElementsOf(ShutdownReportWithDetails.STRAGGLERS);
		assertThat((List<Map<String, Object>>) last.get("childProcesses")).singleElement()
			.satisfies((child) -> assertThat(child).containsEntry("command", ShutdownReportWithDetails.COMMAND));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserGracefulShutdownConfiguration {

		@Bean
		StoppingGracefulShutdown userGracefulShutdown() {
			return new StoppingGracefulShutdown();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserEndpointConfiguration {

		@Bean
		GracefulShutdownEndpoint userEndpoint(GracefulShutdown gracefulShutdown) {
			return new GracefulShutdownEndpoint(gracefulShutdown, LastShutdownReport.none(), () -> "/actuator/mine",
					Show.NEVER, Set.of());
		}

	}

	/**
	 * A user's {@link GracefulShutdown} that says it is stopping and starts nothing.
	 */
	static final class StoppingGracefulShutdown implements GracefulShutdown {

		@Override
		public ShutdownHandle requestShutdown(String reason) {
			throw new UnsupportedOperationException();
		}

		@Override
		public ShutdownHandle requestShutdown(String reason, int exitCode, List<String> finalMessages) {
			throw new UnsupportedOperationException();
		}

		@Override
		public ShutdownHandle requestShutdown(ShutdownRequest request) {
			throw new UnsupportedOperationException();
		}

		@Override
		public boolean isShuttingDown() {
			return true;
		}

		@Override
		public ShutdownStatus status() {
			return new ShutdownStatus("user", ShutdownState.STOPPING, ShutdownStage.RELEASE, null, null, null, null,
					null, 0, null, null);
		}

		@Override
		public Runnable shutdownOnError(String name, Runnable work, Consumer<Throwable> onError) {
			return work;
		}

		@Override
		public <T> Callable<T> shutdownOnError(String name, Callable<T> work, Consumer<Throwable> onError) {
			return work;
		}

		@Override
		public ShutdownSignal signal() {
			throw new UnsupportedOperationException();
		}

		@Override
		public Lease acquireLease(String name) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Lease acquireLease(String name, Supplier<? extends @Nullable String> progress) {
			throw new UnsupportedOperationException();
		}

		@Override
		public InFlightWork startWork() {
			throw new UnsupportedOperationException();
		}

		@Override
		public Registration registerWorker(String name, Thread thread) {
			throw new UnsupportedOperationException();
		}

	}

}
