package dev.gracefulshutdown.sample;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.amqp.rabbit.annotation.Queue;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Under the {@code rabbit} profile: a service that takes its work from a RabbitMQ queue,
 * one message at a time, each taking {@code sample.orders.work}. When the shutdown
 * starts, the starter lets the message in progress finish and be acknowledged, and the
 * messages prefetched but not started go back to the queue for the instances that stay
 * (docs/work.md). Plain Spring Boot closes the channel under the message in progress 5 s
 * into the shutdown, and it is processed again elsewhere.
 */
@Component
@Profile("rabbit")
class OrdersListener {

	private static final Log logger = LogFactory.getLog(OrdersListener.class);

	private final Duration work;

	OrdersListener(@Value("${sample.orders.work}") Duration work) {
		this.work = work;
	}

	@RabbitListener(id = "orders", queuesToDeclare = @Queue("${sample.orders.queue}"))
	@SuppressWarnings("checkstyle:regexp") // the work this listener stands for
	void onOrder(String order) throws InterruptedException {
		logger.info(order + " started");
		Thread.sleep(this.work.toMillis());
		logger.info(order + " done");
	}

}
