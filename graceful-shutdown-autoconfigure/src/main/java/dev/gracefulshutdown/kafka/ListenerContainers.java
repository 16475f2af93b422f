package dev.gracefulshutdown.kafka;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.kafka.listener.ListenerContainerRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The listener containers of an application: those of its registries (the
 * {@code @KafkaListener} containers, retry topics' included, which are not beans) and
 * those declared as beans.
 */
final class ListenerContainers {

	private ListenerContainers() {
	}

	/**
	 * Return the listener containers, each once.
	 * @param beanFactory where the registries and the containers are
	 * @return the containers
	 */
	static Set<MessageListenerContainer> of(ListableBeanFactory beanFactory) {
		Set<MessageListenerContainer> containers = Collections.newSetFromMap(new IdentityHashMap<>());
		for (ListenerContainerRegistry registry : beanFactory
			.getBeansOfType(ListenerContainerRegistry.class, false, false)
			.values()) {
			containers.addAll(registry.getAllListenerContainers());
		}
		containers.addAll(beanFactory.getBeansOfType(MessageListenerContainer.class, false, false).values());
		return containers;
	}

}
