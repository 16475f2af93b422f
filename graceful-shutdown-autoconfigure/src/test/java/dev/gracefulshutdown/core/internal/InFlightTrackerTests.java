package dev.gracefulshutdown.core.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link InFlightTracker}.
 */
class InFlightTrackerTests {

	private static final Duration LONG = Duration.ofSeconds(30);

	private static final Duration UPPER_BOUND = Duration.ofSeconds(10);

	private final InFlightTracker tracker = new InFlightTracker();

	private Drainer drainer;

	@AfterEach
	void stopDrainer() throws InterruptedException {
		if (this.drainer != null) {
			this.drainer.thread.interrupt();
			this.drainer.thread.join(UPPER_BOUND.toMillis());
		}
	}

	@Test
	void countsWorkInFlight() {
		this.tracker.started();
		this.tracker.started();
		this.tracker.finished();
		assertThat(this.tracker.inFlight()).isOne();
	}

	@Test
	void isNotDrainingUntilTheDrainStarts() {
		assertThat(this.tracker.isDraining()).isFalse();
		this.tracker.drain(settings(Duration.ZERO, Duration.ZERO, Duration.ZERO), Deadline.startingNow(LONG));
		assertThat(this.tracker.isDraining()).isTrue();
	}

	@Test
	void requestsBeforeTheDrainAreNotCountedAsAcceptedDuringIt() {
		this.tracker.started();
		this.tracker.finished();
		assertThat(this.tracker.acceptedDuringDrain()).isZero();
	}

	@Test
	void drainReturnsAtOnceWhenNothingIsInFlightAndDelaysAreZero() {
		long start = System.nanoTime();
		DrainOutcome outcome = this.tracker.drain(settings(Duration.ZERO, Duration.ZERO, LONG),
				Deadline.startingNow(LONG));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(UPPER_BOUND);
		assertThat(outcome).isEqualTo(new DrainOutcome(0, 0, 0, false));
	}

	@Test
	void drainWaitsForWorkInFlightAndReturnsPromptlyWhenTheLastOneFinishes() throws Exception {
		this.tracker.started();
		this.tracker.started();
		this.drainer = Drainer.start(this.tracker, settings(Duration.ZERO, Duration.ZERO, LONG),
				Deadline.startingNow(LONG));
		this.drainer.awaitWaiting(this.tracker);
		this.tracker.finished();
		this.drainer.awaitWaiting(this.tracker);
		assertThat(this.drainer.outcome).isNotDone();
		long lastFinished = System.nanoTime();
		this.tracker.finished();
		DrainOutcome outcome = this.drainer.outcome();
		assertThat(outcome).isEqualTo(new DrainOutcome(2, 0, 0, false));
		assertThat(this.drainer.endNanos.get()).isGreaterThanOrEqualTo(lastFinished);
		assertThat(Duration.ofNanos(this.drainer.endNanos.get() - lastFinished)).isLessThan(UPPER_BOUND);
	}

	@Test
	void drainLastsAtLeastTheMinimumDelay() {
		Duration minDelay = Duration.ofMillis(300);
		long start = System.nanoTime();
		DrainOutcome outcome = this.tracker.drain(settings(minDelay, Duration.ZERO, LONG), Deadline.startingNow(LONG));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(minDelay);
		assertThat(outcome.cutShort()).isFalse();
	}

	@Test
	void drainLastsAtLeastTheQuietPeriodWhenNothingHappens() {
		Duration quietPeriod = Duration.ofMillis(300);
		long start = System.nanoTime();
		DrainOutcome outcome = this.tracker.drain(settings(Duration.ZERO, quietPeriod, LONG),
				Deadline.startingNow(LONG));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(quietPeriod);
		assertThat(outcome.cutShort()).isFalse();
	}

