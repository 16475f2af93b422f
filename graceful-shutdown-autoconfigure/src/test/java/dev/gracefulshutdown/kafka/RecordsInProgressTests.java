package dev.gracefulshutdown.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.listener.RecordInterceptor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RecordsInProgress}: the interceptors it sets around a container's own,
 * called as the container calls them.
 */
class RecordsInProgressTests {

	private static final Duration UPPER_BOUND = Duration.ofSeconds(10);

	private final Consumer<String, String> consumer = new MockConsumer<>("earliest");

	private final KafkaMessageListenerContainer<String, String> container = new KafkaMessageListenerContainer<>(
			new DefaultKafkaConsumerFactory<>(Map.of()), new ContainerProperties("orders"));

	private final List<String> calls = new CopyOnWriteArrayList<>();

	@Test
	void containerThatIsNotTrackedHasNoRecordsInProgress() {
		assertThat(RecordsInProgress.of(this.container)).isNull();
	}

	@Test
	void recordIsInProgressFromItsInterceptionUntilTheContainerIsDoneWithIt() {
		RecordsInProgress.track(this.container);
		RecordsInProgress inProgress = RecordsInProgress.of(this.container);
		assertThat(inProgress).isNotNull();
		RecordInterceptor<String, String> interceptor = recordInterceptor();
		ConsumerRecord<String, String> order = record(0, 3);
		assertThat(inProgress.describe()).isNull();
		assertThat(interceptor.intercept(order, this.consumer)).isSameAs(order);
		assertThat(inProgress.describe()).isEqualTo("in progress: orders-0@3");
		interceptor.success(order, this.consumer);
		assertThat(inProgress.describe()).isEqualTo("in progress: orders-0@3");
		interceptor.afterRecord(order, this.consumer);
		assertThat(inProgress.describe()).isNull();
		interceptor.intercept(record(0, 4), this.consumer);
		// The end of a poll's records clears it, whatever became of them.
		interceptor.clearThreadState(this.consumer);
		assertThat(inProgress.describe()).isNull();
	}

	@Test
	void theContainersOwnInterceptorsAreCalledAsBeforeAndMayStillSkipARecord() {
		this.container.setRecordInterceptor(new ApplicationRecordInterceptor());
		this.container.setBatchInterceptor(new ApplicationBatchInterceptor());
		RecordsInProgress.track(this.container);
		RecordInterceptor<String, String> interceptor = recordInterceptor();
		ConsumerRecord<String, String> skipped = record(0, 3);
		interceptor.setupThreadState(this.consumer);
		assertThat(interceptor.intercept(skipped, this.consumer)).isNull();
		interceptor.failure(skipped, new IllegalStateException(), this.consumer);
		interceptor.afterRecord(skipped, this.consumer);
		interceptor.clearThreadState(this.consumer);
		BatchInterceptor<String, String> batchInterceptor = batchInterceptor();
		ConsumerRecords<String, String> batch = batch(record(0, 4));
		batchInterceptor.setupThreadState(this.consumer);
		assertThat(batchInterceptor.intercept(batch, this.consumer)).isSameAs(batch);
		batchInterceptor.success(batch, this.consumer);
		batchInterceptor.failure(batch, new IllegalStateException(), this.consumer);
		batchInterceptor.clearThreadState(this.consumer);
		assertThat(this.calls).containsExactly("setupThreadState", "intercept orders-0@3", "failure orders-0@3",
				"afterRecord orders-0@3", "clearThreadState", "batch setupThreadState", "batch intercept 1",
				"batch success 1", "batch failure 1", "batch clearThreadState");
		assertThat(RecordsInProgress.of(this.container).describe()).isNull();
	}

	@Test
	void batchIsInProgressByItsPartitionsOffsetRangesUntilTheListenerIsDoneWithIt() {
		RecordsInProgress.track(this.container);
		RecordsInProgress inProgress = RecordsInProgress.of(this.container);
		BatchInterceptor<String, String> interceptor = batchInterceptor();
		ConsumerRecords<String, String> batch = batch(record(1, 7), record(0, 4), record(0, 5));
		interceptor.intercept(batch, this.consumer);
		assertThat(inProgress.describe()).isEqualTo("in progress: orders-0@4..5, orders-1@7");
		interceptor.failure(batch, new IllegalStateException(), this.consumer);
		assertThat(inProgress.describe()).isNull();
	}

