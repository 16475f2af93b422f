package dev.gracefulshutdown.core.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import dev.gracefulshutdown.ShutdownOutcome;
import dev.gracefulshutdown.ShutdownReason;
import dev.gracefulshutdown.ShutdownRequest;
import dev.gracefulshutdown.ShutdownState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ShutdownProgress}: each step that must happen once has one winner.
 */
class ShutdownProgressTests {

	private static final Duration UPPER_BOUND = Duration.ofSeconds(10);

	private final ShutdownProgress progress = new ShutdownProgress();

	@Test
	void firstRequestStartsTheShutdownAndLaterOnesJoinIt() {
		ShutdownRequest first = ShutdownRequest.now(ShutdownReason.SIGNAL, "SIGTERM");
		List<Deadline> armed = new ArrayList<>();
		ShutdownProgress.Started started = this.progress.start(first, () -> Deadline.startingNow(Duration.ofSeconds(5)),
				armed::add);
		assertThat(started).isNotNull();
		assertThat(armed).containsExactly(started.deadline());
		assertThat(this.progress.state()).isEqualTo(ShutdownState.DRAINING);
		assertThat(this.progress.start(ShutdownRequest.now(ShutdownReason.REQUESTED, "API"),
				() -> Deadline.startingNow(Duration.ofSeconds(5)), armed::add))
			.isNull();
		assertThat(armed).hasSize(1);
		assertThat(this.progress.current().request()).isSameAs(first);
	}

	@Test
	void firstRequestThatEndsTheProcessDecidesTheExit() {
		ShutdownRequest first = ShutdownRequest.now(ShutdownReason.SIGNAL, "SIGTERM");
		this.progress.start(first, () -> Deadline.startingNow(Duration.ofSeconds(5)), (deadline) -> {
		});
		assertThat(this.progress.exitRequest()).isNull();
		assertThat(this.progress.deciding()).isSameAs(first);
		ShutdownRequest exiting = ShutdownRequest.now(ShutdownReason.REQUESTED, "API");
		assertThat(this.progress.claimExit(exiting)).isTrue();
		assertThat(this.progress.claimExit(first)).isFalse();
		assertThat(this.progress.deciding()).isSameAs(exiting);
	}

	@Test
	void gracefulExitAndTimeoutExcludeEachOther() {
		assertThat(this.progress.decideGracefulExit()).isTrue();
		this.progress.decideTimeout();
		assertThat(this.progress.isTimeoutDecided()).isFalse();
		ShutdownProgress other = new ShutdownProgress();
		other.decideTimeout();
		assertThat(other.isTimeoutDecided()).isTrue();
		assertThat(other.decideGracefulExit()).isFalse();
	}

	@Test
	void reportEndsOnceAndAHaltRevisesItsOutcome() {
		assertThat(this.progress.outcome()).isEqualTo(ShutdownOutcome.IN_PROGRESS);
		assertThat(this.progress.endReport(ShutdownOutcome.COMPLETED)).isTrue();
		assertThat(this.progress.endReport(ShutdownOutcome.DEADLINE_EXCEEDED)).isFalse();
		assertThat(this.progress.outcome()).isEqualTo(ShutdownOutcome.COMPLETED);
		this.progress.revise(ShutdownOutcome.DEADLINE_EXCEEDED);
		assertThat(this.progress.outcome()).isEqualTo(ShutdownOutcome.DEADLINE_EXCEEDED);
	}

	@Test
	void sequenceCompletesOnceAndThenTheApplicationHasStopped() {
		assertThat(this.progress.hasStopped()).isFalse();
		assertThat(this.progress.complete()).isTrue();
		assertThat(this.progress.complete()).isFalse();
		this.progress.stopped();
		assertThat(this.progress.hasStopped()).isTrue();
		assertThat(this.progress.state()).isEqualTo(ShutdownState.STOPPED);
	}

	@Test
	void abandonedWorkIsNamedAndCountsAsATimeout() {
		this.progress.abandoned(List.of("lease 'flush' open for 2s"));
		assertThat(this.progress.hasTimedOut()).isTrue();
		assertThat(this.progress.stragglers()).containsExactly("lease 'flush' open for 2s");
	}

	@Test
	void oneOfManyRacingThreadsWinsEachOnceOnlyStep() throws InterruptedException {
		assertThat(winners(this.progress::claimHalt)).isOne();
		assertThat(winners(this.progress::complete)).isOne();
		assertThat(winners(() -> this.progress.endReport(ShutdownOutcome.ESCALATED))).isOne();
		assertThat(winners(this.progress::claimRequestPublication)).isOne();
	}

	private static int winners(BooleanSupplier step) throws InterruptedException {
		int threads = 8;
		CountDownLatch go = new CountDownLatch(1);
		CountDownLatch done = new CountDownLatch(threads);
		AtomicInteger won = new AtomicInteger();
		for (int i = 0; i < threads; i++) {
			Thread thread = new Thread(() -> {
				try {
					go.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS);
					if (step.getAsBoolean()) {
						won.incrementAndGet();
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				finally {
					done.countDown();
				}
			});
			thread.setDaemon(true);
			thread.start();
		}
		go.countDown();
		assertThat(done.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		return won.get();
	}

}
