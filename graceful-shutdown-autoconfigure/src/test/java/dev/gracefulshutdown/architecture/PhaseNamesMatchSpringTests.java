package dev.gracefulshutdown.architecture;

import java.lang.reflect.Constructor;

import dev.gracefulshutdown.core.internal.PhaseNames;
import org.junit.jupiter.api.Test;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.Lifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.support.DefaultLifecycleProcessor;
import org.springframework.scheduling.concurrent.ExecutorConfigurationSupport;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * The phases {@link PhaseNames} writes out (so that the core needs no web server class)
 * are the ones Spring Boot and Spring use: an upgrade that moves one fails here, not in
 * production, where a timeout or a hook would silently apply to the wrong beans.
 */
class PhaseNamesMatchSpringTests {

	@Test
	void defaultIsSmartLifecyclesDefaultPhase() {
		SmartLifecycle lifecycle = new SmartLifecycle() {

			@Override
			public void start() {
			}

			@Override
			public void stop() {
			}

			@Override
			public boolean isRunning() {
				return false;
			}

		};
		assertThat(PhaseNames.DEFAULT).isEqualTo(SmartLifecycle.DEFAULT_PHASE).isEqualTo(lifecycle.getPhase());
	}

	@Test
	void webServerGracefulShutdownIsTheWebServerGracefulShutdownLifecyclesPhase() {
		assertThat(PhaseNames.WEB_SERVER_GRACEFUL_SHUTDOWN)
			.isEqualTo(WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE)
			.isEqualTo(new WebServerGracefulShutdownLifecycle(mock(WebServer.class)).getPhase());
	}

	@Test
	void webServerStopIsTheWebServerStartStopLifecyclesPhaseOnBothStacks() throws Exception {
		assertThat(PhaseNames.WEB_SERVER_STOP).isEqualTo(WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE)
			.isEqualTo(phaseOf("org.springframework.boot.web.server.servlet.context.WebServerStartStopLifecycle"))
			.isEqualTo(phaseOf("org.springframework.boot.web.server.reactive.context.WebServerStartStopLifecycle"));
	}

	@Test
	void managementServerIsThePhaseOfTheManagementContextOnAPortOfItsOwn() throws Exception {
		assertThat(PhaseNames.MANAGEMENT_SERVER).isEqualTo(
				phaseOf("org.springframework.boot.actuate.autoconfigure.web.server.ChildManagementContextInitializer"));
	}

	@Test
	void executorsIsThePhaseOfSpringsExecutorsAndSchedulers() {
		assertThat(PhaseNames.EXECUTORS).isEqualTo(ExecutorConfigurationSupport.DEFAULT_PHASE)
			.isEqualTo(new ThreadPoolTaskExecutor().getPhase())
			.isEqualTo(new ThreadPoolTaskScheduler().getPhase());
		assertThat(PhaseNames.EXECUTORS_DRAIN).as("the drain stops right before the executors")
			.isEqualTo(ExecutorConfigurationSupport.DEFAULT_PHASE + 1);
	}

	@Test
	void plainLifecycleIsThePhaseSpringGivesALifecycleWithoutOne() {
		Lifecycle plain = mock(Lifecycle.class);
		assertThat(PhaseNames.PLAIN_LIFECYCLE).isEqualTo(new DefaultLifecycleProcessor() {

			int phaseOf(Lifecycle lifecycle) {
				return getPhase(lifecycle);
			}

		}.phaseOf(plain));
	}

	/**
	 * Return the phase of a package-private Spring Boot lifecycle bean, made with
	 * {@code null} arguments: its {@code getPhase()} needs none of them.
	 */
	private static int phaseOf(String className) throws Exception {
		Class<?> type = ClassUtils.forName(className, PhaseNamesMatchSpringTests.class.getClassLoader());
		Constructor<?> constructor = type.getDeclaredConstructors()[0];
		for (Constructor<?> candidate : type.getDeclaredConstructors()) {
			if (candidate.getParameterCount() < constructor.getParameterCount()) {
				constructor = candidate;
			}
		}
		ReflectionUtils.makeAccessible(constructor);
		Object lifecycle = BeanUtils.instantiateClass(constructor, new Object[constructor.getParameterCount()]);
		return ((SmartLifecycle) lifecycle).getPhase();
	}

}
