package dev.gracefulshutdown.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.listener.RecordInterceptor;

/**
 * The records that the consumer threads of one listener container are working on, named
 * as {@code topic-partition@offset} (a batch by its partitions' offset ranges,
 * {@code topic-partition@first..last}) by the lease that the shutdown waits for, so that
 * a record cut by the deadline is named in the report.
 * <p>
 * Kept by interceptors set around the container's own ones before it starts, which they
 * call as the container would: the application's {@code RecordInterceptor} or
 * {@code BatchInterceptor} keeps working. Each record (or batch) costs a thread-local
 * look-up and a volatile write; the text is made only when the lease is named.
 */
final class RecordsInProgress {

	private final Set<Slot> slots = ConcurrentHashMap.newKeySet();

	private final ThreadLocal<Slot> slot = ThreadLocal.withInitial(this::newSlot);

	private RecordsInProgress() {
	}

	/**
	 * Set interceptors that keep the records in progress around the container's own ones,
	 * unless done already. The container must not be running: it reads its interceptors
	 * when it starts (a concurrent container's children copy its ones).
	 * @param <K> the type of the keys
	 * @param <V> the type of the values
	 * @param container the container
	 */
	static <K, V> void track(AbstractMessageListenerContainer<K, V> container) {
		if (of(container) != null) {
			return;
		}
		RecordsInProgress inProgress = new RecordsInProgress();
		container.setRecordInterceptor(new TrackingRecordInterceptor<>(container.getRecordInterceptor(), inProgress));
		container.setBatchInterceptor(new TrackingBatchInterceptor<>(container.getBatchInterceptor(), inProgress));
	}

	/**
	 * Return the records in progress of a container, if they are kept.
	 * @param container the container
	 * @return its records in progress, or {@code null} if they are not kept
	 */
	static @Nullable RecordsInProgress of(MessageListenerContainer container) {
		if (container instanceof AbstractMessageListenerContainer<?, ?> abstractContainer) {
			if (abstractContainer.getRecordInterceptor() instanceof TrackingRecordInterceptor<?, ?> interceptor) {
				return interceptor.inProgress;
			}
			if (abstractContainer.getBatchInterceptor() instanceof TrackingBatchInterceptor<?, ?> interceptor) {
				return interceptor.inProgress;
			}
		}
		return null;
	}

	/**
	 * Describe what is in progress: {@code in progress: orders-0@3, orders-1@7}, or
	 * {@code in progress: orders-0@4..5} for a batch.
	 * @return the description, or {@code null} when no record is in progress
	 */
	@Nullable String describe() {
		List<String> inProgress = new ArrayList<>();
		for (Slot slot : this.slots) {
			Object records = slot.records;
			if (records != null && slot.thread.isAlive()) {
				describe(records, inProgress);
			}
		}
		if (inProgress.isEmpty()) {
			return null;
		}
		inProgress.sort(null);
		return "in progress: " + String.join(", ", inProgress);
	}

	private static void describe(Object records, List<String> descriptions) {
		if (records instanceof ConsumerRecord<?, ?> cRecord) {
			descriptions.add(cRecord.topic() + "-" + cRecord.partition() + "@" + cRecord.offset());
		}
		else if (records instanceof ConsumerRecords<?, ?> batch) {
			for (TopicPartition partition : batch.partitions()) {
				List<? extends ConsumerRecord<?, ?>> ofPartition = batch.records(partition);
				if (!ofPartition.isEmpty()) {
					long first = ofPartition.get(0).offset();
					long last = ofPartition.get(ofPartition.size() - 1).offset();
					descriptions.add(partition + "@" + ((first != last) ? first + ".." + last : first));
				}
			}
		}
	}

	private void started(Object records) {
		this.slot.get().records = records;
	}

	private void finished() {
		this.slot.get().records = null;
	}

	private Slot newSlot() {
		// A container started again consumes on new threads: the old ones' slots go.
		this.slots.removeIf((slot) -> !slot.thread.isAlive());
		Slot slot = new Slot(Thread.currentThread());
		this.slots.add(slot);
		return slot;
	}

