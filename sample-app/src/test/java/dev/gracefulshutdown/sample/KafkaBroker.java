package dev.gracefulshutdown.sample;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.gracefulshutdown.brokers.kafka.KafkaBrokerMain;

/**
 * One real Kafka broker for all the whole-process tests of a run, in a JVM of its own
 * ({@link KafkaBrokerMain}), started by the first test that asks for it and stopped when
 * the test JVM ends (its standard input closes, or the process is destroyed).
 */
final class KafkaBroker {

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

	private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);

	private static KafkaBroker shared;

	private final Process process;

	private final String bootstrapServers;

	private KafkaBroker(Process process, String bootstrapServers) {
		this.process = process;
		this.bootstrapServers = bootstrapServers;
	}

	/**
	 * Return the broker of this run, starting it on the first call.
	 * @param logDirectory where its log goes
	 * @return the broker
	 * @throws Exception if it cannot be started
	 */
	static synchronized KafkaBroker shared(Path logDirectory) throws Exception {
		if (shared == null || !shared.process.isAlive()) {
			shared = start(logDirectory);
		}
		return shared;
	}

	private static KafkaBroker start(Path logDirectory) throws Exception {
		Files.createDirectories(logDirectory);
		Path log = logDirectory.resolve("kafka-broker.log");
		Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
				KafkaBrokerMain.class.getName())
			.redirectErrorStream(true)
			.start();
		Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "kafka-broker-reaper"));
		BufferedReader output = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		BufferedWriter writer = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
		CompletableFuture<String> ready = new CompletableFuture<>();
		Thread reader = new Thread(() -> copy(output, writer, ready), "kafka-broker-output");
		reader.setDaemon(true);
		reader.start();
		try {
			return new KafkaBroker(process, ready.get(STARTUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
		}
		catch (ExecutionException | TimeoutException ex) {
			process.destroyForcibly();
			throw new IllegalStateException("The Kafka broker did not start within " + STARTUP_TIMEOUT + ", see " + log,
					ex);
		}
	}

	private static void copy(BufferedReader output, BufferedWriter log, CompletableFuture<String> ready) {
		try (output; log) {
			String line;
			while ((line = output.readLine()) != null) {
				log.write(line);
				log.newLine();
				log.flush();
				if (line.startsWith(KafkaBrokerMain.READY)) {
					ready.complete(line.substring(KafkaBrokerMain.READY.length()).trim());
				}
			}
			ready.completeExceptionally(new IllegalStateException("The Kafka broker's output ended"));
		}
		catch (IOException ex) {
			ready.completeExceptionally(new UncheckedIOException(ex));
		}
	}

	/**
	 * Return the address to give the clients.
	 * @return the bootstrap servers
	 */
	String bootstrapServers() {
		return this.bootstrapServers;
	}

	/**
	 * Create a topic of one partition and send it the given records, in that order.
	 * @param topic the topic
	 * @param values the records' values
	 * @throws Exception if the broker does not take them
	 */
	void createAndSend(String topic, List<String> values) throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers))) {
			admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
				.all()
				.get(CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers,
				ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
				ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
			for (String value : values) {
				producer.send(new ProducerRecord<>(topic, value)).get(CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
	}

	/**
	 * Take what is left on the one partition of a topic as the next member of a consumer
	 * group would: from the group's committed offset (or the beginning, without one) to
	 * the last record.
	 * @param topic the topic
	 * @param group the consumer group
	 * @param last the value of the topic's last record
	 * @return the values read, in order
	 */
	List<String> takeTheRest(String topic, String group, String last) {
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers,
				ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
				ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
				StringDeserializer.class, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		List<String> values = new ArrayList<>();
		long giveUp = System.nanoTime() + CLIENT_TIMEOUT.toNanos();
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
			consumer.subscribe(List.of(topic));
			while (!values.contains(last) && System.nanoTime() < giveUp) {
				// Blocks until records come or the second passes.
				consumer.poll(Duration.ofSeconds(1)).forEach((consumed) -> values.add(consumed.value()));
			}
		}
		return values;
	}

}
