package dev.gracefulshutdown.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.kafka.annotation.BackOff;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.annotation.RetryableTopic;
import org.springframework.kafka.config.AbstractKafkaListenerContainerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import dev.gracefulshutdown.ShutdownReport;
import dev.gracefulshutdown.ShutdownReportListener;
import dev.gracefulshutdown.autoconfigure.GracefulShutdownAutoConfiguration;
import dev.gracefulshutdown.autoconfigure.GracefulShutdownKafkaAutoConfiguration;
import dev.gracefulshutdown.core.ProcessExit;
import dev.gracefulshutdown.core.internal.ShutdownCoordinator;
import dev.gracefulshutdown.metrics.ListenersStoppedMetrics;
import dev.gracefulshutdown.metrics.ShutdownMetricNames;
import dev.gracefulshutdown.testsupport.LogRecorder;
import dev.gracefulshutdown.testsupport.RecordingProcessExit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link KafkaListenersDrain}, {@link ImmediateStopPostProcessor} and
 * {@link RecordsInProgressTracking}, wired by the auto-configuration, with
 * {@code @KafkaListener}s (record, batch, concurrent, retry topics) on a real Kafka
 * broker (KRaft, in this JVM) whose context is closed while they process records.
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

	private final Work work = new Work();

	private final RecordingProcessExit processExit = new RecordingProcessExit();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GracefulShutdownAutoConfiguration.class,
				GracefulShutdownKafkaAutoConfiguration.class, KafkaAutoConfiguration.class))
		.withPropertyValues("graceful-shutdown.signals.enabled=false", "logging.level.org.apache.kafka=warn",
				"graceful-shutdown.phases.timeout=" + PHASE_TIMEOUT.toMillis() + "ms",
				"spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
				"spring.kafka.consumer.auto-offset-reset=earliest", "test.topic=" + this.topic,
				"test.group=" + this.group)
		.withBean(ProcessExit.class, () -> this.processExit);

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
	void releaseListeners() {
		this.work.releaseAll();
	}

	@Test
	void recordInProgressCompletesAndIsCommittedTheOthersOfItsPollAreLeftAndTheCloseWaitsForIt() throws Exception {
		broker.addTopics(this.topic);
		ApplicationRecordInterceptor interceptor = new ApplicationRecordInterceptor();
		this.contextRunner.withBean(Orders.class, () -> new Orders(this.work))
			.withBean(RecordInterceptor.class, () -> interceptor)
			.run((context) -> {
				KafkaTemplate<Object, Object> template = context.getBean(KafkaTemplate.class);
				for (int i = 1; i <= 4; i++) {
					template.send(this.topic, "order " + i);
				}
				template.flush();
				this.work.awaitStarted("order 1");
				MessageListenerContainer container = context.getBean(KafkaListenerEndpointRegistry.class)
					.getListenerContainer("orders");
				ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
				SimpleMeterRegistry registry = new SimpleMeterRegistry();
				context.getBean(ListenersStoppedMetrics.class).bindTo(registry);
				CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
				// The drain stopped the container (no more fetching), and the close
				// waits for the record in progress: longer than the phase's timeout,
				// after which Spring would go on closing with the record still in
				// progress.
				Awaitility.await().atMost(UPPER_BOUND).until(() -> !container.isRunning());
				Awaitility.await()
					.during(PHASE_TIMEOUT.multipliedBy(5))
					.atMost(PHASE_TIMEOUT.multipliedBy(10))
					.until(() -> !closing.isDone());
				this.work.release("order 1");
				closing.get(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS);
				assertThat(this.work.started).as("started").containsExactly("order 1");
				assertThat(this.work.processed).as("processed").containsExactly("order 1");
				assertThat(coordinator.hasTimedOut()).isFalse();
				// The application's interceptor, which Spring Boot set on the factory, is
				// still called: the starter's calls it.
				assertThat(interceptor.calls).containsExactly("intercept order 1", "success order 1",
						"afterRecord order 1");
				assertThat(registry.get(ShutdownMetricNames.LISTENERS_STOPPED)
					.tag("kind", "kafka")
					.functionCounter()
					.count()).as("containers the drain stopped").isEqualTo(1);
			});
		assertThat(committedOffset(this.topic, 0))
			.as("committed offset: order 1 done, the next owner starts at order 2")
			.isEqualTo(1);
	}

	@Test
	void recordCutByTheDeadlineIsNamedWithItsContainerInTheWarningAndTheReport() throws Exception {
		broker.addTopics(this.topic);
		AtomicReference<@Nullable ShutdownReport> ended = new AtomicReference<>();
		ShutdownReportListener reports = new ShutdownReportListener() {

			@Override
			public void shutdownEnded(ShutdownReport report) {
				ended.set(report);
			}

		};
		this.contextRunner.withPropertyValues("graceful-shutdown.deadline=2s")
			.withBean(Orders.class, () -> new Orders(this.work))
			.withBean(ShutdownReportListener.class, () -> reports)
			.run((context) -> {
				KafkaTemplate<Object, Object> template = context.getBean(KafkaTemplate.class);
				template.send(this.topic, "order 1");
				template.send(this.topic, "order 2");
				template.flush();
				this.work.awaitStarted("order 1");
				try (LogRecorder log = new LogRecorder(ShutdownCoordinator.class)) {
					// The wait for the container's lease ends at the deadline, with order
					// 1
					// still in progress; the close goes on without it.
					context.close();
					String cut = "lease 'kafka listener container 'orders'' open for \\S+ \\(in progress: "
							+ Pattern.quote(this.topic) + "-0@0\\)";
					assertThat(log.text())
						.containsPattern("WARN Leases still open after \\S+, going on without them: " + cut);
					ShutdownReport report = ended.get();
					assertThat(report).isNotNull();
					assertThat(report.stragglers()).as("stragglers")
						.anySatisfy((straggler) -> assertThat(straggler).matches(cut));
				}
				assertThat(this.work.processed).as("processed").isEmpty();
			});
	}

	@Test
	void batchInProgressCompletesAndIsCommittedAndTheNextConsumerGetsExactlyTheRest() throws Exception {
		broker.addTopics(this.topic);
		// The container starts once every record is there, so that its first poll is
		// orders 1 and 2 (two records a poll).
		ApplicationBatchInterceptor interceptor = new ApplicationBatchInterceptor();
		this.contextRunner.withPropertyValues("spring.kafka.listener.auto-startup=false")
			.withBean(BatchOrders.class, () -> new BatchOrders(this.work))
			.withBean(BatchInterceptor.class, () -> interceptor)
			.run((context) -> {
				KafkaTemplate<Object, Object> template = context.getBean(KafkaTemplate.class);
				for (int i = 1; i <= 4; i++) {
					template.send(this.topic, "order " + i);
				}
				template.flush();
				MessageListenerContainer container = context.getBean(KafkaListenerEndpointRegistry.class)
					.getListenerContainer("batch-orders");
				container.start();
				List<String> batch = List.of("order 1", "order 2");
				this.work.awaitStarted(batch);
				try (LogRecorder log = new LogRecorder(ShutdownCoordinator.class)) {
					CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
					Awaitility.await().atMost(UPPER_BOUND).until(() -> !container.isRunning());
					Awaitility.await()
						.atMost(UPPER_BOUND)
						.untilAsserted(() -> assertThat(log.text()).containsPattern(
								"lease 'kafka listener container 'batch-orders'' open for \\S+ \\(in progress: "
										+ Pattern.quote(this.topic) + "-0@0\\.\\.1\\)"));
					assertThat(closing).isNotDone();
					this.work.release(batch);
					closing.get(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS);
				}
				assertThat(this.work.started).as("started").containsExactly(batch);
				assertThat(this.work.processed).as("processed").containsExactly(batch);
				assertThat(interceptor.calls).containsExactly("intercept [order 1, order 2]",
						"success [order 1, order 2]");
			});
		assertThat(committedOffset(this.topic, 0)).as("committed offset").isEqualTo(2);
		assertThat(takeTheRest(this.topic, this.group, 2)).containsExactly("order 3", "order 4");
	}

	@Test
	void concurrentContainerStopsEveryChildEachAfterItsRecordAndIsWaitedForUntilTheLastHasStopped() throws Exception {
		broker.addTopics(new NewTopic(this.topic, 2, (short) 1));
		this.contextRunner.withBean(PairedOrders.class, () -> new PairedOrders(this.work)).run((context) -> {
			ConcurrentMessageListenerContainer<?, ?> container = (ConcurrentMessageListenerContainer<?, ?>) context
				.getBean(KafkaListenerEndpointRegistry.class)
				.getListenerContainer("paired-orders");
			ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
			// Each child consumes one partition once the group has settled.
			Awaitility.await()
				.atMost(UPPER_BOUND)
				.until(() -> container.getContainers().size() == 2 && container.getContainers()
					.stream()
					.allMatch((child) -> child.getAssignedPartitions() != null
							&& child.getAssignedPartitions().size() == 1));
			KafkaTemplate<Object, Object> template = context.getBean(KafkaTemplate.class);
			template.send(this.topic, 0, null, "a1");
			template.send(this.topic, 0, null, "a2");
			template.send(this.topic, 1, null, "b1");
			template.send(this.topic, 1, null, "b2");
			template.flush();
			this.work.awaitStarted("a1", "b1");
			try (LogRecorder log = new LogRecorder(ShutdownCoordinator.class)) {
				CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
				// One lease for the container, naming both children's records.
				Awaitility.await()
					.atMost(UPPER_BOUND)
					.untilAsserted(() -> assertThat(log.text()).containsPattern(
							"for 1 open lease: lease 'kafka listener container 'paired-orders'' open for \\S+ \\(in progress: "
									+ Pattern.quote(this.topic) + "-0@0, " + Pattern.quote(this.topic) + "-1@0\\)"));
				this.work.release("a1");
				// The first child finishes, commits and stops; the container's lease
				// stays open for the second one.
				Awaitility.await().atMost(UPPER_BOUND).until(() -> committedOffset(this.topic, 0) == 1);
				Awaitility.await()
					.during(PHASE_TIMEOUT.multipliedBy(5))
					.atMost(PHASE_TIMEOUT.multipliedBy(10))
					.until(() -> !closing.isDone());
				this.work.release("b1");
				closing.get(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS);
			}
			assertThat(this.work.started).as("started").containsExactlyInAnyOrder("a1", "b1");
			assertThat(this.work.processed).as("processed").containsExactlyInAnyOrder("a1", "b1");
			assertThat(coordinator.hasTimedOut()).isFalse();
		});
		assertThat(committedOffset(this.topic, 0)).as("committed offset of partition 0").isEqualTo(1);
		assertThat(committedOffset(this.topic, 1)).as("committed offset of partition 1").isEqualTo(1);
	}

	@Test
	void retryTopicContainersStopWithTheMainOneAndNoRecordIsLost() throws Exception {
		broker.addTopics(this.topic);
		AtomicReference<@Nullable MessageListenerContainer> retry = new AtomicReference<>();
		this.contextRunner.withBean(RetriedOrders.class, () -> new RetriedOrders(this.work)).run((context) -> {
			KafkaListenerEndpointRegistry registry = context.getBean(KafkaListenerEndpointRegistry.class);
			ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
			KafkaTemplate<Object, Object> template = context.getBean(KafkaTemplate.class);
			for (int i = 1; i <= 3; i++) {
				template.send(this.topic, "order " + i);
			}
			template.flush();
			// Order 1 failed and waits in the retry topic for its next attempt; order 2
			// is in progress.
			this.work.awaitStarted("order 1", "order 2");
			retry.set(registry.getAllListenerContainers()
				.stream()
				.filter((container) -> container.getListenerId().equals("retried-orders-retry"))
				.findFirst()
				.orElseThrow());
			assertThat(registry.getAllListenerContainers()).hasSizeGreaterThan(2)
				.allMatch(MessageListenerContainer::isRunning);
			CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
			Awaitility.await()
				.atMost(UPPER_BOUND)
				.until(() -> registry.getAllListenerContainers()
					.stream()
					.noneMatch(MessageListenerContainer::isRunning));
			this.work.release("order 2");
			closing.get(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(this.work.started).as("started").containsExactly("order 1", "order 2");
			assertThat(this.work.processed).as("processed").containsExactly("order 2");
			assertThat(coordinator.hasTimedOut()).isFalse();
		});
		assertThat(committedOffset(this.topic, 0)).as("committed offset: order 1 sent for retry, order 2 done")
			.isEqualTo(2);
		MessageListenerContainer retryContainer = retry.get();
		assertThat(retryContainer).isNotNull();
		String retryTopic = retryContainer.getContainerProperties().getTopics()[0];
		assertThat(takeTheRest(retryTopic, retryContainer.getGroupId(), 1)).as("left for the retry topic's next owner")
			.containsExactly("order 1");
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
				.doesNotHaveBean(ImmediateStopPostProcessor.class)
				.doesNotHaveBean(RecordsInProgressTracking.class);
			assertThat(containerFactory(context).getContainerProperties().isStopImmediate()).isFalse();
		});
	}

	private static AbstractKafkaListenerContainerFactory<?, ?, ?> containerFactory(ApplicationContext context) {
		return context.getBean("kafkaListenerContainerFactory", AbstractKafkaListenerContainerFactory.class);
	}

	private static Map<String, Object> consumerConfig(String group) {
		return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
				ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
				ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
				StringDeserializer.class, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
	}

	private long committedOffset(String topic, int partition) {
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig(this.group))) {
			TopicPartition topicPartition = new TopicPartition(topic, partition);
			OffsetAndMetadata committed = consumer.committed(Set.of(topicPartition), UPPER_BOUND).get(topicPartition);
			return (committed != null) ? committed.offset() : -1;
		}
	}

	/**
	 * Consume the given topic as the next member of the group would, from the group's
	 * committed offsets, until the given number of records has come.
	 */
	private static List<String> takeTheRest(String topic, String group, int count) {
		List<String> values = new ArrayList<>();
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig(group))) {
			consumer.subscribe(List.of(topic));
			long end = System.nanoTime() + UPPER_BOUND.toNanos();
			while (values.size() < count && System.nanoTime() < end) {
				for (ConsumerRecord<String, String> consumed : consumer.poll(Duration.ofMillis(200))) {
					values.add(consumed.value());
				}
			}
		}
		return values;
	}

	/**
	 * The work of the listeners: each item (a record's value, a batch's values) lasts
	 * until the test releases it.
	 */
	static final class Work {

		final List<Object> started = new CopyOnWriteArrayList<>();

		final List<Object> processed = new CopyOnWriteArrayList<>();

		private final Map<Object, CountDownLatch> releases = new ConcurrentHashMap<>();

		private volatile boolean releasedAll;

		void process(Object item) throws InterruptedException {
			this.started.add(item);
			if (releaseOf(item).await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
				this.processed.add(item);
			}
		}

		void awaitStarted(Object... items) {
			Awaitility.await().atMost(UPPER_BOUND).until(() -> this.started.containsAll(List.of(items)));
		}

		void release(Object item) {
			releaseOf(item).countDown();
		}

		void releaseAll() {
			this.releasedAll = true;
			this.releases.values().forEach(CountDownLatch::countDown);
		}

		private CountDownLatch releaseOf(Object item) {
			CountDownLatch release = this.releases.computeIfAbsent(item, (key) -> new CountDownLatch(1));
			if (this.releasedAll) {
				release.countDown();
			}
			return release;
		}

	}

	/**
	 * The application's own {@link RecordInterceptor}.
	 */
	static final class ApplicationRecordInterceptor implements RecordInterceptor<Object, Object> {

		final List<String> calls = new CopyOnWriteArrayList<>();

		@Override
		public ConsumerRecord<Object, Object> intercept(ConsumerRecord<Object, Object> record,
				Consumer<Object, Object> consumer) {
			this.calls.add("intercept " + record.value());
			return record;
		}

		@Override
		public void success(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
			this.calls.add("success " + record.value());
		}

		@Override
		public void afterRecord(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
			this.calls.add("afterRecord " + record.value());
		}

	}

	/**
	 * The application's own {@link BatchInterceptor}.
	 */
	static final class ApplicationBatchInterceptor implements BatchInterceptor<Object, Object> {

		final List<String> calls = new CopyOnWriteArrayList<>();

		@Override
		public ConsumerRecords<Object, Object> intercept(ConsumerRecords<Object, Object> records,
				Consumer<Object, Object> consumer) {
			this.calls.add("intercept " + values(records));
			return records;
		}

		@Override
		public void success(ConsumerRecords<Object, Object> records, Consumer<Object, Object> consumer) {
			this.calls.add("success " + values(records));
		}

		private static List<Object> values(ConsumerRecords<Object, Object> records) {
			List<Object> values = new ArrayList<>();
			records.forEach((consumed) -> values.add(consumed.value()));
			return values;
		}

	}

	/**
	 * A record listener.
	 */
	static class Orders {

		private final Work work;

		Orders(Work work) {
			this.work = work;
		}

		@KafkaListener(id = "orders", topics = "${test.topic}", groupId = "${test.group}")
		void onOrder(String order) throws InterruptedException {
			this.work.process(order);
		}

	}

	/**
	 * A batch listener, two records a poll.
	 */
	static class BatchOrders {

		private final Work work;

		BatchOrders(Work work) {
			this.work = work;
		}

		@KafkaListener(id = "batch-orders", topics = "${test.topic}", groupId = "${test.group}", batch = "true",
				properties = "max.poll.records=2")
		void onOrders(List<String> orders) throws InterruptedException {
			this.work.process(List.copyOf(orders));
		}

	}

	/**
	 * A record listener with two consumers.
	 */
	static class PairedOrders {

		private final Work work;

		PairedOrders(Work work) {
			this.work = work;
		}

		@KafkaListener(id = "paired-orders", topics = "${test.topic}", groupId = "${test.group}", concurrency = "2")
		void onOrder(String order) throws InterruptedException {
			this.work.process(order);
		}

	}

	/**
	 * A record listener with a retry topic, where order 1 fails its first attempt and
	 * waits a minute for the next.
	 */
	static class RetriedOrders {

		private final Work work;

		RetriedOrders(Work work) {
			this.work = work;
		}

		@RetryableTopic(attempts = "2", backOff = @BackOff(delay = 60_000))
		@KafkaListener(id = "retried-orders", topics = "${test.topic}", groupId = "${test.group}")
		void onOrder(String order) throws InterruptedException {
			if (order.equals("order 1")) {
				this.work.started.add(order);
				throw new IllegalStateException("first attempt of order 1 fails");
			}
			this.work.process(order);
		}

	}

}
