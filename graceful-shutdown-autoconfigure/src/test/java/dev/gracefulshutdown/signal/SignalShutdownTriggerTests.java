package dev.gracefulshutdown.signal;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.gracefulshutdown.ShutdownReason;
import dev.gracefulshutdown.ShutdownRequest;
import dev.gracefulshutdown.core.ShutdownCoordinator;
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
 * on a new thread each.
 */
class SignalShutdownTriggerTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final ShutdownCoordinator coordinator = mock(ShutdownCoordinator.class);

	private final AtomicReference<ShutdownRequest> request = new AtomicReference<>();

	private final SignalShutdownTrigger trigger = new SignalShutdownTrigger(this.coordinator, List.of("TERM"));

	SignalShutdownTriggerTests() {
		given(this.coordinator.request()).willAnswer((invocation) -> Optional.ofNullable(this.request.get()));
	}

	@Test
	void firstSignalRequestsAShutdownThatEndsTheProcess() {
		this.trigger.handle("TERM");
		verify(this.coordinator).requestProcessShutdown(
				argThat((request) -> request.reason() == ShutdownReason.SIGNAL && "SIGTERM".equals(request.origin())));
		verify(this.coordinator, never()).repeatedSignal(any());
	}

	@Test
	void secondSignalAfterTheShutdownStartedIsARepeatedSignal() {
		given(this.coordinator.requestProcessShutdown(any())).willAnswer((invocation) -> {
			this.request.set(invocation.getArgument(0));
			return null;
		});
		this.trigger.handle("TERM");
		this.trigger.handle("INT");
		verify(this.coordinator, times(1)).requestProcessShutdown(any());
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
		Thread second = new Thread(() -> this.trigger.handle("INT"), "SIGINT handler 2");
		second.start();
		// Without the monitor the second handler would not block here: it would find no
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

}
