package dev.gracefulshutdown.autoconfigure;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.gracefulshutdown.ShutdownReason;
import dev.gracefulshutdown.ShutdownRequest;
import dev.gracefulshutdown.core.internal.BeansDestroyedMarker;
import dev.gracefulshutdown.core.internal.ContextClosingListener;
import dev.gracefulshutdown.core.internal.Deadline;
import dev.gracefulshutdown.core.internal.DefaultShutdownSignal;
import dev.gracefulshutdown.core.internal.DrainSettings;
import dev.gracefulshutdown.core.internal.ExitCodes;
import dev.gracefulshutdown.core.internal.InFlightTracker;
import dev.gracefulshutdown.core.internal.LeaseRegistry;
import dev.gracefulshutdown.core.internal.LifecycleStopRecorder;
import dev.gracefulshutdown.core.internal.PhasesCompletedMarker;
import dev.gracefulshutdown.core.ProcessExit;
import dev.gracefulshutdown.core.internal.ShutdownCoordinator;
import dev.gracefulshutdown.core.internal.ShutdownHookRunner;
import dev.gracefulshutdown.core.internal.ShutdownSettings;
import dev.gracefulshutdown.core.internal.WorkerRegistry;
import dev.gracefulshutdown.signal.RepeatedSignals;
import dev.gracefulshutdown.signal.SignalShutdownTrigger;
import dev.gracefulshutdown.web.servlet.InFlightRequestFilter;
import dev.gracefulshutdown.testsupport.RecordingProcessExit;
import jakarta.servlet.DispatcherType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.servlet.ServletWebServerFactory;
import org.springframework.boot.web.server.servlet.context.AnnotationConfigServletWebServerApplicationContext;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link GracefulShutdownAutoConfiguration}.
 */
class GracefulShutdownAutoConfigurationTests {

	private static final String SIGNALS_OFF = "graceful-shutdown.signals.enabled=false";

