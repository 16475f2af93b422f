package dev.gracefulshutdown.kafka;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.kafka.config.AbstractKafkaListenerContainerFactory;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;

/**
 * Makes every Kafka listener container stop after the record in progress rather than
 * after every record of its last poll ({@code ContainerProperties.stopImmediate}), which
 * a container reads when it starts: on the container factories, and on containers
 * declared as beans. It changes nothing while the application runs; at the shutdown, the
 * records not started go to the partitions' next owner instead of holding this instance
 * past its deadline. Not applied when the application sets
 * {@code spring.kafka.listener.immediate-stop} itself.
 */
public final class ImmediateStopPostProcessor implements BeanPostProcessor {

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof AbstractKafkaListenerContainerFactory<?, ?, ?> factory) {
			factory.getContainerProperties().setStopImmediate(true);
		}
		else if (bean instanceof AbstractMessageListenerContainer<?, ?> container && !container.isRunning()) {
			container.getContainerProperties().setStopImmediate(true);
		}
		return bean;
	}

}
