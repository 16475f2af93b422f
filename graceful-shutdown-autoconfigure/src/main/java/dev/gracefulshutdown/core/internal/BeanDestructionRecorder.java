package dev.gracefulshutdown.core.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Tells the coordinator which bean is being destroyed, so that a hang report during the
 * release stage names the bean whose {@code @PreDestroy}, {@code destroy()} or
 * {@code close()} does not return.
 * <p>
 * It runs before any other destruction callback and applies only to beans that have one
 * of their own, and only records anything once a shutdown is under way.
 * <p>
 * Internal, not API: public for the starter's auto-configuration and integrations.
 */
public final class BeanDestructionRecorder
		implements DestructionAwareBeanPostProcessor, PriorityOrdered, BeanFactoryAware, SmartInitializingSingleton {

	private static final String PRE_DESTROY = "jakarta.annotation.PreDestroy";

	private final Map<Class<?>, Boolean> hasCallbacks = new ConcurrentHashMap<>();

	private final @Nullable Class<?> preDestroy;

	private @Nullable BeanFactory beanFactory;

	private volatile @Nullable ShutdownCoordinator coordinator;

	/**
	 * Create a new tracker.
	 */
	public BeanDestructionRecorder() {
		this.preDestroy = ClassUtils.isPresent(PRE_DESTROY, BeanDestructionRecorder.class.getClassLoader())
				? ClassUtils.resolveClassName(PRE_DESTROY, BeanDestructionRecorder.class.getClassLoader()) : null;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (this.beanFactory instanceof ListableBeanFactory listable) {
			listable.getBeanProvider(ShutdownCoordinator.class).ifUnique((found) -> this.coordinator = found);
		}
	}

	@Override
	public void postProcessBeforeDestruction(Object bean, String beanName) {
		ShutdownCoordinator current = this.coordinator;
		if (current != null) {
			current.destroying(beanName, bean.getClass());
		}
	}

	@Override
	public boolean requiresDestruction(Object bean) {
		return this.hasCallbacks.computeIfAbsent(ClassUtils.getUserClass(bean), this::hasOwnDestructionCallback);
	}

	private boolean hasOwnDestructionCallback(Class<?> type) {
		if (DisposableBean.class.isAssignableFrom(type) || AutoCloseable.class.isAssignableFrom(type)) {
			return true;
		}
		Class<?> annotation = this.preDestroy;
		if (annotation == null) {
			return false;
		}
		boolean[] found = new boolean[1];
		ReflectionUtils.doWithMethods(type, (method) -> found[0] = true,
				(method) -> !found[0] && isAnnotated(method, annotation));
		return found[0];
	}

	@SuppressWarnings("unchecked")
	private static boolean isAnnotated(java.lang.reflect.Method method, Class<?> annotation) {
		return method.isAnnotationPresent((Class<? extends java.lang.annotation.Annotation>) annotation);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
