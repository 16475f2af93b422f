package dev.gracefulshutdown.core.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.Lifecycle;
import org.springframework.context.support.DefaultLifecycleProcessor;

/**
 * The application's {@code lifecycleProcessor}: Spring's own for starting, with a stop on
 * close that has a timeout per phase, records each phase and bean, and names the beans
 * still running when a phase times out. {@code ConfigurableApplicationContext.stop()}, a
 * pause and a restart stay Spring's own, neither timed nor recorded: only the close is a
 * shutdown, and the starter's own lifecycle beans leave everything else alone.
 * <p>
 * It takes the place of Spring Boot's, and is not defined when the application defines a
 * bean named {@code lifecycleProcessor} itself.
 * <p>
 * Internal, not API: public for the starter's auto-configuration and integrations.
 */
public class TimedLifecycleProcessor extends DefaultLifecycleProcessor {

	private final ShutdownCoordinator coordinator;

	private final PhaseTimeouts timeouts;

	private final LifecycleStopRecorder recorder;

	private @Nullable ConfigurableListableBeanFactory beanFactory;

	private volatile boolean closed;

	/**
	 * Create a new processor.
	 * @param coordinator the coordinator told when a phase times out
	 * @param timeouts the timeout of each phase
	 * @param recorder the record of the stops
	 */
	public TimedLifecycleProcessor(ShutdownCoordinator coordinator, PhaseTimeouts timeouts,
			LifecycleStopRecorder recorder) {
		this.coordinator = coordinator;
		this.timeouts = timeouts;
		this.recorder = recorder;
		setTimeoutPerShutdownPhase(timeouts.defaultTimeout().toMillis());
		timeouts.timeouts().forEach((phase, timeout) -> setTimeoutForShutdownPhase(phase, timeout.toMillis()));
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		super.setBeanFactory(beanFactory);
		this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
	}

	@Override
	public void onClose() {
		ConfigurableListableBeanFactory factory = this.beanFactory;
		if (factory != null && !this.closed) {
			new PhasedLifecycleStop(factory, this.recorder, this.timeouts, this.coordinator::phaseTimedOut)
				.stop(getLifecycleBeans(), this::getPhase);
		}
		this.closed = true;
		// Every bean has stopped: Spring's own pass finds nothing left to stop (a bean
		// that timed out must not be asked twice) and only marks this processor stopped.
		super.onClose();
	}

	@Override
	protected Map<String, Lifecycle> getLifecycleBeans() {
		return this.closed ? new LinkedHashMap<>() : super.getLifecycleBeans();
	}

}
