package dev.gracefulshutdown.core.internal;

import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * Tells the coordinator when the last bean has been destroyed. Spring destroys singletons
 * in the reverse order of their creation, and a {@link BeanFactoryPostProcessor} is
 * created before any ordinary bean, so this one is destroyed after all of them.
 * <p>
 * Internal, not API: public for the starter's auto-configuration and integrations.
 */
public final class BeansDestroyedMarker
		implements BeanFactoryPostProcessor, SmartInitializingSingleton, DisposableBean {

	private final AtomicReference<@Nullable Runnable> onDestroyed = new AtomicReference<>();

	private @Nullable ConfigurableListableBeanFactory beanFactory;

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (this.beanFactory != null) {
			this.beanFactory.getBeanProvider(ShutdownCoordinator.class).ifUnique(this::track);
		}
	}

	/**
	 * Tell the given coordinator once every other bean has been destroyed.
	 * @param coordinator the coordinator
	 */
	public void track(ShutdownCoordinator coordinator) {
		this.onDestroyed.set(coordinator::finish);
	}

	@Override
	public void destroy() {
		Runnable action = this.onDestroyed.getAndSet(null);
		if (action != null) {
			action.run();
		}
	}

}
