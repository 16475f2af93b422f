package dev.gracefulshutdown.core.internal;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.gracefulshutdown.core.internal.LifecycleStopRecorder.Overrun;
import org.jspecify.annotations.Nullable;

/**
 * Watches the lifecycle phase under way: a {@code stop()} that has not returned when its
 * phase's timeout passes blocks the thread that closes the context, which Spring never
 * bounds, so it is handed on as an {@link Overrun} (the coordinator then halts rather
 * than wait for the deadline).
 * <p>
 * The watching thread exists only while phases stop, and sleeps until the moment the
 * phase under way could overrun; every change to the {@link LifecycleStopRecorder} wakes
 * it.
 */
final class BlockingStopWatch {

	static final String THREAD_NAME = "graceful-shutdown-phase-watch";

	private final LifecycleStopRecorder recorder;

	private final Consumer<Overrun> onBlockingOverrun;

	private @Nullable Thread watch;

	/**
	 * Create a new watch, which starts with the first phase that the recorder records.
	 * @param recorder the record of the phases
	 * @param onBlockingOverrun told, on the watching thread, when a {@code stop()} has
	 * blocked its caller longer than its phase's timeout
	 */
	BlockingStopWatch(LifecycleStopRecorder recorder, Consumer<Overrun> onBlockingOverrun) {
		this.recorder = recorder;
		this.onBlockingOverrun = onBlockingOverrun;
		recorder.onPhaseStarted(this::startIfNeeded);
	}

	/**
	 * Called by the recorder, with its lock held.
	 */
	private void startIfNeeded() {
		if (this.watch != null) {
			return;
		}
		Thread thread = new Thread(this::watch, THREAD_NAME);
		thread.setDaemon(true);
		thread.setContextClassLoader(BlockingStopWatch.class.getClassLoader());
		thread.start();
		this.watch = thread;
	}

	private void watch() {
		Overrun overrun = null;
		Object lock = this.recorder.lock();
		synchronized (lock) {
			boolean interrupted = false;
			while (!interrupted && !this.recorder.isFinished() && overrun == null) {
				long wait = this.recorder.nanosToOverrun(System.nanoTime());
				if (wait <= 0) {
					overrun = this.recorder.overrun();
				}
				else {
					interrupted = !awaitChange(lock, (wait == Long.MAX_VALUE) ? 0 : wait);
				}
			}
		}
		if (overrun != null) {
			this.onBlockingOverrun.accept(overrun);
		}
	}

	private static boolean awaitChange(Object lock, long nanos) {
		try {
			if (nanos <= 0) {
				lock.wait();
			}
			else {
				TimeUnit.NANOSECONDS.timedWait(lock, nanos);
			}
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