	@Test
	void quietPeriodRestartsWhenARequestArrives() throws Exception {
		// Generous quiet period: the second request must arrive while the first quiet
		// period still runs, on a machine that may be busy.
		Duration quietPeriod = Duration.ofSeconds(2);
		this.tracker.started();
		this.drainer = Drainer.start(this.tracker, settings(Duration.ZERO, quietPeriod, LONG),
				Deadline.startingNow(LONG));
		this.drainer.awaitWaiting(this.tracker);
		this.tracker.finished();
		long secondArrived = System.nanoTime();
		this.tracker.started();
		assertThat(this.drainer.outcome).isNotDone();
		this.tracker.finished();
		DrainOutcome outcome = this.drainer.outcome();
		assertThat(outcome).isEqualTo(new DrainOutcome(1, 1, 0, false));
		assertThat(Duration.ofNanos(this.drainer.endNanos.get() - secondArrived)).isGreaterThanOrEqualTo(quietPeriod);
	}

	@Test
	void drainEndsAsSoonAsTheLastRequestFinishesWhenNoneArrivedForTheQuietPeriod() throws Exception {
		// The quiet period counts from the last arrival: a long request that started
		// before the drain does not restart it when it finishes.
		Duration quietPeriod = Duration.ofMillis(200);
		this.tracker.started();
		this.drainer = Drainer.start(this.tracker, settings(Duration.ZERO, quietPeriod, LONG),
				Deadline.startingNow(LONG));
		long drainStartedBefore = System.nanoTime();
		this.drainer.awaitWaiting(this.tracker);
		await().atMost(UPPER_BOUND).until(() -> System.nanoTime() - drainStartedBefore > quietPeriod.toNanos());
		long lastFinished = System.nanoTime();
		this.tracker.finished();
		assertThat(this.drainer.outcome()).isEqualTo(new DrainOutcome(1, 0, 0, false));
		assertThat(Duration.ofNanos(this.drainer.endNanos.get() - lastFinished)).isLessThan(quietPeriod);
	}

	@Test
	void probesAreInFlightButNeitherServedDuringTheDrainNorRestartingTheQuietPeriod() throws Exception {
		Duration quietPeriod = Duration.ofMillis(500);
		this.tracker.started();
		this.drainer = Drainer.start(this.tracker, settings(Duration.ZERO, quietPeriod, LONG),
				Deadline.startingNow(LONG));
		long drainStartedBefore = System.nanoTime();
		this.drainer.awaitWaiting(this.tracker);
		this.tracker.startedProbe();
		assertThat(this.tracker.inFlight()).isEqualTo(2);
		this.tracker.finished();
		this.tracker.finished();
		DrainOutcome outcome = this.drainer.outcome();
		assertThat(outcome).isEqualTo(new DrainOutcome(1, 0, 0, false));
		assertThat(this.tracker.acceptedDuringDrain()).isZero();
		assertThat(Duration.ofNanos(this.drainer.endNanos.get() - drainStartedBefore))
			.isGreaterThanOrEqualTo(quietPeriod);
	}

	@Test
	void maximumDelayCutsTheDrainShort() {
		Duration maxDelay = Duration.ofMillis(300);
		this.tracker.started();
		this.tracker.started();
		long start = System.nanoTime();
		DrainOutcome outcome = this.tracker.drain(settings(Duration.ZERO, Duration.ZERO, maxDelay),
				Deadline.startingNow(LONG));
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		assertThat(outcome).isEqualTo(new DrainOutcome(2, 0, 2, true));
		assertThat(elapsed).isGreaterThanOrEqualTo(maxDelay).isLessThan(UPPER_BOUND);
	}

	@Test
	void deadlineShorterThanTheMaximumDelayBoundsTheDrain() {
		Deadline deadline = Deadline.startingNow(Duration.ofMillis(300));
		this.tracker.started();
		DrainOutcome outcome = this.tracker.drain(settings(Duration.ZERO, Duration.ZERO, LONG), deadline);
		long end = System.nanoTime();
		assertThat(outcome).isEqualTo(new DrainOutcome(1, 0, 1, true));
		assertThat(end - deadline.endNanos()).isNotNegative();
		assertThat(Duration.ofNanos(end - deadline.startNanos())).isLessThan(UPPER_BOUND);
	}

