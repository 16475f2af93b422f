package dev.gracefulshutdown.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;

import dev.gracefulshutdown.GracefulShutdown;
import dev.gracefulshutdown.core.internal.BeansDestroyedMarker;
import dev.gracefulshutdown.core.internal.ContextClosingListener;
import dev.gracefulshutdown.core.internal.DefaultGracefulShutdown;
import dev.gracefulshutdown.core.internal.DefaultShutdownSignal;
import dev.gracefulshutdown.core.internal.BeanDestructionRecorder;
import dev.gracefulshutdown.core.internal.InFlightTracker;
import dev.gracefulshutdown.core.internal.LeaseRegistry;
import dev.gracefulshutdown.core.internal.LifecycleStopRecorder;
import dev.gracefulshutdown.core.internal.OpenStreams;
import dev.gracefulshutdown.core.internal.StreamsEnding;
import dev.gracefulshutdown.core.internal.PhasesCompletedMarker;
import dev.gracefulshutdown.core.ProcessExit;
import dev.gracefulshutdown.core.internal.ShutdownCoordinator;
import dev.gracefulshutdown.core.internal.ShutdownHookRegistrar;
import dev.gracefulshutdown.core.internal.ShutdownHookRunner;
import dev.gracefulshutdown.core.internal.ShutdownSettings;
import dev.gracefulshutdown.core.internal.TimedLifecycleProcessor;
import dev.gracefulshutdown.core.internal.WorkerRegistry;
import dev.gracefulshutdown.report.LastShutdownReport;
import dev.gracefulshutdown.report.ShutdownReportFile;
import dev.gracefulshutdown.report.ShutdownReportLogger;
import dev.gracefulshutdown.signal.SignalShutdownTrigger;
import dev.gracefulshutdown.task.ExecutorsDrain;
import dev.gracefulshutdown.task.ScheduledRunsStopper;
import dev.gracefulshutdown.task.TaskTerminationDefaults;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.SearchStrategy;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.cloud.CloudPlatform;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Auto-configuration of the graceful shutdown: the coordinator and the deadline, the
 * signal handlers, and the drain of the web server in front of the application.
 * <p>
 * Longer than most classes here because, as in Spring Boot's own auto-configurations,
 * each optional integration (executors, report file, signals) is a nested configuration
 * with its own conditions, next to the beans they build on. The web servers' part of the
 * drain is in {@link WebDrainConfiguration}.
 */
@AutoConfiguration(before = LifecycleAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "graceful-shutdown.enabled", matchIfMissing = true)
@EnableConfigurationProperties(GracefulShutdownProperties.class)
@Import(WebDrainConfiguration.class)
public final class GracefulShutdownAutoConfiguration {

	private static final String BOOT_PHASE_TIMEOUT = "spring.lifecycle.timeout-per-shutdown-phase";

	private static final Duration PLATFORM_GRACE_PERIOD = Duration.ofSeconds(30);

	private static final String WEB_SERVER_CONTEXT = "org.springframework.boot.web.server.context.WebServerApplicationContext";

	/**
	 * The property that {@code @SpringBootTest} adds to the environment of the contexts
	 * it creates.
	 */
	private static final String SPRING_BOOT_TEST_MARKER = "org.springframework.boot.test.context.SpringBootTestContextBootstrapper";

	@Bean
	static BeansDestroyedMarker gracefulShutdownBeansDestroyedMarker() {
		return new BeansDestroyedMarker();
	}

	@Bean
	static BeanDestructionRecorder gracefulShutdownBeanDestructionRecorder() {
		return new BeanDestructionRecorder();
	}

	@Bean
	@ConditionalOnMissingBean
	InFlightTracker gracefulShutdownInFlightTracker() {
		return new InFlightTracker();
	}