	/**
	 * What one consumer thread works on: a {@link ConsumerRecord}, a
	 * {@link ConsumerRecords} batch, or nothing.
	 */
	private static final class Slot {

		private final Thread thread;

		private volatile @Nullable Object records;

		Slot(Thread thread) {
			this.thread = thread;
		}

	}

	/**
	 * Keeps the record in progress, from its interception until the container is done
	 * with it, around the container's own interceptor.
	 *
	 * @param <K> the type of the keys
	 * @param <V> the type of the values
	 */
	private static final class TrackingRecordInterceptor<K, V> implements RecordInterceptor<K, V> {

		private final RecordInterceptor<K, V> delegate;

		private final RecordsInProgress inProgress;

		TrackingRecordInterceptor(@Nullable RecordInterceptor<K, V> delegate, RecordsInProgress inProgress) {
			// Without the container's own, one that changes nothing.
			this.delegate = (delegate != null) ? delegate : (record, consumer) -> record;
			this.inProgress = inProgress;
		}

		@Override
		public void setupThreadState(Consumer<?, ?> consumer) {
			this.delegate.setupThreadState(consumer);
		}

		@Override
		public @Nullable ConsumerRecord<K, V> intercept(ConsumerRecord<K, V> record, Consumer<K, V> consumer) {
			this.inProgress.started(record);
			return this.delegate.intercept(record, consumer);
		}

		@Override
		public void success(ConsumerRecord<K, V> record, Consumer<K, V> consumer) {
			this.delegate.success(record, consumer);
		}

		@Override
		public void failure(ConsumerRecord<K, V> record, Exception exception, Consumer<K, V> consumer) {
			this.delegate.failure(record, exception, consumer);
		}

		@Override
		public void afterRecord(ConsumerRecord<K, V> record, Consumer<K, V> consumer) {
			try {
				this.delegate.afterRecord(record, consumer);
			}
			finally {
				this.inProgress.finished();
			}
		}

		@Override
		public void clearThreadState(Consumer<?, ?> consumer) {
			// After each poll's records, whatever happened to them.
			try {
				this.delegate.clearThreadState(consumer);
			}
			finally {
				this.inProgress.finished();
			}
		}

	}

	/**
	 * Keeps the batch in progress, from its interception until the listener is done with
	 * it, around the container's own interceptor.
	 *
	 * @param <K> the type of the keys
	 * @param <V> the type of the values
	 */
	private static final class TrackingBatchInterceptor<K, V> implements BatchInterceptor<K, V> {

		private final BatchInterceptor<K, V> delegate;

		private final RecordsInProgress inProgress;

		TrackingBatchInterceptor(@Nullable BatchInterceptor<K, V> delegate, RecordsInProgress inProgress) {
			// Without the container's own, one that changes nothing.
			this.delegate = (delegate != null) ? delegate : (records, consumer) -> records;
			this.inProgress = inProgress;
		}

		@Override
		public void setupThreadState(Consumer<?, ?> consumer) {
			this.delegate.setupThreadState(consumer);
		}

		@Override
		public @Nullable ConsumerRecords<K, V> intercept(ConsumerRecords<K, V> records, Consumer<K, V> consumer) {
			this.inProgress.started(records);
			return this.delegate.intercept(records, consumer);
		}

		@Override
		public void success(ConsumerRecords<K, V> records, Consumer<K, V> consumer) {
			try {
				this.delegate.success(records, consumer);
			}
			finally {
				this.inProgress.finished();
			}
		}

		@Override
		public void failure(ConsumerRecords<K, V> records, Exception exception, Consumer<K, V> consumer) {
			try {
				this.delegate.failure(records, exception, consumer);
			}
			finally {
				this.inProgress.finished();
			}
		}

		@Override
		public void clearThreadState(Consumer<?, ?> consumer) {
			// After each poll's batch, whatever happened to it.
			try {
				this.delegate.clearThreadState(consumer);
			}
			finally {
				this.inProgress.finished();
			}
		}

	}

}
