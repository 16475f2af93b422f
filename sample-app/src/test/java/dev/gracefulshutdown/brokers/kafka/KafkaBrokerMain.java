package dev.gracefulshutdown.brokers.kafka;

import java.io.IOException;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A Kafka broker (KRaft, one node) in a JVM of its own, for the whole-process tests: it
 * prints {@value #READY} and its bootstrap address when it is up, and stops when its
 * standard input ends (the test JVM closed it, or ended).
 */
public final class KafkaBrokerMain {

	/**
	 * The start of the line that tells the broker is up, followed by its bootstrap
	 * address.
	 */
	public static final String READY = "Kafka broker ready at ";

	private KafkaBrokerMain() {
	}

	public static void main(String[] args) throws IOException {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
		broker.afterPropertiesSet();
		try {
			System.out.println(READY + broker.getBrokersAsString());
			System.out.flush();
			while (System.in.read() != -1) {
				// Nothing is sent: the end of the input is the signal to stop.
			}
		}
		finally {
			broker.destroy();
		}
	}

}