	@Bean
	@ConditionalOnMissingBean
	OpenStreams gracefulShutdownOpenStreams() {
		return new OpenStreams();
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "graceful-shutdown.streams.enabled", matchIfMissing = true)
	StreamsEnding gracefulShutdownStreamsEnding(OpenStreams streams, GracefulShutdownProperties properties,
			ObjectProvider<ShutdownCoordinator> coordinator) {
		Duration gracePeriod = ShutdownSettingsFactory.notNegative("streams.grace-period",
				properties.getStreams().getGracePeriod());
		return new StreamsEnding(streams, gracePeriod, () -> coordinator.getObject().status().remaining());
	}

	@Bean
	@ConditionalOnMissingBean
	ProcessExit gracefulShutdownProcessExit() {
		return ProcessExit.runtime();
	}

	@Bean
	ShutdownSettings gracefulShutdownSettings(ConfigurableApplicationContext context,
			GracefulShutdownProperties properties) {
		return ShutdownSettingsFactory.create(properties, CloudPlatform.getActive(context.getEnvironment()),
				cloudDrainDefaultsApply(context), bootPhaseTimeout(context.getEnvironment()));
	}

	@Bean
	DefaultShutdownSignal gracefulShutdownSignal() {
		return new DefaultShutdownSignal();
	}

	@Bean
	ShutdownHookRunner gracefulShutdownHookRunner() {
		return new ShutdownHookRunner();
	}

	@Bean
	LifecycleStopRecorder gracefulShutdownLifecycleStopRecorder() {
		return new LifecycleStopRecorder();
	}

	@Bean
	LeaseRegistry gracefulShutdownLeaseRegistry() {
		return new LeaseRegistry();
	}

	@Bean
	WorkerRegistry gracefulShutdownWorkerRegistry() {
		return new WorkerRegistry();
	}

	@Bean
	@ConditionalOnMissingBean
	ShutdownCoordinator shutdownCoordinator(ConfigurableApplicationContext context, ShutdownSettings settings,
			InFlightTracker inFlightTracker, ProcessExit processExit, DefaultShutdownSignal signal,
			ShutdownHookRunner hooks, LifecycleStopRecorder lifecycleStops, LeaseRegistry leases,
			WorkerRegistry workers) {
		return new ShutdownCoordinator(context, settings, inFlightTracker, processExit, signal, hooks, lifecycleStops,
				leases, workers);
	}

	@Bean
	@ConditionalOnMissingBean(GracefulShutdown.class)
	DefaultGracefulShutdown gracefulShutdown(ShutdownCoordinator coordinator, InFlightTracker inFlightTracker,
			DefaultShutdownSignal signal, LeaseRegistry leases, WorkerRegistry workers) {
		return new DefaultGracefulShutdown(coordinator, inFlightTracker, signal, leases, workers);
	}

	@Bean
	@ConditionalOnBean(ShutdownCoordinator.class)
	ContextClosingListener gracefulShutdownContextClosingListener(ShutdownCoordinator coordinator,
			ConfigurableApplicationContext context) {
		return new ContextClosingListener(coordinator, context);
	}

	@Bean
	@ConditionalOnBean(ShutdownCoordinator.class)
	PhasesCompletedMarker gracefulShutdownPhasesCompletedMarker(ObjectProvider<ShutdownCoordinator> coordinator) {
		return new PhasesCompletedMarker(coordinator);
	}

	@Bean
	@ConditionalOnBean(ShutdownCoordinator.class)
	ShutdownHookRegistrar gracefulShutdownHookRegistrar(ShutdownCoordinator coordinator, ShutdownSettings settings,
			ShutdownHookRunner hooks) {
		return new ShutdownHookRegistrar(coordinator, settings, hooks);
	}

