package dev.gracefulshutdown.core.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.gracefulshutdown.ShutdownReport.BeanTiming;
import dev.gracefulshutdown.ShutdownReport.PhaseTiming;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Records how the lifecycle phases stop: when each phase started, each bean's stop
 * duration, and which beans are still running, for the report and the hang report. The
 * {@link BlockingStopWatch} reads it to find a {@code stop()} that blocks past its
 * phase's timeout. Internal, not API: public for the auto-configuration.
 * <p>
 * Longer than 300 lines because the records of a phase and of a bean's stop are nested in
 * it: they share its lock, which the watch waits on.
 */
public final class LifecycleStopRecorder {

	private final Object lock = new Object();

	private final List<PhaseRecord> phases = new ArrayList<>();

	private volatile long originNanos = System.nanoTime();

	private @Nullable PhaseRecord current;

	private @Nullable Runnable onPhaseStarted;

	private boolean finished;

	/**
	 * Run the given action, with the lock held, each time a phase starts stopping.
	 * @param action the action
	 */
	void onPhaseStarted(Runnable action) {
		synchronized (this.lock) {
			this.onPhaseStarted = action;
		}
	}

	/**
	 * Set the moment offsets are measured from: the first trigger of the shutdown.
	 * @param originNanos the monotonic time
	 */
	void origin(long originNanos) {
		this.originNanos = originNanos;
	}

	/**
	 * A phase starts stopping; the one before it, if any, has ended.
	 * @param phase the phase
	 * @param timeout its timeout
	 */
	public void phaseStarted(int phase, Duration timeout) {
		synchronized (this.lock) {
			long now = System.nanoTime();
			endCurrent(now);
			PhaseRecord record = new PhaseRecord(phase, timeout, now);
			this.phases.add(record);
			this.current = record;
			Runnable action = this.onPhaseStarted;
			if (action != null) {
				action.run();
			}
			this.lock.notifyAll();
		}
	}

	/**
	 * The phase under way passed its timeout with beans still running.
	 * @return the names of the beans still running, with their types
	 */
	public List<String> phaseTimedOut() {
		synchronized (this.lock) {
			PhaseRecord record = this.current;
			if (record == null) {
				return List.of();
			}
			record.timedOut = true;
			return record.running();
		}
	}

	/**
	 * Every phase has stopped.
	 */
	public void finish() {
		synchronized (this.lock) {
			endCurrent(System.nanoTime());
			this.current = null;
			this.finished = true;
			this.lock.notifyAll();
		}
	}

	/**
	 * A bean is asked to stop, on the calling thread.
	 * @param name the bean's name
	 * @param type the bean's class
	 * @param asynchronous whether it completes through a callback
	 * @param selfBounded whether its stop bounds itself (the starter's hooks and drains),
	 * so that a long stop is not an overrun
	 * @return the record to complete
	 */
	public BeanStop stopping(String name, Class<?> type, boolean asynchronous, boolean selfBounded) {
		synchronized (this.lock) {
			PhaseRecord record = this.current;
			BeanStop stop = new BeanStop(name, type, asynchronous, selfBounded, Thread.currentThread(),
					System.nanoTime());
			if (record != null) {
				record.beans.add(stop);
			}
			this.lock.notifyAll();
			return stop;
		}
	}

	/**
	 * Return the phases so far, with offsets from the first trigger.
	 * @return the phase timings
	 */
	public List<PhaseTiming> timings() {
		synchronized (this.lock) {
			List<PhaseTiming> timings = new ArrayList<>();
			for (PhaseRecord record : this.phases) {
				timings.add(record.timing(this.originNanos));
			}
			return timings;
		}
	}

	/**
	 * Return the phase under way, if a phase is stopping.
	 * @return the phase, or {@code null}
	 */
	public @Nullable Integer currentPhase() {
		synchronized (this.lock) {
			PhaseRecord record = this.current;
			return (record != null) ? record.phase : null;
		}
	}

	/**
	 * Return what still runs in the phase under way:
	 * {@code name (type) stopping for 4.1s}.
	 * @return the descriptions
	 */
	public List<String> stillRunning() {
		synchronized (this.lock) {
			PhaseRecord record = this.current;
			return (record != null) ? record.running() : List.of();
		}
	}

	/**
	 * Return the classes of the beans still stopping, so that the threads running their
	 * code can be found.
	 * @return the classes
	 */
	public List<Class<?>> stillRunningTypes() {
		synchronized (this.lock) {
			PhaseRecord record = this.current;
			List<Class<?>> types = new ArrayList<>();
			if (record != null) {
				for (BeanStop stop : record.beans) {
					if (!stop.isCompleted()) {
						types.add(stop.type);
					}
				}
			}
			return types;
		}
	}

	private void endCurrent(long now) {
		PhaseRecord record = this.current;
		if (record != null && record.endNanos == 0) {
			record.endNanos = now;
		}
	}

	/**
	 * Return the lock that guards the record; every change notifies it.
	 * @return the lock
	 */
	Object lock() {
		return this.lock;
	}

