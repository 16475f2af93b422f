package dev.gracefulshutdown.core.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.gracefulshutdown.OnShutdown;
import dev.gracefulshutdown.ShutdownHook;
import dev.gracefulshutdown.ShutdownStage;
import dev.gracefulshutdown.core.InvalidShutdownHookException;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.StringUtils;

/**
 * Finds the application's shutdown hooks once every singleton exists
 * ({@link ShutdownHook} beans and {@link OnShutdown} methods), checks them, orders them
 * and hands them to the coordinator's {@link ShutdownHookRunner}. Hooks that run in a
 * lifecycle phase get a lifecycle bean of that phase.
 * <p>
 * Internal, not API: public for the starter's auto-configuration and integrations.
 */
public final class ShutdownHookRegistrar implements SmartInitializingSingleton, BeanFactoryAware {

	static final String PHASE_BEAN_PREFIX = "gracefulShutdownHooks.phase.";

	private final ShutdownCoordinator coordinator;

	private final ShutdownSettings settings;

	private final ShutdownHookRunner runner;

	private final AtomicBoolean registered = new AtomicBoolean();

	private @Nullable ConfigurableListableBeanFactory beanFactory;

	/**
	 * Create a new registrar.
	 * @param coordinator the coordinator that says when the context closes
	 * @param settings the settings that give the default hook timeout
	 * @param runner the runner that gets the hooks
	 */
	public ShutdownHookRegistrar(ShutdownCoordinator coordinator, ShutdownSettings settings,
			ShutdownHookRunner runner) {
		this.coordinator = coordinator;
		this.settings = settings;
		this.runner = runner;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
	}

	@Override
	public void afterSingletonsInstantiated() {
		registerHooks();
	}

	/**
	 * Find, check, order and register the hooks, once; later calls do nothing.
	 */
	public void registerHooks() {
		ConfigurableListableBeanFactory factory = this.beanFactory;
		if (factory == null || !this.registered.compareAndSet(false, true)) {
			return;
		}
		Duration defaultTimeout = this.settings.hookTimeout();
		List<HookDefinition> hooks = new ArrayList<>();
		factory.getBeansOfType(ShutdownHook.class, false, false)
			.forEach((name, hook) -> hooks.add(fromBean(name, hook, defaultTimeout)));
		for (String beanName : factory.getBeanDefinitionNames()) {
			if (isCreatedSingleton(factory, beanName)) {
				Object bean = factory.getBean(beanName);
				collectAnnotated(beanName, bean, defaultTimeout, hooks);
			}
		}
		if (hooks.isEmpty()) {
			return;
		}
		List<HookDefinition> ordered = HookOrdering.order(hooks, factory::getDependenciesForBean);
		this.runner.register(ordered);
		this.runner.phaseHooks()
			.forEach((phase, phaseHooks) -> factory.registerSingleton(PHASE_BEAN_PREFIX + phase,
					new HookPhaseLifecycle(phase, phaseHooks, this.coordinator, this.runner)));
	}

	private static boolean isCreatedSingleton(ConfigurableListableBeanFactory factory, String beanName) {
		if (!factory.containsSingleton(beanName)) {
			// Lazy beans never used have nothing to shut down; prototypes and scoped
			// beans have no single instance to call.
			return false;
		}
		BeanDefinition definition = factory.getMergedBeanDefinition(beanName);
		return definition.isSingleton() && !definition.isAbstract();
	}

	private static HookDefinition fromBean(String name, ShutdownHook hook, Duration defaultTimeout) {
		Duration timeout = hook.timeout();
		if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
			throw new InvalidShutdownHookException(name, "has timeout " + timeout,
					"return a positive duration from timeout(), or null for graceful-shutdown.hooks.timeout");
		}
		return new HookDefinition(name, name, checkedStage(name, hook.stage()), resolvePhase(name, hook.phase()),
				hook.order(), (timeout != null) ? timeout : defaultTimeout, hook);
	}

	private static void collectAnnotated(String beanName, Object bean, Duration defaultTimeout,
			List<HookDefinition> hooks) {
		Class<?> targetClass = ClassUtils.getUserClass(AopUtils.getTargetClass(bean));
		if (!isCandidate(targetClass)) {
			return;
		}
		Map<Method, OnShutdown> annotated = MethodIntrospector.selectMethods(targetClass,
				(MethodIntrospector.MetadataLookup<OnShutdown>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, OnShutdown.class));
		annotated.forEach((method, annotation) -> {
			String name = beanName + "." + method.getName();
			if (method.getParameterCount() != 0) {
				throw new InvalidShutdownHookException(name, "takes parameters",
						"an @OnShutdown method must take none");
			}
			if (Modifier.isStatic(method.getModifiers())) {
				throw new InvalidShutdownHookException(name, "is static",
						"make the @OnShutdown method an instance method");
			}
			Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
			ReflectionUtils.makeAccessible(invocable);
			ShutdownHook hook = () -> invoke(invocable, bean);
			hooks.add(new HookDefinition(name, beanName, checkedStage(name, annotation.stage()),
					resolvePhase(name, annotation.phase()), annotation.order(),
					timeout(name, annotation.timeout(), defaultTimeout), hook));
		});
	}

	private static void invoke(Method method, Object bean) throws Exception {
		try {
			method.invoke(bean);
		}
		catch (InvocationTargetException ex) {
			Throwable cause = ex.getTargetException();
			if (cause instanceof Exception exception) {
				throw exception;
			}
			if (cause instanceof Error error) {
				throw error;
			}
			throw ex;
		}
	}

	private static boolean isCandidate(Class<?> type) {
		String name = type.getName();
		return !name.startsWith("java.") && !name.startsWith("org.springframework.")
				&& AnnotationUtils.isCandidateClass(type, OnShutdown.class);
	}

	private static ShutdownStage checkedStage(String name, ShutdownStage stage) {
		if (stage != ShutdownStage.STOP && stage != ShutdownStage.RELEASE) {
			throw new InvalidShutdownHookException(name, "asks for stage " + stage,
					"hooks run in stage STOP (after the drain, before any lifecycle phase stops) or RELEASE"
							+ " (after every phase, before beans are destroyed); to act when the drain starts,"
							+ " listen to DrainStartedEvent");
		}
		return stage;
	}

	private static @Nullable Integer resolvePhase(String name, @Nullable String phase) {
		if (!StringUtils.hasText(phase)) {
			return null;
		}
		return PhaseNames.resolve(phase)
			.orElseThrow(() -> new InvalidShutdownHookException(name, "names unknown phase '" + phase + "'",
					"use a phase number or one of " + PhaseNames.all().keySet()));
	}

	private static Duration timeout(String name, String text, Duration defaultTimeout) {
		if (!StringUtils.hasText(text)) {
			return defaultTimeout;
		}
		Duration timeout;
		try {
			timeout = DurationStyle.detectAndParse(text.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidShutdownHookException(name, "has timeout '" + text + "', which is not a duration",
					"write it as 5s, 500ms or PT5S");
		}
		if (timeout.isNegative() || timeout.isZero()) {
			throw new InvalidShutdownHookException(name, "has timeout '" + text + "'", "use a positive duration");
		}
		return timeout;
	}

}
