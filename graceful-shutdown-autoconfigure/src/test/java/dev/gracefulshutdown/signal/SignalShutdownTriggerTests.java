package dev.gracefulshutdown.signal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.gracefulshutdown.ShutdownHandle;
import dev.gracefulshutdown.ShutdownReason;
import dev.gracefulshutdown.ShutdownRequest;
import dev.gracefulshutdown.core.internal.ShutdownCoordinator;
import dev.gracefulshutdown.testsupport.LogRecorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * Tests for {@link SignalShutdownTrigger}'s handling of signals, which the JVM delivers
 * on a new thread each, with a clock the tests move.
 */
class SignalShutdownTriggerTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final ShutdownCoordinator coordinator = mock(ShutdownCoordinator.class);

	private static final String ID = "5e0c5e0c-5e0c-5e0c-5e0c-5e0c5e0c5e0c";

	private final AtomicReference<ShutdownRequest> request = new AtomicReference<>();

	/**
	 * The clock the trigger reads when a signal arrives, moved by the tests.
	 */
	private final AtomicLong nanoTime = new AtomicLong(1_000_000_000L);

	private final LogRecorder log = new LogRecorder(SignalShutdownTrigger.class);

	private final SignalShutdownTrigger trigger = new SignalShutdownTrigger(this.coordinator, List.of("TERM", "INT"),
			RepeatedSignals.defaults(), this.nanoTime::get);

	SignalShutdownTriggerTests() {
		given(this.coordinator.request()).willAnswer((invocation) -> Optional.ofNullable(this.request.get()));
		given(this.coordinator.handle())
			.willAnswer((invocation) -> new ShutdownHandle(ID, this.request.get(), new CompletableFuture<>()));
	}

	@AfterEach
	void stopRecording() {
		this.log.close();
	}

	@Test
	void firstSignalRequestsAShutdownThatEndsTheProcess() {
		this.trigger.handle("TERM");
		verify(this.coordinator).requestProcessShutdown(
				argThat((request) -> request.reason() == ShutdownReason.SIGNAL && "SIGTERM".equals(request.origin())));
		verify(this.coordinator, never()).repeatedSignal(any());
	}

	@Test
	void repeatedSigtermJoinsTheShutdownWithTheDefaults() {
		// The public constructor, with the defaults and the real clock.
		SignalShutdownTrigger defaults = new SignalShutdownTrigger(this.coordinator, List.of("TERM"),
				RepeatedSignals.defaults());
		recordRequests();
		defaults.handle("TERM");
		defaults.handle("TERM");
		defaults.handle("TERM");
		verify(this.coordinator, times(1)).requestProcessShutdown(any());
		verify(this.coordinator, never()).repeatedSignal(any());
	}

	@Test
	void stormOfSigtermJoinsWithOneInfoLine() throws Exception {
		recordRequests();
		this.trigger.handle("TERM");
		// The JVM runs each signal's handler on a thread of its own.
		List<Thread> handlers = new ArrayList<>();
		CountDownLatch go = new CountDownLatch(1);
		for (int i = 0; i < 100; i++) {
			this.nanoTime.addAndGet(Duration.ofMillis(10).toNanos());
			Thread handler = new Thread(() -> {
				awaitQuietly(go);
				this.trigger.handle("TERM");
			}, "SIGTERM handler " + i);
			handler.start();
			handlers.add(handler);
		}
		go.countDown();
		for (Thread handler : handlers) {
			handler.join(TIMEOUT.toMillis());
			assertThat(handler.isAlive()).isFalse();
		}
		verify(this.coordinator, times(1)).requestProcessShutdown(any());
		verify(this.coordinator, never()).repeatedSignal(any());
		assertThat(this.log.text().lines().filter((line) -> line.startsWith("INFO "))).singleElement()
			.isEqualTo("INFO SIGTERM again during shutdown " + ID + ": it joins the shutdown"
					+ " (graceful-shutdown.signals.on-repeat.TERM=join); further SIGTERM during this shutdown join it"
					+ " without a log line");
		assertThat(this.log.text()).doesNotContain("WARN").doesNotContain("ERROR");
	}

	@Test
	void sigintAgainWithinTheRepeatWindowJoinsAsTheSameCtrlC() {
		recordRequests();
		this.trigger.handle("INT");
		this.nanoTime.addAndGet(Duration.ofMillis(499).toNanos());
		this.trigger.handle("INT");
		verify(this.coordinator, times(1)).requestProcessShutdown(any());
		verify(this.coordinator, never()).repeatedSignal(any());
		assertThat(this.log.text()).contains("INFO SIGINT again 499 ms after the first signal of shutdown " + ID
				+ ": taken for the same signal delivered twice, it joins the shutdown"
				+ " (within graceful-shutdown.signals.repeat-window=500ms)");
	}

	@Test
	void sigintAgainAfterTheRepeatWindowEscalates() {
		recordRequests();
		this.trigger.handle("INT");
		this.nanoTime.addAndGet(Duration.ofMillis(100).toNanos());
		this.trigger.handle("INT");
		this.nanoTime.addAndGet(Duration.ofMillis(400).toNanos());
		this.trigger.handle("INT");
		verify(this.coordinator, times(1)).requestProcessShutdown(any());
		verify(this.coordinator, times(1)).repeatedSignal("SIGINT");
	}

	@Test
	void theWindowCountsFromTheFirstSignalWhateverItWas() {
		// mvn spring-boot:run: the terminal's SIGINT and Maven's SIGTERM, in either
		// order.
		recordRequests();
		this.trigger.handle("TERM");
		this.nanoTime.addAndGet(Duration.ofMillis(30).toNanos());
		this.trigger.handle("INT");
		verify(this.coordinator, never()).repeatedSignal(any());
		this.nanoTime.addAndGet(Duration.ofSeconds(2).toNanos());
		this.trigger.handle("TERM");
		verify(this.coordinator, never()).repeatedSignal(any());
		this.trigger.handle("INT");
		verify(this.coordinator).repeatedSignal("SIGINT");
	}

	@Test
	void sigtermConfiguredToEscalateEscalatesAfterTheWindow() {
		SignalShutdownTrigger escalating = new SignalShutdownTrigger(this.coordinator, List.of("TERM"),
				new RepeatedSignals(List.of("TERM"), Duration.ofMillis(200)), this.nanoTime::get);
		recordRequests();
		escalating.handle("TERM");
		this.nanoTime.addAndGet(Duration.ofMillis(199).toNanos());
		escalating.handle("TERM");
		verify(this.coordinator, never()).repeatedSignal(any());
		this.nanoTime.addAndGet(Duration.ofMillis(1).toNanos());
		escalating.handle("TERM");
		verify(this.coordinator).repeatedSignal("SIGTERM");
	}

	@Test
	void sigintConfiguredToJoinNeverEscalates() {
		SignalShutdownTrigger joining = new SignalShutdownTrigger(this.coordinator, List.of("INT"),
				new RepeatedSignals(List.of(), RepeatedSignals.DEFAULT_WINDOW), this.nanoTime::get);
		recordRequests();
		joining.handle("INT");
		this.nanoTime.addAndGet(Duration.ofSeconds(5).toNanos());
		joining.handle("INT");
		verify(this.coordinator, never()).repeatedSignal(any());
		assertThat(this.log.text()).contains("INFO SIGINT again during shutdown " + ID + ": it joins the shutdown"
				+ " (graceful-shutdown.signals.on-repeat.INT=join)");
	}

	@Test
	void signalDuringAShutdownStartedOtherwiseIsTheFirstSignal() {
		// The endpoint or the API started the shutdown: the first signal joins it through
		// the coordinator, and only a later one counts as a repeat.
		this.request.set(ShutdownRequest.now(ShutdownReason.REQUESTED, "GracefulShutdown API"));
		this.trigger.handle("INT");
		verify(this.coordinator).requestProcessShutdown(any());
		verify(this.coordinator, never()).repeatedSignal(any());
		this.nanoTime.addAndGet(Duration.ofSeconds(1).toNanos());
		this.trigger.handle("INT");
		verify(this.coordinator).repeatedSignal("SIGINT");
	}

	@Test
	void secondSignalWhileTheFirstIsStillBeingHandedOverWaitsForItThenIsARepeatedSignal() throws Exception {
		CountDownLatch firstHandingOver = new CountDownLatch(1);
		CountDownLatch releaseFirst = new CountDownLatch(1);
		given(this.coordinator.requestProcessShutdown(any())).willAnswer((invocation) -> {
			firstHandingOver.countDown();
			assertThat(releaseFirst.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
			this.request.set(invocation.getArgument(0));
			return null;
		});
		Thread first = new Thread(() -> this.trigger.handle("INT"), "SIGINT handler 1");
		first.start();
		assertThat(firstHandingOver.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		// Outside the window: a person pressing Ctrl-C again.
		this.nanoTime.addAndGet(Duration.ofSeconds(1).toNanos());
		Thread second = new Thread(() -> this.trigger.handle("INT"), "SIGINT handler 2");
		second.start();
		// Without the lock the second handler would not block here: it would find no
		// request yet and join the shutdown instead of escalating it.
		await().atMost(TIMEOUT).until(() -> second.getState() == Thread.State.BLOCKED);
		releaseFirst.countDown();
		first.join(TIMEOUT.toMillis());
		second.join(TIMEOUT.toMillis());
		assertThat(first.isAlive()).isFalse();
		assertThat(second.isAlive()).isFalse();
		verify(this.coordinator, times(1)).requestProcessShutdown(any());
		verify(this.coordinator).repeatedSignal("SIGINT");
	}

	private void recordRequests() {
		given(this.coordinator.requestProcessShutdown(any())).willAnswer((invocation) -> {
			this.request.set(invocation.getArgument(0));
			return null;
		});
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			assertThat(latch.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