	@Bean
	@ConditionalOnBean(ShutdownCoordinator.class)
	ShutdownBudgetCheck gracefulShutdownBudgetCheck(ShutdownSettings settings, ShutdownHookRunner hooks,
			ShutdownHookRegistrar registrar, GracefulShutdownProperties properties,
			ConfigurableApplicationContext context) {
		Environment environment = context.getEnvironment();
		Duration gracePeriod = properties.getBudget().getGracePeriod();
		String source = "graceful-shutdown.budget.grace-period";
		CloudPlatform platform = CloudPlatform.getActive(environment);
		if (gracePeriod == null && (platform == CloudPlatform.KUBERNETES || platform == CloudPlatform.HEROKU)) {
			gracePeriod = PLATFORM_GRACE_PERIOD;
			source = (platform == CloudPlatform.KUBERNETES)
					? "Kubernetes' default terminationGracePeriodSeconds; set graceful-shutdown.budget.grace-period"
							+ " if the pod sets another"
					: "Heroku's fixed 30 seconds";
		}
		boolean phaseTimeoutsConfigured = properties.getPhases().getTimeout() != null
				|| !properties.getPhases().getTimeouts().isEmpty() || bootPhaseTimeout(environment) != null;
		ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
		Class<?> processorType = beanFactory.containsBean(AbstractApplicationContext.LIFECYCLE_PROCESSOR_BEAN_NAME)
				? beanFactory.getType(AbstractApplicationContext.LIFECYCLE_PROCESSOR_BEAN_NAME, false) : null;
		boolean ownLifecycleProcessor = processorType != null
				&& TimedLifecycleProcessor.class.isAssignableFrom(processorType);
		// Unset, the executors' drain takes what the deadline leaves once what follows
		// has its reserve: it never pushes the shutdown past the deadline, so it adds no
		// term.
		Duration executorsTimeout = properties.getExecutors().isEnabled()
				? ShutdownSettingsFactory.executorsTimeout(properties) : null;
		// Streams go on after the drain only when they are ended by the starter.
		Duration streamsGracePeriod = properties.getStreams().isEnabled()
				? ShutdownSettingsFactory.notNegative("streams.grace-period", properties.getStreams().getGracePeriod())
				: Duration.ZERO;
		return new ShutdownBudgetCheck(settings, hooks, registrar, gracePeriod, source,
				phaseTimeoutsConfigured && ownLifecycleProcessor, properties.getBudget().isStrict(), executorsTimeout,
				streamsGracePeriod);
	}

	private static @Nullable Duration bootPhaseTimeout(Environment environment) {
		return Binder.get(environment).bind(BOOT_PHASE_TIMEOUT, Duration.class).orElse(null);
	}

	/**
	 * The cloud drain defaults wait for a load balancer to notice that readiness went
	 * down: only an application that serves traffic with an embedded web server has one.
	 * A {@code @SpringBootTest} context with a real port has none either, even on a CI
	 * runner that Spring Boot detects as Kubernetes: each of its cached contexts would
	 * wait the minimum delay when the test JVM exits.
	 * @param context the application context
	 * @return whether the cloud drain defaults apply
	 */
	private static boolean cloudDrainDefaultsApply(ConfigurableApplicationContext context) {
		return isWebServerContext(context)
				&& !context.getEnvironment().getProperty(SPRING_BOOT_TEST_MARKER, Boolean.class, false);
	}

	private static boolean isWebServerContext(ConfigurableApplicationContext context) {
		ClassLoader classLoader = context.getClassLoader();
		if (!ClassUtils.isPresent(WEB_SERVER_CONTEXT, classLoader)) {
			return false;
		}
		return ClassUtils.resolveClassName(WEB_SERVER_CONTEXT, classLoader).isInstance(context);
	}

	/**
	 * The lifecycle processor with a timeout per phase and a record of every bean's stop,
	 * in place of Spring Boot's; the application's own {@code lifecycleProcessor} wins.
	 * No {@code @ConditionalOnBean} here: a nested configuration is evaluated before the
	 * enclosing class's beans are registered.
	 */
	@Configuration(proxyBeanMethods = false)
	static class LifecycleProcessorConfiguration {

