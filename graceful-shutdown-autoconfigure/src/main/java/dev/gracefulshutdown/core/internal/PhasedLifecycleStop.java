package dev.gracefulshutdown.core.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;

import dev.gracefulshutdown.core.internal.LifecycleStopRecorder.BeanStop;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.Lifecycle;
import org.springframework.context.SmartLifecycle;

/**
 * Stops lifecycle beans phase by phase, highest first, as Spring's
 * {@code DefaultLifecycleProcessor} does (a bean's dependents stop before it, each phase
 * waits for its {@link SmartLifecycle} beans to call back, bounded by the phase's
 * timeout) while recording every phase and bean in a {@link LifecycleStopRecorder}, and
 * naming the beans still running when a phase times out.
 */
final class PhasedLifecycleStop {

	private static final Log logger = LogFactory.getLog(PhasedLifecycleStop.class);

	private final ConfigurableListableBeanFactory beanFactory;

	private final LifecycleStopRecorder recorder;

	private final PhaseTimeouts timeouts;

	private final PhaseTimeoutListener timeoutListener;

	PhasedLifecycleStop(ConfigurableListableBeanFactory beanFactory, LifecycleStopRecorder recorder,
			PhaseTimeouts timeouts, PhaseTimeoutListener timeoutListener) {
		this.beanFactory = beanFactory;
		this.recorder = recorder;
		this.timeouts = timeouts;
		this.timeoutListener = timeoutListener;
	}

	void stop(Map<String, Lifecycle> lifecycleBeans, ToIntFunction<Lifecycle> phaseOf) {
		Map<String, Lifecycle> remaining = new LinkedHashMap<>(lifecycleBeans);
		Map<Integer, List<String>> phases = new TreeMap<>(Comparator.reverseOrder());
		lifecycleBeans.forEach((name,
				bean) -> phases.computeIfAbsent(phaseOf.applyAsInt(bean), (phase) -> new ArrayList<>()).add(name));
		phases.forEach((phase, members) -> stopPhase(phase, members, lifecycleBeans, remaining));
	}

	private void stopPhase(int phase, List<String> members, Map<String, Lifecycle> all,
			Map<String, Lifecycle> remaining) {
		int smartMembers = 0;
		boolean onlyInternal = true;
		for (String member : members) {
			Lifecycle bean = all.get(member);
			if (bean instanceof SmartLifecycle) {
				smartMembers++;
			}
			// A phase is reported when it has something to stop that is not the starter's
			// bookkeeping.
			onlyInternal = onlyInternal && bean != null && (isInternal(bean) || !isRunning(bean));
		}
		Duration timeout = this.timeouts.timeoutOf(phase);
		if (!onlyInternal) {
			this.recorder.phaseStarted(phase, timeout);
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Stopping beans in phase " + PhaseNames.describe(phase) + " (timeout "
					+ Durations.format(timeout) + ")");
		}
		CountDownLatch latch = new CountDownLatch(smartMembers);
		for (String member : members) {
			if (remaining.containsKey(member)) {
				doStop(member, remaining, latch);
			}
			else if (all.get(member) instanceof SmartLifecycle) {
				// Already stopped as a dependent of a bean of an earlier phase.
				latch.countDown();
			}
		}
		try {
			if (!latch.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
				List<String> running = this.recorder.phaseTimedOut();
				if (!running.isEmpty()) {
					logger.warn("Shutdown phase " + PhaseNames.describe(phase) + " timed out after "
							+ Durations.format(timeout) + " with " + running.size() + " bean"
							+ ((running.size() > 1) ? "s" : "") + " still running: " + String.join("; ", running)
							+ ". Going on with the next phase; the process will exit with the timeout exit code");
					this.timeoutListener.phaseTimedOut(phase, timeout, running);
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void doStop(String name, Map<String, Lifecycle> remaining, CountDownLatch latch) {
		Lifecycle bean = remaining.remove(name);
		if (bean == null) {
			return;
		}
		for (String dependent : this.beanFactory.getDependentBeans(name)) {
			doStop(dependent, remaining, latch);
		}
		boolean smart = bean instanceof SmartLifecycle;
		BeanStop record = null;
		try {
			if (!bean.isRunning()) {
				if (smart) {
					latch.countDown();
				}
				return;
			}
			record = isInternal(bean) ? null
					: this.recorder.stopping(name, bean.getClass(), smart, bean instanceof SelfBoundedStop);
			if (bean instanceof SmartLifecycle smartLifecycle) {
				BeanStop completion = record;
				smartLifecycle.stop(() -> {
					if (completion != null) {
						completion.completed();
					}
					latch.countDown();
				});
			}
			else {
				bean.stop();
			}
		}
		catch (Throwable ex) {
			logger.warn("Failed to stop bean '" + name + "'", ex);
			if (record != null) {
				record.completed();
			}
			if (smart) {
				latch.countDown();
			}
		}
		finally {
			if (record != null) {
				record.returned();
			}
		}
	}

	private static boolean isRunning(Lifecycle bean) {
		try {
			return bean.isRunning();
		}
		catch (RuntimeException ex) {
			return true;
		}
	}

	/**
	 * Return whether a bean is the starter's own bookkeeping, which is not reported.
	 * @param bean the bean
	 * @return whether it is internal
	 */
	private static boolean isInternal(Lifecycle bean) {
		return bean instanceof ShutdownCoordinator || bean instanceof PhasesCompletedMarker;
	}

	/**
	 * Told when a phase timed out with beans still running.
	 */
	@FunctionalInterface
	interface PhaseTimeoutListener {

		void phaseTimedOut(int phase, Duration timeout, List<String> stillRunning);

	}

}
