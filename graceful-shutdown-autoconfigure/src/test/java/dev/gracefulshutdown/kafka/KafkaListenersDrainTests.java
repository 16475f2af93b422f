package dev.gracefulshutdown.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.AbstractKafkaListenerContainerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import dev.gracefulshutdown.autoconfigure.GracefulShutdownAutoConfiguration;
import dev.gracefulshutdown.autoconfigure.GracefulShutdownKafkaAutoConfiguration;
import dev.gracefulshutdown.core.ProcessExit;
import dev.gracefulshutdown.core.internal.ShutdownCoordinator;
import dev.gracefulshutdown.testsupport.RecordingProcessExit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link KafkaListenersDrain} and {@link ImmediateStopPostProcessor}, wired by
 * the auto-configuration, with a {@code @KafkaListener} on a real Kafka broker (KRaft, in
 * this JVM) whose context is closed while it processes a record.
 */
class KafkaListenersDrainTests {

	private static final Duration UPPER_BOUND = Duration.ofSeconds(30);

	/**
	 * How long each lifecycle phase may take to stop: shorter than the record in
	 * progress, as a record of 12 s is against Spring Boot's 30 s when the container
	 * finishes its whole poll first.
	 */
	private static final Duration PHASE_TIMEOUT = Duration.ofMillis(200);

	private static EmbeddedKafkaKraftBroker broker;

	private final String topic = "orders-" + UUID.randomUUID();

	private final String group = "orders-" + UUID.randomUUID();

	private final Orders orders = new Orders();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GracefulShutdownAutoConfiguration.class,
				GracefulShutdownKafkaAutoConfiguration.class, KafkaAutoConfiguration.class))
		.withPropertyValues("graceful-shutdown.signals.enabled=false", "logging.level.org.apache.kafka=warn",
				"graceful-shutdown.phases.timeout=" + PHASE_TIMEOUT.toMillis() + "ms",
				"spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
				"spring.kafka.consumer.auto-offset-reset=earliest", "test.topic=" + this.topic,
				"test.group=" + this.group)
		.withBean(ProcessExit.class, RecordingProcessExit::new)
		.withBean(Orders.class, () -> this.orders);

	@BeforeAll
	static void startBroker() {
		broker = new EmbeddedKafkaKraftBroker(1, 1);
		broker.afterPropertiesSet();
	}

	@AfterAll
	static void stopBroker() {
		broker.destroy();
	}

	@AfterEach
	void releaseListener() {
		this.orders.release.countDown();
	}

	@Test
	void recordInProgressCompletesAndIsCommittedTheOthersOfItsPollAreLeftAndTheCloseWaitsForIt() throws Exception {
		broker.addTopics(this.topic);
		this.contextRunner.run((context) -> {
			KafkaTemplate<Object, Object> template = context.getBean(KafkaTemplate.class);
			for (int i = 1; i <= 4; i++) {
				template.send(this.topic, "order " + i);
			}
			template.flush();
			assertThat(this.orders.firstStarted.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
			MessageListenerContainer container = context.getBean(KafkaListenerEndpointRegistry.class)
				.getListenerContainer("orders");
			ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
			CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
			// The drain stopped the container (no more fetching), and the close waits for
			// the record in progress: longer than the phase's timeout, after which Spring
			// would go on closing with the record still in progress.
			Awaitility.await().atMost(UPPER_BOUND).until(() -> !container.isRunning());
			Awaitility.await()
				.during(PHASE_TIMEOUT.multipliedBy(5))
				.atMost(PHASE_TIMEOUT.multipliedBy(10))
				.until(() -> !closing.isDone());
			this.orders.release.countDown();
			closing.get(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(this.orders.started).as("started").containsExactly("order 1");
			assertThat(this.orders.processed).as("processed").containsExactly("order 1");
			assertThat(coordinator.hasTimedOut()).isFalse();
		});
		assertThat(committedOffset()).as("committed offset: order 1 done, the next owner starts at order 2")
			.isEqualTo(1);
	}

	@Test
	void containersAreMadeToStopAfterTheRecordInProgress() {
		this.contextRunner.run(
				(context) -> assertThat(containerFactory(context).getContainerProperties().isStopImmediate()).isTrue());
	}

	@Test
	void immediateStopSetByTheApplicationIsKept() {
		this.contextRunner.withPropertyValues("spring.kafka.listener.immediate-stop=false").run((context) -> {
			assertThat(context).hasSingleBean(KafkaListenersDrain.class);
			assertThat(containerFactory(context).getContainerProperties().isStopImmediate()).isFalse();
		});
	}

	@Test
	void disabledLeavesTheContainersToSpringKafka() {
		this.contextRunner.withPropertyValues("graceful-shutdown.kafka.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(KafkaListenersDrain.class)
				.doesNotHaveBean(ImmediateStopPostProcessor.class);
			assertThat(containerFactory(context).getContainerProperties().isStopImmediate()).isFalse();
		});
	}

	private static AbstractKafkaListenerContainerFactory<?, ?, ?> containerFactory(
			org.springframework.context.ApplicationContext context) {
		return context.getBean("kafkaListenerContainerFactory", AbstractKafkaListenerContainerFactory.class);
	}

	private long committedOffset() {
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
				ConsumerConfig.GROUP_ID_CONFIG, this.group, ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
				StringDeserializer.class, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
			TopicPartition partition = new TopicPartition(this.topic, 0);
			OffsetAndMetadata committed = consumer.committed(Set.of(partition), UPPER_BOUND).get(partition);
			return (committed != null) ? committed.offset() : -1;
		}
	}

	/**
	 * A listener whose work on each record lasts until the test releases it.
	 */
	static class Orders {

		final List<String> started = new CopyOnWriteArrayList<>();

		final List<String> processed = new CopyOnWriteArrayList<>();

		final CountDownLatch firstStarted = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		@KafkaListener(id = "orders", topics = "${test.topic}", groupId = "${test.group}")
		void onOrder(String order) throws InterruptedException {
			this.started.add(order);
			this.firstStarted.countDown();
			if (this.release.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
				this.processed.add(order);
			}
		}

	}

}
