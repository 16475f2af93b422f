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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole-process test of the RabbitMQ listeners' drain, on a real broker: four messages,
 * the sample's listener ({@code rabbit} profile) taking 3 s for each, {@code SIGTERM}
 * while it works on the first; then the next consumer of the queue (in this JVM) takes
 * what is left. The message in progress is finished and acknowledged, the prefetched ones
 * go back to the queue: none missing, none processed twice, none cut, and the instance
 * exits with 0 soon after its message is done. Plain Spring Boot closes the channel under
 * the message in progress after Spring AMQP's 5 s {@code shutdownTimeout}, so that with
 * messages of 12 s it is cut and processed again (docs/benchmarks.md).
 */
@WholeProcessTest
@Order(11)
class RabbitListenersIT {

	private static final int MESSAGES = 4;

	private static final Duration WORK = Duration.ofSeconds(3);

	private static final Duration LINE_TIMEOUT = Duration.ofSeconds(60);

	private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(40);

	/**
	 * The sample's deadline, which the instance must not need.
	 */
	private static final Duration DEADLINE = Duration.ofSeconds(25);

	@Test
	@AlsoOnSpringBoot40
	void messageInProgressIsFinishedAndAcknowledgedAndThePrefetchedOnesGoBackToTheQueue(TestInfo testInfo)
			throws Exception {
		RabbitBroker broker = RabbitBroker.shared(SampleAppProcess.logDirectory().getParent());
		String queue = "orders-" + UUID.randomUUID();
		List<String> orders = IntStream.rangeClosed(1, MESSAGES).mapToObj((i) -> "order " + i).toList();
		broker.send(queue, orders);
		List<String> log;
		try (SampleAppProcess app = SampleAppProcess.start(testInfo, "--spring.profiles.active=rabbit",
				"--spring.rabbitmq.port=" + broker.port(), "--sample.orders.queue=" + queue,
				"--sample.orders.work=" + WORK.toMillis() + "ms")) {
			app.waitForLine("order 1 started", LINE_TIMEOUT);
			app.signal("TERM");
			assertThat(app.awaitExit(EXIT_TIMEOUT)).as("exit code").isZero();
			assertThat(app.signalToExit()).as("from the signal to the exit").isLessThan(DEADLINE);
			log = app.linesContaining(": order ");
		}
		Set<String> done = orders(log, " done");
		Set<String> started = orders(log, " started");
		List<String> notDone = new ArrayList<>(orders);
		notDone.removeAll(done);
		// The next consumer of the queue: what it gets is what the instance gave back.
		List<String> taken = broker.takeTheRest(queue, notDone);
		List<String> missing = new ArrayList<>(notDone);
		missing.removeAll(taken);
		Set<String> repeated = new LinkedHashSet<>(done);
		repeated.retainAll(taken);
		Set<String> cut = new LinkedHashSet<>(started);
		cut.removeAll(done);
		assertThat(missing).as("never processed").isEmpty();
		assertThat(repeated).as("processed twice").isEmpty();
		assertThat(cut).as("started by the instance and never finished there").isEmpty();
		assertThat(done).as("done by the instance").containsExactly("order 1");
		assertThat(taken).as("given back to the queue").containsExactlyInAnyOrder("order 2", "order 3", "order 4");
	}

	private static Set<String> orders(List<String> log, String suffix) {
		Set<String> orders = new LinkedHashSet<>();
		for (String line : log) {
			for (int i = 1; i <= MESSAGES; i++) {
				if (line.endsWith(": order " + i + suffix)) {
					orders.add("order " + i);
				}
			}
		}
		return orders;
	}

}