	@Test
	void deadlineShorterThanTheMinimumDelayBoundsTheDrain() {
		Deadline deadline = Deadline.startingNow(Duration.ofMillis(300));
		DrainOutcome outcome = this.tracker.drain(settings(LONG, Duration.ZERO, LONG), deadline);
		long end = System.nanoTime();
		assertThat(outcome.cutShort()).isTrue();
		assertThat(end - deadline.endNanos()).isNotNegative();
		assertThat(Duration.ofNanos(end - deadline.startNanos())).isLessThan(UPPER_BOUND);
	}

	@Test
	void countsRequestsThatStartedAfterTheDrainBegan() throws Exception {
		this.tracker.started();
		this.drainer = Drainer.start(this.tracker, settings(Duration.ZERO, Duration.ZERO, LONG),
				Deadline.startingNow(LONG));
		this.drainer.awaitWaiting(this.tracker);
		this.tracker.started();
		this.tracker.started();
		assertThat(this.tracker.acceptedDuringDrain()).isEqualTo(2);
		this.tracker.finished();
		this.tracker.finished();
		this.tracker.finished();
		assertThat(this.drainer.outcome()).isEqualTo(new DrainOutcome(1, 2, 0, false));
	}

	@Test
	void interruptEndsTheWaitAndKeepsTheInterruptStatus() throws Exception {
		this.tracker.started();
		this.drainer = Drainer.start(this.tracker, settings(Duration.ZERO, Duration.ZERO, LONG),
				Deadline.startingNow(LONG));
		this.drainer.awaitWaiting(this.tracker);
		this.drainer.thread.interrupt();
		assertThat(this.drainer.outcome()).isEqualTo(new DrainOutcome(1, 0, 1, true));
		assertThat(this.drainer.interruptedAfterDrain.get()).isTrue();
	}

	private static DrainSettings settings(Duration minDelay, Duration quietPeriod, Duration maxDelay) {
		return new DrainSettings(minDelay, quietPeriod, maxDelay, true);
	}

	/**
	 * Runs a drain on a thread of its own.
	 */
	private static final class Drainer {

		private final CompletableFuture<DrainOutcome> outcome = new CompletableFuture<>();

		private final AtomicLong endNanos = new AtomicLong();

		private final AtomicBoolean interruptedAfterDrain = new AtomicBoolean();

		private final Thread thread;

		private Drainer(InFlightTracker tracker, DrainSettings settings, Deadline deadline) {
			this.thread = new Thread(() -> {
				try {
					DrainOutcome result = tracker.drain(settings, deadline);
					this.endNanos.set(System.nanoTime());
					this.interruptedAfterDrain.set(Thread.currentThread().isInterrupted());
					this.outcome.complete(result);
				}
				catch (Throwable ex) {
					this.outcome.completeExceptionally(ex);
				}
			}, "test-drainer");
			this.thread.setDaemon(true);
		}

		static Drainer start(InFlightTracker tracker, DrainSettings settings, Deadline deadline) {
			Drainer drainer = new Drainer(tracker, settings, deadline);
			drainer.thread.start();
			return drainer;
		}

		/**
		 * Wait until the drain has started and its thread waits on the tracker: the drain
		 * blocks nowhere else.
		 */
		void awaitWaiting(InFlightTracker tracker) {
			await().atMost(UPPER_BOUND)
				.pollInterval(Duration.ofMillis(5))
				.until(() -> tracker.isDraining() && (this.thread.getState() == Thread.State.TIMED_WAITING
						|| this.thread.getState() == Thread.State.WAITING));
		}

		DrainOutcome outcome() throws Exception {
			return this.outcome.get(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS);
		}

	}

}
