package dev.gracefulshutdown.testsupport;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.gracefulshutdown.core.ProcessExit;
import org.jspecify.annotations.Nullable;

/**
 * Records exits and halts, in order, instead of ending the JVM: the one
 * {@link ProcessExit} of the module's tests.
 */
public final class RecordingProcessExit implements ProcessExit {

	private static final Duration UPPER_BOUND = Duration.ofSeconds(30);

	/**
	 * The statuses of every {@link #exit(int)}.
	 */
	public final List<Integer> exits = new CopyOnWriteArrayList<>();

	/**
	 * The statuses of every halt, {@link #haltImmediately(int)} included.
	 */
	public final List<Integer> halts = new CopyOnWriteArrayList<>();

	/**
	 * Every call, in order: {@code exit 0}, {@code halt 124},
	 * {@code haltImmediately 124}.
	 */
	public final List<String> calls = new CopyOnWriteArrayList<>();

	/**
	 * Counted down at the first exit.
	 */
	public final CountDownLatch exited = new CountDownLatch(1);

	/**
	 * Counted down at the first halt.
	 */
	public final CountDownLatch halted = new CountDownLatch(1);

	/**
	 * The name of the thread that exited first.
	 */
	public final AtomicReference<@Nullable String> exitThreadName = new AtomicReference<>();

	/**
	 * When the first halt came ({@link System#nanoTime()}), 0 until then.
	 */
	public final AtomicLong haltNanos = new AtomicLong();

	/**
	 * The threads that asked whether the JVM is exiting.
	 */
	public final List<Thread> jvmExitingQueries = new CopyOnWriteArrayList<>();

	/**
	 * What {@link #isJvmExiting()} answers.
	 */
	public volatile boolean jvmExiting;

	@Override
	public void exit(int status) {
		this.exits.add(status);
		this.calls.add("exit " + status);
		this.exitThreadName.compareAndSet(null, Thread.currentThread().getName());
		this.exited.countDown();
	}

	@Override
	public void halt(int status) {
		halted("halt " + status, status);
	}

	@Override
	public void haltImmediately(int status) {
		halted("haltImmediately " + status, status);
	}

	private void halted(String call, int status) {
		this.haltNanos.compareAndSet(0, System.nanoTime());
		this.halts.add(status);
		this.calls.add(call);
		this.halted.countDown();
	}

	@Override
	public boolean isJvmExiting() {
		this.jvmExitingQueries.add(Thread.currentThread());
		return this.jvmExiting;
	}

	/**
	 * Wait, within a bound, for the first exit.
	 * @return whether it came
	 * @throws InterruptedException if interrupted
	 */
	public boolean awaitExit() throws InterruptedException {
		return this.exited.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Wait, within a bound, for the first halt.
	 * @return whether it came
	 * @throws InterruptedException if interrupted
	 */
	public boolean awaitHalt() throws InterruptedException {
		return this.halted.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Return how long after the given moment the first halt came.
	 * @param startNanos the moment ({@link System#nanoTime()})
	 * @return the time between them
	 */
	public Duration sinceFirstHalt(long startNanos) {
		return Duration.ofNanos(this.haltNanos.get() - startNanos);
	}

	/**
	 * Return the thread of the given name that asked whether the JVM is exiting.
	 * @param threadName the name
	 * @return the thread, or {@code null} if none asked
	 */
	public @Nullable Thread queryFrom(String threadName) {
		for (Thread thread : this.jvmExitingQueries) {
			if (threadName.equals(thread.getName())) {
				return thread;
			}
		}
		return null;
	}

}
