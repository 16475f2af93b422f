package dev.gracefulshutdown.core.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The worst case of one shutdown, added up: the drain's maximum, the timeout of every
 * lifecycle phase that has beans, every hook's timeout, and the time child processes get.
 * Everything runs one after another, so the sum is what the deadline has to hold.
 *
 * @param parts each term of the sum, described with the key that sets it
 * @param total the sum
 * <p>
 * Internal, not API: public for the starter's auto-configuration and integrations.
 */
public record ShutdownBudget(List<String> parts, Duration total) {

	/**
	 * Add up the budget of an application.
	 * @param settings the settings in force
	 * @param beanFactory the application's bean factory, for its lifecycle phases
	 * @param hooks the application's hooks
	 * @param countPhases whether to count the phase timeouts
	 * @param executorsTimeout the wait for executors, or {@code null} when they are not
	 * drained or wait as long as the deadline allows (less the {@link ShutdownReserve} of
	 * what follows, which the other terms already count): such a wait fits by
	 * construction
	 * @param streamsGracePeriod the time open streams may go on after the drain, zero
	 * when they are ended with it
	 * @return the budget
	 */
	public static ShutdownBudget of(ShutdownSettings settings, ConfigurableListableBeanFactory beanFactory,
			List<HookDefinition> hooks, boolean countPhases, @Nullable Duration executorsTimeout,
			Duration streamsGracePeriod) {
		List<String> parts = new ArrayList<>();
		Duration total = settings.drain().maxDelay();
		parts.add("graceful-shutdown.drain.max-delay " + Durations.format(total));
		if (!streamsGracePeriod.isZero()) {
			total = total.plus(streamsGracePeriod);
			parts.add("graceful-shutdown.streams.grace-period " + Durations.format(streamsGracePeriod));
		}
		if (countPhases) {
			for (int phase : phases(beanFactory)) {
				Duration timeout = settings.phases().timeoutOf(phase);
				total = total.plus(timeout);
				parts.add("phase " + PhaseNames.describe(phase) + " " + Durations.format(timeout));
			}
		}
		if (executorsTimeout != null) {
			total = total.plus(executorsTimeout);
			parts.add("graceful-shutdown.executors.timeout " + Durations.format(executorsTimeout));
		}
		for (HookDefinition hook : hooks) {
			total = total.plus(hook.timeout());
			parts.add("hook " + hook.name() + " " + Durations.format(hook.timeout()));
		}
		if (settings.childProcesses().enabled() && !settings.childProcesses().timeout().isZero()) {
			total = total.plus(settings.childProcesses().timeout());
			parts.add("graceful-shutdown.child-processes.timeout "
					+ Durations.format(settings.childProcesses().timeout()));
		}
		return new ShutdownBudget(parts, total);
	}

	/**
	 * Return the phases, highest first, that have a {@link SmartLifecycle} bean other
	 * than the starter's own.
	 * @param beanFactory the bean factory
	 * @return the phases
	 */
	static Set<Integer> phases(ConfigurableListableBeanFactory beanFactory) {
		Set<Integer> phases = new TreeSet<>((a, b) -> Integer.compare(b, a));
		for (String name : beanFactory.getBeanNamesForType(SmartLifecycle.class, false, false)) {
			if (!beanFactory.containsSingleton(name)) {
				continue;
			}
			Object bean = beanFactory.getSingleton(name);
			if (bean instanceof SmartLifecycle lifecycle && !(bean instanceof ShutdownCoordinator)
					&& !(bean instanceof PhasesCompletedMarker) && !(bean instanceof SelfBoundedStop)) {
				phases.add(lifecycle.getPhase());
			}
		}
		return phases;
	}

}
