package dev.gracefulshutdown.autoconfigure;

import java.time.Duration;

import dev.gracefulshutdown.core.internal.Durations;
import dev.gracefulshutdown.core.internal.ShutdownBudget;
import dev.gracefulshutdown.core.internal.ShutdownHookRunner;
import dev.gracefulshutdown.core.internal.ShutdownHookRegistrar;
import dev.gracefulshutdown.core.internal.ShutdownSettings;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.ExecutorConfigurationSupport;

/**
 * Checks at startup that the shutdown can fit: the sum of the drain's maximum, the phase
 * timeouts, the hooks' timeouts and the child processes' time within
 * {@code graceful-shutdown.deadline}, and the deadline within the platform's grace
 * period. A budget that does not fit is a warning naming the keys to change, or a startup
 * failure with {@code graceful-shutdown.budget.strict}.
 * <p>
 * Phase timeouts count only when they were configured: Spring Boot's default of 30
 * seconds per phase is an upper bound that the deadline cuts short anyway, and counting
 * it would warn about every application left at its defaults.
 */
final class ShutdownBudgetCheck implements SmartInitializingSingleton, BeanFactoryAware {

	private static final Log logger = LogFactory.getLog(ShutdownBudgetCheck.class);

	private final ShutdownSettings settings;

	private final ShutdownHookRunner hooks;

	private final ShutdownHookRegistrar registrar;

	private final @Nullable Duration gracePeriod;

	private final @Nullable String gracePeriodSource;

	private final boolean countPhases;

	private final boolean strict;

	private final @Nullable Duration executorsTimeout;

	private final Duration streamsGracePeriod;

	private @Nullable ConfigurableListableBeanFactory beanFactory;

	ShutdownBudgetCheck(ShutdownSettings settings, ShutdownHookRunner hooks, ShutdownHookRegistrar registrar,
			@Nullable Duration gracePeriod, @Nullable String gracePeriodSource, boolean countPhases, boolean strict,
			@Nullable Duration executorsTimeout, Duration streamsGracePeriod) {
		this.settings = settings;
		this.hooks = hooks;
		this.registrar = registrar;
		this.gracePeriod = gracePeriod;
		this.gracePeriodSource = gracePeriodSource;
		this.countPhases = countPhases;
		this.strict = strict;
		this.executorsTimeout = executorsTimeout;
		this.streamsGracePeriod = streamsGracePeriod;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
	}

	@Override
	public void afterSingletonsInstantiated() {
		ConfigurableListableBeanFactory factory = this.beanFactory;
		if (factory == null) {
			return;
		}
		this.registrar.registerHooks();
		ShutdownSettings settings = this.settings;
		ShutdownBudget budget = ShutdownBudget.of(settings, factory, this.hooks.all(), this.countPhases,
				hasExecutors(factory) ? this.executorsTimeout : null, this.streamsGracePeriod);
		Duration deadline = settings.deadline();
		if (budget.total().compareTo(deadline) > 0) {
			problem("graceful-shutdown.deadline", Durations.format(deadline),
					"the shutdown's worst case does not fit the deadline: " + String.join(" + ", budget.parts()) + " = "
							+ Durations.format(budget.total()) + ", more than graceful-shutdown.deadline ("
							+ Durations.format(deadline) + "). Lower graceful-shutdown.drain.max-delay,"
							+ " graceful-shutdown.streams.grace-period,"
							+ " graceful-shutdown.phases.timeout, graceful-shutdown.phases.timeouts.*,"
							+ " spring.lifecycle.timeout-per-shutdown-phase, graceful-shutdown.executors.timeout,"
							+ " graceful-shutdown.hooks.timeout or"
							+ " graceful-shutdown.child-processes.timeout, or raise graceful-shutdown.deadline"
							+ " (and the platform's grace period with it). Until then, the deadline cuts the"
							+ " shutdown short when everything runs to its limit");
		}
		else if (logger.isDebugEnabled()) {
			logger.debug(
					"Shutdown budget: " + String.join(" + ", budget.parts()) + " = " + Durations.format(budget.total())
							+ " within graceful-shutdown.deadline " + Durations.format(deadline));
		}
		Duration grace = this.gracePeriod;
		if (grace != null && deadline.compareTo(grace) >= 0) {
			problem("graceful-shutdown.deadline", Durations.format(deadline),
					"the deadline is not below the platform's grace period of " + Durations.format(grace) + " ("
							+ this.gracePeriodSource + "): the platform would SIGKILL the process before the"
							+ " deadline could log what hangs. Lower graceful-shutdown.deadline (for example to "
							+ Durations.format(suggestedDeadline(grace)) + "), or raise the grace period and set"
							+ " graceful-shutdown.budget.grace-period to match");
		}
	}

	private static boolean hasExecutors(ConfigurableListableBeanFactory factory) {
		return factory.getBeanNamesForType(ExecutorConfigurationSupport.class, false, false).length > 0
				|| factory.getBeanNamesForType(SimpleAsyncTaskExecutor.class, false, false).length > 0;
	}

	private static Duration suggestedDeadline(Duration grace) {
		Duration margin = Duration.ofSeconds(5).compareTo(grace.dividedBy(2)) < 0 ? Duration.ofSeconds(5)
				: grace.dividedBy(6);
		return grace.minus(margin);
	}

	private void problem(String property, String value, String reason) {
		if (this.strict) {
			throw new InvalidConfigurationPropertyValueException(property, value,
					reason + " (failing because graceful-shutdown.budget.strict=true)");
		}
		logger.warn("Shutdown budget: " + reason);
	}

}
