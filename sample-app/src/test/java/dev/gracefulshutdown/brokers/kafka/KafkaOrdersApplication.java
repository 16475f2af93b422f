package dev.gracefulshutdown.brokers.kafka;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * A service that takes its work from Kafka: one {@code @KafkaListener} whose work on each
 * record lasts {@code orders.work-ms}, logging when it starts and when it is done. The
 * whole-process test starts it on the test classpath, where the graceful shutdown starter
 * is, against a broker of its own.
 */
@SpringBootApplication
public class KafkaOrdersApplication {

	public static void main(String[] args) {
		SpringApplication.run(KafkaOrdersApplication.class, args);
	}

	/**
	 * The listener.
	 */
	@Component
	static class Orders {

		private static final Log logger = LogFactory.getLog(Orders.class);

		private final long workMillis;

		Orders(@Value("${orders.work-ms}") long workMillis) {
			this.workMillis = workMillis;
		}

		@KafkaListener(id = "orders", topics = "${orders.topic}", groupId = "${orders.group}")
		@SuppressWarnings("checkstyle:regexp") // the work this listener stands for
		void onOrder(String order) throws InterruptedException {
			logger.info(order + " started");
			Thread.sleep(this.workMillis);
			logger.info(order + " done");
		}

	}

}