	private static final String FILTER_NAME = "gracefulShutdownInFlightRequestFilter";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GracefulShutdownAutoConfiguration.class))
		.withPropertyValues(SIGNALS_OFF);

	@Test
	void whenDisabledThenAutoConfigurationBacksOff() {
		servletWebAppRunner().withPropertyValues("graceful-shutdown.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(ShutdownCoordinator.class);
			assertThat(context).doesNotHaveBean(InFlightTracker.class);
			assertThat(context).doesNotHaveBean(ContextClosingListener.class);
			assertThat(context).doesNotHaveBean(BeansDestroyedMarker.class);
			assertThat(context).doesNotHaveBean(ProcessExit.class);
			assertThat(context).doesNotHaveBean(FILTER_NAME);
		});
	}

	@Test
	void whenDisabledThenInvalidValuesAreNotChecked() {
		this.contextRunner.withPropertyValues("graceful-shutdown.enabled=false", "graceful-shutdown.deadline=0s")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ShutdownCoordinator.class));
	}

	@Test
	void whenUserDefinesShutdownCoordinatorThenAutoConfigurationBacksOff() {
		this.contextRunner.withUserConfiguration(UserCoordinatorConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(ShutdownCoordinator.class);
			ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
			assertThat(context).getBean("userShutdownCoordinator").isSameAs(coordinator);
			assertThat(coordinator.settings().deadline()).isEqualTo(Duration.ofSeconds(7));
			assertThat(context).hasSingleBean(ContextClosingListener.class);
			context.close();
			assertThat(coordinator.request()).map(ShutdownRequest::reason).hasValue(ShutdownReason.CONTEXT_CLOSED);
		});
	}

	@Test
	void whenUserDefinesProcessExitThenAutoConfigurationBacksOff() {
		ProcessExit userProcessExit = new RecordingProcessExit();
		this.contextRunner.withBean(ProcessExit.class, () -> userProcessExit)
			.run((context) -> assertThat(context).getBean(ProcessExit.class).isSameAs(userProcessExit));
	}

	@Test
	void whenNoUserProcessExitThenTheRuntimeIsUsed() {
		this.contextRunner
			.run((context) -> assertThat(context).getBean(ProcessExit.class).isSameAs(ProcessExit.runtime()));
	}

	@Test
	void withoutWebServerTheCoordinatorAndItsListenersAreConfigured() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(ShutdownCoordinator.class);
			assertThat(context).hasSingleBean(InFlightTracker.class);
			assertThat(context).hasSingleBean(ContextClosingListener.class);
			assertThat(context).hasSingleBean(PhasesCompletedMarker.class);
			assertThat(context).hasSingleBean(BeansDestroyedMarker.class);
			assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
			assertThat(context).doesNotHaveBean(FILTER_NAME);
		});
	}

	@Test
	void withoutWebServerClosingTheContextRunsTheSequence() {
		this.contextRunner.run((context) -> {
			ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
			context.close();
			assertThat(coordinator.request()).map(ShutdownRequest::reason).hasValue(ShutdownReason.CONTEXT_CLOSED);
			assertThat(coordinator.awaitCompletion(Duration.ZERO)).isTrue();
		});
	}

	@Test
	void withoutServletApiTheCoordinatorIsStillConfigured() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("jakarta.servlet")).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(ShutdownCoordinator.class);
			assertThat(context).hasSingleBean(InFlightTracker.class);
			assertThat(context).hasSingleBean(ContextClosingListener.class);
			assertThat(context).doesNotHaveBean(FILTER_NAME);
		});
	}

	@Test
	void servletWebAppRegistersTheInFlightRequestFilterForRequestDispatchAtHighestPrecedence() {
		servletWebAppRunner().run((context) -> {
			assertThat(context).hasSingleBean(FilterRegistrationBean.class);
			FilterRegistrationBean<?> registration = context.getBean(FILTER_NAME, FilterRegistrationBean.class);
			assertThat(registration.getFilterName()).isEqualTo(FILTER_NAME);
			assertThat(registration.getFilter()).isInstanceOf(InFlightRequestFilter.class);
			assertThat(registration.getOrder()).isEqualTo(Ordered.HIGHEST_PRECEDENCE);
			assertThat(registration.determineDispatcherTypes()).isEqualTo(EnumSet.of(DispatcherType.REQUEST));
			assertThat(registration.isAsyncSupported()).isTrue();
		});
	}

	@Test
	void servletWebAppFilterCountsRequestsOnTheContextsTracker() {
		servletWebAppRunner().run((context) -> {
			InFlightTracker tracker = context.getBean(InFlightTracker.class);
			InFlightRequestFilter filter = (InFlightRequestFilter) context
				.getBean(FILTER_NAME, FilterRegistrationBean.class)
				.getFilter();
			AtomicLong inFlightDuringChain = new AtomicLong(-1);
			filter.doFilter(new MockHttpServletRequest(), new MockHttpServletResponse(),
					(request, response) -> inFlightDuringChain.set(tracker.inFlight()));
			assertThat(inFlightDuringChain).hasValue(1);
			assertThat(tracker.inFlight()).isZero();
		});
	}

	@Test
	void servletWebAppTreatsTheActuatorHealthEndpointAsAProbeByDefault() {
		servletWebAppRunner().run((context) -> {
			assertThat(isProbeDuringDrain(context, "/actuator/health")).isTrue();
			assertThat(isProbeDuringDrain(context, "/actuator/health/liveness")).isTrue();
			assertThat(isProbeDuringDrain(context, "/orders")).isFalse();
		});
	}

	@Test
	void servletWebAppFindsTheHealthEndpointUnderTheManagementBasePath() {
		servletWebAppRunner().withPropertyValues("management.endpoints.web.base-path=/manage").run((context) -> {
			assertThat(isProbeDuringDrain(context, "/manage/health")).isTrue();
			assertThat(isProbeDuringDrain(context, "/actuator/health")).isFalse();
		});
	}

	@Test
	void servletWebAppUsesTheConfiguredProbePaths() {
		servletWebAppRunner().withPropertyValues("graceful-shutdown.drain.probe-paths=/ping,/ready").run((context) -> {
			assertThat(isProbeDuringDrain(context, "/ping")).isTrue();
			assertThat(isProbeDuringDrain(context, "/ready")).isTrue();
			assertThat(isProbeDuringDrain(context, "/actuator/health")).isFalse();
		});
	}

	@Test
	void whenUserDefinesTheFilterRegistrationThenAutoConfigurationBacksOff() {
		servletWebAppRunner().withUserConfiguration(UserFilterConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(FilterRegistrationBean.class);
			assertThat(context.getBean(FILTER_NAME, FilterRegistrationBean.class).getOrder()).isEqualTo(42);
		});
	}

	@Test
	void whenSignalsAreDisabledThenNoSignalTrigger() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ShutdownCoordinator.class);
			assertThat(context).doesNotHaveBean(SignalShutdownTrigger.class);
		});
	}

	@Test
	void whenSignalsAreEnabledThenTheTriggerHandlesThemUntilTheContextIsClosed() {
		// No signal is delivered: the handler is only inspected, and put back at once.
		String handlerBefore = currentHandlerType("TERM");
		this.contextRunner.withPropertyValues("graceful-shutdown.signals.enabled=true").run((context) -> {
			assertThat(context).hasSingleBean(SignalShutdownTrigger.class);
			assertThat(currentHandlerType("TERM")).startsWith(SignalShutdownTrigger.class.getName());
			context.close();
			assertThat(currentHandlerType("TERM")).isEqualTo(handlerBefore);
		});
		assertThat(currentHandlerType("TERM")).isEqualTo(handlerBefore);
	}

	@Test
	void negativeMaxDelayFailsStartupNamingTheKey() {
		this.contextRunner.withPropertyValues("graceful-shutdown.drain.max-delay=-1s")
			.run((context) -> assertInvalidProperty(context.getStartupFailure(), "graceful-shutdown.drain.max-delay"));
	}

	@Test
	void negativeQuietPeriodFailsStartupNamingTheKey() {
		this.contextRunner.withPropertyValues("graceful-shutdown.drain.quiet-period=-1s")
			.run((context) -> assertInvalidProperty(context.getStartupFailure(),
					"graceful-shutdown.drain.quiet-period"));
	}

	@Test
	void minDelayAboveMaxDelayFailsStartupNamingTheKey() {
		this.contextRunner
			.withPropertyValues("graceful-shutdown.drain.min-delay=10s", "graceful-shutdown.drain.max-delay=5s")
			.run((context) -> assertInvalidProperty(context.getStartupFailure(), "graceful-shutdown.drain.min-delay"));
	}

	@Test
	void minDelayNotBelowDeadlineFailsStartupNamingTheKey() {
		this.contextRunner
			.withPropertyValues("graceful-shutdown.drain.min-delay=10s", "graceful-shutdown.drain.max-delay=20s",
					"graceful-shutdown.deadline=10s")
			.run((context) -> assertInvalidProperty(context.getStartupFailure(), "graceful-shutdown.drain.min-delay"));
	}

	@Test
	void zeroDeadlineFailsStartupNamingTheKey() {
		this.contextRunner.withPropertyValues("graceful-shutdown.deadline=0s")
			.run((context) -> assertInvalidProperty(context.getStartupFailure(), "graceful-shutdown.deadline"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "BOGUS", "QUIT", "SIGUSR2", "KILL" })
	void unknownOrReservedSignalNameFailsStartupNamingTheKey(String name) {
		this.contextRunner.withPropertyValues("graceful-shutdown.signals.names=TERM," + name).run((context) -> {
			assertInvalidProperty(context.getStartupFailure(), "graceful-shutdown.signals.names");
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(name);
		});
	}

	@Test
	void signalNamesAreAcceptedWithOrWithoutPrefixInAnyCase() {
		GracefulShutdownProperties properties = new GracefulShutdownProperties();
		properties.getSignals().setNames(List.of("sigterm", " INT", "SIGTERM", "hup"));
		assertThat(ShutdownSettingsFactory.signalNames(properties)).containsExactly("TERM", "INT", "HUP");
	}

	@ParameterizedTest
	@CsvSource({ "graceful, 256", "graceful, -1", "timeout, 256", "timeout, -1" })
	void exitCodeOutOfRangeFailsStartupNamingTheKey(String code, int value) {
		String key = "graceful-shutdown.exit-code." + code;
		this.contextRunner.withPropertyValues(key + "=" + value)
			.run((context) -> assertInvalidProperty(context.getStartupFailure(), key));
	}

	@Test
	void exitCodesAtTheEndsOfTheRangeAreAccepted() {
		this.contextRunner
			.withPropertyValues("graceful-shutdown.exit-code.graceful=255", "graceful-shutdown.exit-code.timeout=0")
			.run((context) -> assertThat(context.getBean(ShutdownCoordinator.class).settings().exitCodes())
				.isEqualTo(new ExitCodes(255, 70, 0)));
	}

	@Test
	void withoutCloudPlatformAWebServerDrainsWithoutDelay() {
		embeddedWebServerRunner().withPropertyValues("spring.main.cloud-platform=none")
			.run((context) -> assertDrain(context.getBean(ShutdownCoordinator.class), Duration.ZERO, Duration.ZERO));
	}

	@Test
	void onKubernetesAWebServerDrainsWithTheCloudDefaults() {
		embeddedWebServerRunner().withPropertyValues("spring.main.cloud-platform=kubernetes")
			.run((context) -> assertDrain(context.getBean(ShutdownCoordinator.class), Duration.ofSeconds(5),
					Duration.ofSeconds(2)));
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void onKubernetesTheStartupLogSaysThatTheCloudDrainDefaultsApply(CapturedOutput output) {
		embeddedWebServerRunner().withPropertyValues("spring.main.cloud-platform=kubernetes")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).containsOnlyOnce("Drain on cloud platform KUBERNETES: min-delay 5s, quiet-period 2s,"
				+ " max-delay 15s; the cloud defaults of graceful-shutdown.drain.min-delay and quiet-period apply,"
				+ " as they are not set");
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void onKubernetesTheStartupLogNamesOnlyTheCloudDefaultThatApplies(CapturedOutput output) {
		embeddedWebServerRunner()
			.withPropertyValues("spring.main.cloud-platform=kubernetes", "graceful-shutdown.drain.min-delay=1s")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).containsOnlyOnce("Drain on cloud platform KUBERNETES: min-delay 1s, quiet-period 2s,"
				+ " max-delay 15s; the cloud default of graceful-shutdown.drain.quiet-period applies, as it is not set");
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void withoutCloudDefaultsTheStartupLogSaysNothingOfThem(CapturedOutput output) {
		embeddedWebServerRunner().withPropertyValues("spring.main.cloud-platform=none")
			.run((context) -> assertThat(context).hasNotFailed());
		embeddedWebServerRunner()
			.withPropertyValues("spring.main.cloud-platform=kubernetes", "graceful-shutdown.drain.min-delay=1s",
					"graceful-shutdown.drain.quiet-period=1s")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).doesNotContain("Drain on cloud platform");
	}

	@Test
	void onKubernetesASpringBootTestContextDrainsWithoutDelay() {
		// What @SpringBootTest adds to every context it creates.
		embeddedWebServerRunner()
			.withPropertyValues("spring.main.cloud-platform=kubernetes",
					"org.springframework.boot.test.context.SpringBootTestContextBootstrapper=true")
			.run((context) -> assertDrain(context.getBean(ShutdownCoordinator.class), Duration.ZERO, Duration.ZERO));
	}

	@Test
	void onKubernetesASpringBootTestContextKeepsAnExplicitMinDelay() {
		embeddedWebServerRunner()
			.withPropertyValues("spring.main.cloud-platform=kubernetes",
					"org.springframework.boot.test.context.SpringBootTestContextBootstrapper=true",
					"graceful-shutdown.drain.min-delay=3s")
			.run((context) -> assertDrain(context.getBean(ShutdownCoordinator.class), Duration.ofSeconds(3),
					Duration.ZERO));
	}

	@ParameterizedTest
	@ValueSource(strings = { "none", "kubernetes", "heroku" })
	void byDefaultARepeatedSigintEscalatesAndEveryOtherSignalJoinsOnEveryPlatform(String platform) {
		this.contextRunner
			.withPropertyValues("graceful-shutdown.signals.enabled=true", "graceful-shutdown.signals.names=TERM",
					"spring.main.cloud-platform=" + platform)
			.run((context) -> {
				RepeatedSignals repeats = context.getBean(SignalShutdownTrigger.class).repeatedSignals();
				assertThat(repeats.isEscalating("INT")).isTrue();
				assertThat(List.of("TERM", "HUP", "USR1")).noneMatch(repeats::isEscalating);
				assertThat(repeats.window()).isEqualTo(Duration.ofMillis(500));
			});
	}

	@Test
	void onRepeatKeysAreNormalizedLikeSignalNamesAndOverrideTheDefaults() {
		this.contextRunner
			.withPropertyValues("graceful-shutdown.signals.enabled=true", "graceful-shutdown.signals.names=TERM",
					"graceful-shutdown.signals.on-repeat.sigterm=escalate",
					"graceful-shutdown.signals.on-repeat.int=join",
					"graceful-shutdown.signals.on-repeat.[Hup]=ESCALATE", "graceful-shutdown.signals.repeat-window=2s")
			.run((context) -> {
				RepeatedSignals repeats = context.getBean(SignalShutdownTrigger.class).repeatedSignals();
				assertThat(repeats.isEscalating("TERM")).isTrue();
				assertThat(repeats.isEscalating("INT")).isFalse();
				assertThat(repeats.isEscalating("HUP")).isTrue();
				assertThat(repeats.isEscalating("USR1")).isFalse();
				assertThat(repeats.window()).isEqualTo(Duration.ofSeconds(2));
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "quit", "SIGKILL", "bogus" })
	void unknownOrReservedSignalInOnRepeatFailsStartupNamingTheKey(String key) {
		this.contextRunner.withPropertyValues("graceful-shutdown.signals.on-repeat." + key + "=join").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
						(ex) -> assertThat(ex.getName())
							.isEqualToIgnoringCase("graceful-shutdown.signals.on-repeat." + key))
				.hasMessageContaining("is not a signal that can be handled");
		});
	}

	@Test
	void sameSignalGivenTwoActionsInOnRepeatFailsStartupNamingTheKeys() {
		this.contextRunner
			.withPropertyValues("graceful-shutdown.signals.on-repeat.term=escalate",
					"graceful-shutdown.signals.on-repeat.sigterm=join")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidConfigurationPropertyValueException.class)
					.hasMessageContaining("graceful-shutdown.signals.on-repeat.term")
					.hasMessageContaining("graceful-shutdown.signals.on-repeat.sigterm")
					.hasMessageContaining("keep one");
			});
	}

	@Test
	void negativeRepeatWindowFailsStartupNamingTheKey() {
		this.contextRunner.withPropertyValues("graceful-shutdown.signals.repeat-window=-1s")
			.run((context) -> assertInvalidProperty(context.getStartupFailure(),
					"graceful-shutdown.signals.repeat-window"));
	}

	@Test
	void onKubernetesExplicitDrainValuesWinOverTheCloudDefaults() {
		embeddedWebServerRunner()
			.withPropertyValues("spring.main.cloud-platform=kubernetes", "graceful-shutdown.drain.min-delay=0s",
					"graceful-shutdown.drain.quiet-period=250ms")
			.run((context) -> assertDrain(context.getBean(ShutdownCoordinator.class), Duration.ZERO,
					Duration.ofMillis(250)));
	}

	@Test
	void onKubernetesADeadlineNotAboveTheDefaultMinDelayFailsStartupNamingTheDefault() {
		embeddedWebServerRunner()
			.withPropertyValues("spring.main.cloud-platform=kubernetes", "graceful-shutdown.deadline=5s")
			.run((context) -> {
				assertInvalidProperty(context.getStartupFailure(), "graceful-shutdown.drain.min-delay");
				assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("KUBERNETES");
			});
	}

	@Test
	void onKubernetesAServletWebAppWithoutEmbeddedWebServerDrainsWithoutDelay() {
		// What the code checks is a WebServerApplicationContext: the servlet context of
		// the runner (as of a war deployment) is not one.
		servletWebAppRunner().withPropertyValues("spring.main.cloud-platform=kubernetes")
			.run((context) -> assertDrain(context.getBean(ShutdownCoordinator.class), Duration.ZERO, Duration.ZERO));
	}

	@Test
	void onKubernetesANonWebAppDrainsWithoutDelay() {
		this.contextRunner.withPropertyValues("spring.main.cloud-platform=kubernetes")
			.run((context) -> assertDrain(context.getBean(ShutdownCoordinator.class), Duration.ZERO, Duration.ZERO));
	}

	@Test
	void drainPropertiesAreBound() {
		this.contextRunner
			.withPropertyValues("graceful-shutdown.deadline=40s", "graceful-shutdown.drain.min-delay=10ms",
					"graceful-shutdown.drain.quiet-period=30ms", "graceful-shutdown.drain.max-delay=20s",
					"graceful-shutdown.drain.connection-close=false")
			.run((context) -> {
				ShutdownSettings settings = context.getBean(ShutdownCoordinator.class).settings();
				assertThat(settings.deadline()).isEqualTo(Duration.ofSeconds(40));
				assertThat(settings.drain()).isEqualTo(
						new DrainSettings(Duration.ofMillis(10), Duration.ofMillis(30), Duration.ofSeconds(20), false));
			});
	}

	@Test
	void defaultsAreTheDocumentedOnes() {
		this.contextRunner.run((context) -> {
			ShutdownSettings settings = context.getBean(ShutdownCoordinator.class).settings();
			assertThat(settings.deadline()).isEqualTo(Duration.ofSeconds(25));
			assertThat(settings.drain())
				.isEqualTo(new DrainSettings(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(15), true));
			assertThat(settings.exitCodes()).isEqualTo(new ExitCodes(0, 70, 124));
		});
	}

	private WebApplicationContextRunner servletWebAppRunner() {
		return new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(GracefulShutdownAutoConfiguration.class))
			.withPropertyValues(SIGNALS_OFF);
	}

	private WebApplicationContextRunner embeddedWebServerRunner() {
		return new WebApplicationContextRunner(AnnotationConfigServletWebServerApplicationContext::new)
			.withConfiguration(AutoConfigurations.of(GracefulShutdownAutoConfiguration.class))
			.withUserConfiguration(StubWebServerConfiguration.class)
			.withPropertyValues(SIGNALS_OFF);
	}

	private static boolean isProbeDuringDrain(ApplicationContext context, String path) throws Exception {
		InFlightTracker tracker = context.getBean(InFlightTracker.class);
		InFlightRequestFilter filter = (InFlightRequestFilter) context
			.getBean(FILTER_NAME, FilterRegistrationBean.class)
			.getFilter();
		// A maximum delay of zero ends the drain at once, and the tracker stays draining.
		tracker.drain(new DrainSettings(Duration.ZERO, Duration.ZERO, Duration.ZERO, true),
				Deadline.startingNow(Duration.ofSeconds(30)));
		long servedBefore = tracker.acceptedDuringDrain();
		filter.doFilter(new MockHttpServletRequest("GET", path), new MockHttpServletResponse(), new MockFilterChain());
		return tracker.acceptedDuringDrain() == servedBefore;
	}

	private static void assertDrain(ShutdownCoordinator coordinator, Duration minDelay, Duration quietPeriod) {
		assertThat(coordinator.settings().drain().minDelay()).isEqualTo(minDelay);
		assertThat(coordinator.settings().drain().quietPeriod()).isEqualTo(quietPeriod);
	}

	private static void assertInvalidProperty(Throwable failure, String key) {
		assertThat(failure).isNotNull();
		assertThat(failure).rootCause()
			.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
					(ex) -> assertThat(ex.getName()).isEqualTo(key))
			.hasMessageContaining("Property " + key + " with value '");
	}

	private static String currentHandlerType(String name) {
		Signal signal = new Signal(name);
		SignalHandler current = Signal.handle(signal, (received) -> {
			// Only in place between these two lines.
		});
		Signal.handle(signal, current);
		return current.getClass().getName();
	}

	@Configuration(proxyBeanMethods = false)
	static class UserCoordinatorConfiguration {

		@Bean
		ShutdownCoordinator userShutdownCoordinator(ConfigurableApplicationContext context,
				InFlightTracker inFlightTracker, DefaultShutdownSignal signal, ShutdownHookRunner hooks,
				LifecycleStopRecorder lifecycleStops, LeaseRegistry leases, WorkerRegistry workers) {
			ShutdownSettings settings = new ShutdownSettings(Duration.ofSeconds(7),
					new DrainSettings(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(3), false),
					new ExitCodes(0, 70, 124));
			return new ShutdownCoordinator(context, settings, inFlightTracker, new RecordingProcessExit(), signal,
					hooks, lifecycleStops, leases, workers);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserFilterConfiguration {

		@Bean
		FilterRegistrationBean<InFlightRequestFilter> gracefulShutdownInFlightRequestFilter(InFlightTracker tracker) {
			FilterRegistrationBean<InFlightRequestFilter> registration = new FilterRegistrationBean<>(
					new InFlightRequestFilter(tracker, false, List.of()));
			registration.setOrder(42);
			return registration;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class StubWebServerConfiguration {

		@Bean
		ServletWebServerFactory stubServletWebServerFactory() {
			return (initializers) -> new StubWebServer();
		}

	}

	/**
	 * A web server that serves nothing: enough for a context that owns one.
	 */
	static final class StubWebServer implements WebServer {

		@Override
		public void start() {
			// Nothing to start.
		}

		@Override
		public void stop() {
			// Nothing to stop.
		}

		@Override
		public int getPort() {
			return -1;
		}

	}

}