		@Bean(name = AbstractApplicationContext.LIFECYCLE_PROCESSOR_BEAN_NAME)
		@ConditionalOnMissingBean(name = AbstractApplicationContext.LIFECYCLE_PROCESSOR_BEAN_NAME,
				search = SearchStrategy.CURRENT)
		TimedLifecycleProcessor lifecycleProcessor(ShutdownCoordinator coordinator, ShutdownSettings settings,
				LifecycleStopRecorder recorder) {
			return new TimedLifecycleProcessor(coordinator, settings.phases(), recorder);
		}

	}

	/**
	 * The report in the log, and the report of the previous shutdown (empty unless a
	 * report file is configured).
	 */
	@Configuration(proxyBeanMethods = false)
	static class ReportConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ShutdownReportLogger gracefulShutdownReportLogger(GracefulShutdownProperties properties) {
			return new ShutdownReportLogger(properties.getReport().getLog());
		}

		@Bean
		@ConditionalOnMissingBean
		LastShutdownReport gracefulShutdownLastReport(ObjectProvider<ShutdownReportFile> reportFile) {
			ShutdownReportFile file = reportFile.getIfUnique();
			return (file != null) ? LastShutdownReport.readFrom(file) : LastShutdownReport.none();
		}

	}

	/**
	 * The report file, when {@code graceful-shutdown.report.file} is set.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty("graceful-shutdown.report.file")
	static class ReportFileConfiguration {

		private static final String PROPERTY = "graceful-shutdown.report.file";

		@Bean
		@ConditionalOnMissingBean
		ShutdownReportFile gracefulShutdownReportFile(GracefulShutdownProperties properties) {
			Path file = properties.getReport().getFile();
			if (file == null || file.toString().isBlank()) {
				throw new InvalidConfigurationPropertyValueException(PROPERTY, String.valueOf(file),
						"name the file to write the shutdown report to, such as /var/run/app/shutdown-report.json");
			}
			String problem = ShutdownReportFile.problemWith(file);
			if (problem != null) {
				throw new InvalidConfigurationPropertyValueException(PROPERTY, file, problem);
			}
			return new ShutdownReportFile(file);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "sun.misc.Signal")
	@ConditionalOnBooleanProperty(name = "graceful-shutdown.signals.enabled", matchIfMissing = true)
	static class SignalConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SignalShutdownTrigger gracefulShutdownSignalTrigger(ShutdownCoordinator coordinator,
				GracefulShutdownProperties properties) {
			return new SignalShutdownTrigger(coordinator, ShutdownSettingsFactory.signalNames(properties),
					ShutdownSettingsFactory.repeatedSignals(properties));
		}

	}

	/**
	 * Executors and schedulers run the tasks they accepted to completion.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "graceful-shutdown.executors.enabled", matchIfMissing = true)
	static class ExecutorsDrainConfiguration {

		@Bean
		static TaskTerminationDefaults gracefulShutdownTaskTerminationDefaults(Environment environment) {
			// During a shutdown the drain waits within its own bound instead: this
			// applies only to an executor closed some other way. Bound from the
			// environment, since a post-processor is created before the properties.
			GracefulShutdownProperties properties = Binder.get(environment)
				.bindOrCreate("graceful-shutdown", GracefulShutdownProperties.class);
			Duration timeout = ShutdownSettingsFactory.executorsTimeout(properties);
			return new TaskTerminationDefaults((timeout != null) ? timeout : properties.getDeadline());
		}

		@Bean
		ScheduledRunsStopper gracefulShutdownScheduledRunsStopper(ConfigurableApplicationContext context) {
			return new ScheduledRunsStopper(context.getBeanFactory());
		}

		@Bean
		ExecutorsDrain gracefulShutdownExecutorsDrain(ConfigurableApplicationContext context,
				ObjectProvider<ShutdownCoordinator> coordinator, ShutdownSettings settings, ShutdownHookRunner hooks,
				GracefulShutdownProperties properties) {
			return new ExecutorsDrain(context.getBeanFactory(), coordinator, settings, hooks,
					ShutdownSettingsFactory.executorsTimeout(properties));
		}

	}

}
