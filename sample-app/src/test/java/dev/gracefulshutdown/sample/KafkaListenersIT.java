package dev.gracefulshutdown.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import dev.gracefulshutdown.brokers.kafka.KafkaOrdersApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole-process test of the Kafka listeners' drain, on a real broker: four records, a
 * listener that takes 3 s for each, {@code SIGTERM} while it works on the first; then the
 * next member of the same group (a consumer in this JVM) takes what is left. The record
 * in progress is finished and committed, the others go to the next member: none missing,
 * none processed twice, none cut, and the first exits with 0 soon after its record is
 * done. Plain Spring Boot, whose containers finish their whole last poll before they
 * commit, outlasts its 30 s phase timeout with records of 12 s: exit 143, two records
 * processed again after the restart, one cut (docs/benchmarks.md).
 */
@WholeProcessTest
@Order(16)
class KafkaListenersIT {

	private static final int RECORDS = 4;

	private static final Duration WORK = Duration.ofSeconds(3);

	private static final Duration LINE_TIMEOUT = Duration.ofSeconds(60);

	private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(40);

	/**
	 * The sample's deadline, which the first instance must not need.
	 */
	private static final Duration DEADLINE = Duration.ofSeconds(25);

	@Test
	void recordInProgressIsFinishedAndCommittedAndTheOthersGoToTheNextInstance(TestInfo testInfo) throws Exception {
		KafkaBroker broker = KafkaBroker.shared(SampleAppProcess.logDirectory().getParent());
		String topic = "orders-" + UUID.randomUUID();
		List<String> orders = IntStream.rangeClosed(1, RECORDS).mapToObj((i) -> "order " + i).toList();
		broker.createAndSend(topic, orders);
		String group = "orders-" + UUID.randomUUID();
		List<String> firstLog;
		try (SampleAppProcess first = start(testInfo, broker, topic, group)) {
			first.waitForLine("order 1 started", LINE_TIMEOUT);
			first.signal("TERM");
			assertThat(first.awaitExit(EXIT_TIMEOUT)).as("exit code of the first instance").isZero();
			assertThat(first.signalToExit()).as("from the signal to the exit").isLessThan(DEADLINE);
			firstLog = first.linesContaining(": order ");
		}
		// The next member of the group: the records it gets are what the first left.
		List<String> taken = broker.takeTheRest(topic, group, orders.get(RECORDS - 1));
		Set<String> doneFirst = orders(firstLog, " done");
		Set<String> doneSecond = new LinkedHashSet<>(taken);
		Set<String> startedFirst = orders(firstLog, " started");
		List<String> missing = new ArrayList<>(orders);
		missing.removeAll(doneFirst);
		missing.removeAll(doneSecond);
		Set<String> repeated = new LinkedHashSet<>(doneFirst);
		repeated.retainAll(doneSecond);
		Set<String> cut = new LinkedHashSet<>(startedFirst);
		cut.removeAll(doneFirst);
		assertThat(missing).as("never processed").isEmpty();
		assertThat(repeated).as("processed twice").isEmpty();
		assertThat(cut).as("started by the first instance and never finished there").isEmpty();
		assertThat(doneFirst).as("done by the first instance").containsExactly("order 1");
		assertThat(taken).as("taken by the next member of the group").containsExactly("order 2", "order 3", "order 4");
	}

	private SampleAppProcess start(TestInfo testInfo, KafkaBroker broker, String topic, String group) throws Exception {
		String name = testInfo.getTestClass().get().getSimpleName() + "." + testInfo.getTestMethod().get().getName();
		return SampleAppProcess.start(name,
				List.of("-cp", System.getProperty("java.class.path"), KafkaOrdersApplication.class.getName()),
				KafkaOrdersApplication.class.getSimpleName(), false, "--spring.main.web-application-type=none",
				"--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
				"--spring.kafka.consumer.auto-offset-reset=earliest", "--orders.topic=" + topic,
				"--orders.group=" + group, "--orders.work-ms=" + WORK.toMillis(),
				"--graceful-shutdown.deadline=" + DEADLINE.toSeconds() + "s");
	}

	private static Set<String> orders(List<String> log, String suffix) {
		Set<String> orders = new LinkedHashSet<>();
		for (String line : log) {
			for (int i = 1; i <= RECORDS; i++) {
				if (line.endsWith(": order " + i + suffix)) {
					orders.add("order " + i);
				}
			}
		}
		return orders;
	}

}