	@Test
	void eachConsumerThreadHasItsRecordAndOneThatHasEndedHasNone() throws Exception {
		RecordsInProgress.track(this.container);
		RecordsInProgress inProgress = RecordsInProgress.of(this.container);
		RecordInterceptor<String, String> interceptor = recordInterceptor();
		CountDownLatch started = new CountDownLatch(2);
		CountDownLatch release = new CountDownLatch(1);
		Thread first = consumerThread(interceptor, record(0, 3), started, release);
		Thread second = consumerThread(interceptor, record(1, 8), started, release);
		assertThat(started.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		assertThat(inProgress.describe()).isEqualTo("in progress: orders-0@3, orders-1@8");
		// The threads end in the middle of their records, as a consumer thread killed
		// by an Error would.
		release.countDown();
		first.join(UPPER_BOUND.toMillis());
		second.join(UPPER_BOUND.toMillis());
		assertThat(inProgress.describe()).isNull();
	}

	@Test
	void trackingTwiceKeepsTheFirstTracking() {
		RecordsInProgress.track(this.container);
		RecordsInProgress first = RecordsInProgress.of(this.container);
		RecordInterceptor<String, String> interceptor = recordInterceptor();
		RecordsInProgress.track(this.container);
		assertThat(RecordsInProgress.of(this.container)).isSameAs(first);
		assertThat(recordInterceptor()).isSameAs(interceptor);
	}

	private Thread consumerThread(RecordInterceptor<String, String> interceptor, ConsumerRecord<String, String> order,
			CountDownLatch started, CountDownLatch release) {
		Thread thread = new Thread(() -> {
			interceptor.intercept(order, this.consumer);
			started.countDown();
			try {
				release.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "consumer-" + order.partition());
		thread.start();
		return thread;
	}

	private RecordInterceptor<String, String> recordInterceptor() {
		RecordInterceptor<String, String> interceptor = this.container.getRecordInterceptor();
		assertThat(interceptor).isNotNull();
		return interceptor;
	}

	private BatchInterceptor<String, String> batchInterceptor() {
		BatchInterceptor<String, String> interceptor = this.container.getBatchInterceptor();
		assertThat(interceptor).isNotNull();
		return interceptor;
	}

	private static ConsumerRecord<String, String> record(int partition, long offset) {
		return new ConsumerRecord<>("orders", partition, offset, null, "order");
	}

	@SafeVarargs
	private static ConsumerRecords<String, String> batch(ConsumerRecord<String, String>... records) {
		Map<TopicPartition, List<ConsumerRecord<String, String>>> byPartition = new LinkedHashMap<>();
		for (ConsumerRecord<String, String> consumed : records) {
			byPartition
				.computeIfAbsent(new TopicPartition(consumed.topic(), consumed.partition()),
						(partition) -> new ArrayList<>())
				.add(consumed);
		}
		Map<TopicPartition, OffsetAndMetadata> next = Map.of();
		return new ConsumerRecords<>(byPartition, next);
	}

	private static String name(ConsumerRecord<?, ?> consumed) {
		return consumed.topic() + "-" + consumed.partition() + "@" + consumed.offset();
	}

	/**
	 * The application's {@link RecordInterceptor}, which skips every record.
	 */
	private final class ApplicationRecordInterceptor implements RecordInterceptor<String, String> {

		@Override
		public void setupThreadState(Consumer<?, ?> consumer) {
			RecordsInProgressTests.this.calls.add("setupThreadState");
		}

		@Override
		public @Nullable ConsumerRecord<String, String> intercept(ConsumerRecord<String, String> record,
				Consumer<String, String> consumer) {
			RecordsInProgressTests.this.calls.add("intercept " + name(record));
			return null;
		}

		@Override
		public void success(ConsumerRecord<String, String> record, Consumer<String, String> consumer) {
			RecordsInProgressTests.this.calls.add("success " + name(record));
		}

		@Override
		public void failure(ConsumerRecord<String, String> record, Exception exception,
				Consumer<String, String> consumer) {
			RecordsInProgressTests.this.calls.add("failure " + name(record));
		}

		@Override
		public void afterRecord(ConsumerRecord<String, String> record, Consumer<String, String> consumer) {
			RecordsInProgressTests.this.calls.add("afterRecord " + name(record));
		}

		@Override
		public void clearThreadState(Consumer<?, ?> consumer) {
			RecordsInProgressTests.this.calls.add("clearThreadState");
		}

	}

	/**
	 * The application's {@link BatchInterceptor}.
	 */
	private final class ApplicationBatchInterceptor implements BatchInterceptor<String, String> {

		@Override
		public void setupThreadState(Consumer<?, ?> consumer) {
			RecordsInProgressTests.this.calls.add("batch setupThreadState");
		}

		@Override
		public ConsumerRecords<String, String> intercept(ConsumerRecords<String, String> records,
				Consumer<String, String> consumer) {
			RecordsInProgressTests.this.calls.add("batch intercept " + records.count());
			return records;
		}

		@Override
		public void success(ConsumerRecords<String, String> records, Consumer<String, String> consumer) {
			RecordsInProgressTests.this.calls.add("batch success " + records.count());
		}

		@Override
		public void failure(ConsumerRecords<String, String> records, Exception exception,
				Consumer<String, String> consumer) {
			RecordsInProgressTests.this.calls.add("batch failure " + records.count());
		}

		@Override
		public void clearThreadState(Consumer<?, ?> consumer) {
			RecordsInProgressTests.this.calls.add("batch clearThreadState");
		}

	}

}