	/**
	 * Return whether every phase has stopped. Called with the lock held.
	 * @return whether the record is closed
	 */
	boolean isFinished() {
		return this.finished;
	}

	/**
	 * Return how long until the {@code stop()} that blocks in the phase under way
	 * overruns its phase's timeout. Called with the lock held.
	 * @param now the monotonic time
	 * @return the nanoseconds left, 0 or less if it has overrun, or
	 * {@link Long#MAX_VALUE} if no {@code stop()} blocks
	 */
	long nanosToOverrun(long now) {
		BeanStop blocking = blockingStop();
		PhaseRecord record = this.current;
		if (blocking == null || record == null) {
			return Long.MAX_VALUE;
		}
		return blocking.calledNanos + record.timeout.toNanos() - now;
	}

	/**
	 * Mark the phase under way as timed out because of the {@code stop()} that blocks in
	 * it. Called with the lock held, once {@link #nanosToOverrun(long)} says so.
	 * @return the overrun
	 */
	Overrun overrun() {
		BeanStop blocking = blockingStop();
		PhaseRecord record = this.current;
		Assert.state(blocking != null && record != null, "No stop() blocks");
		record.timedOut = true;
		return new Overrun(record.phase, record.timeout, blocking.name, blocking.type, blocking.thread,
				record.running());
	}

	private @Nullable BeanStop blockingStop() {
		PhaseRecord record = this.current;
		if (record == null) {
			return null;
		}
		for (BeanStop stop : record.beans) {
			if (stop.returnedNanos == 0 && !stop.selfBounded) {
				return stop;
			}
		}
		return null;
	}

	/**
	 * A {@code stop()} that blocked the thread closing the context past its phase's
	 * timeout.
	 *
	 * @param phase the phase
	 * @param timeout the phase's timeout
	 * @param beanName the bean whose {@code stop()} has not returned
	 * @param beanType its class
	 * @param thread the thread blocked in it
	 * @param stillRunning every bean of the phase still running
	 */
	public record Overrun(int phase, Duration timeout, String beanName, Class<?> beanType, Thread thread,
			List<String> stillRunning) {

	}

	/**
	 * One bean's stop, from the call to its completion.
	 */
	public final class BeanStop {

		private final String name;

		private final Class<?> type;

		private final boolean asynchronous;

		private final boolean selfBounded;

		private final Thread thread;

		private final long calledNanos;

		private long returnedNanos;

		private long completedNanos;

		BeanStop(String name, Class<?> type, boolean asynchronous, boolean selfBounded, Thread thread,
				long calledNanos) {
			this.name = name;
			this.type = type;
			this.asynchronous = asynchronous;
			this.selfBounded = selfBounded;
			this.thread = thread;
			this.calledNanos = calledNanos;
		}

		/**
		 * Its {@code stop} method returned (or threw).
		 */
		public void returned() {
			synchronized (LifecycleStopRecorder.this.lock) {
				this.returnedNanos = System.nanoTime();
				if (!this.asynchronous && this.completedNanos == 0) {
					this.completedNanos = this.returnedNanos;
				}
				LifecycleStopRecorder.this.lock.notifyAll();
			}
		}

		/**
		 * It called back: its stop is complete.
		 */
		public void completed() {
			synchronized (LifecycleStopRecorder.this.lock) {
				if (this.completedNanos == 0) {
					this.completedNanos = System.nanoTime();
				}
				LifecycleStopRecorder.this.lock.notifyAll();
			}
		}

		boolean isCompleted() {
			return this.completedNanos != 0;
		}

		String describe(long now) {
			return "'" + this.name + "' (" + this.type.getName() + ") stopping for "
					+ Durations.format(Duration.ofNanos(now - this.calledNanos))
					+ ((this.returnedNanos == 0) ? ", stop() has not returned" : ", has not called back");
		}

		BeanTiming timing() {
			return new BeanTiming(this.name, this.type.getName(),
					(this.completedNanos != 0) ? Duration.ofNanos(this.completedNanos - this.calledNanos) : null);
		}

	}

	private static final class PhaseRecord {

		private final int phase;

		private final Duration timeout;

		private final long startNanos;

		private final List<BeanStop> beans = new ArrayList<>();

		private long endNanos;

		private boolean timedOut;

		PhaseRecord(int phase, Duration timeout, long startNanos) {
			this.phase = phase;
			this.timeout = timeout;
			this.startNanos = startNanos;
		}

		List<String> running() {
			long now = System.nanoTime();
			List<String> running = new ArrayList<>();
			for (BeanStop stop : this.beans) {
				if (!stop.isCompleted()) {
					running.add(stop.describe(now));
				}
			}
			return running;
		}

		PhaseTiming timing(long originNanos) {
			List<BeanTiming> timings = new ArrayList<>();
			for (BeanStop stop : this.beans) {
				timings.add(stop.timing());
			}
			return new PhaseTiming(this.phase, PhaseNames.nameOf(this.phase), this.timeout,
					Duration.ofNanos(this.startNanos - originNanos),
					(this.endNanos != 0) ? Duration.ofNanos(this.endNanos - this.startNanos) : null, this.timedOut,
					timings);
		}

	}

}
