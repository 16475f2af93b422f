package dev.gracefulshutdown.core.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import dev.gracefulshutdown.core.ProcessExit;

/**
 * The last line of defence: a thread that halts the JVM with the timeout exit code when
 * the process is still there a little after the deadline, whatever holds up the halt the
 * watchdog tries first (a console appender stuck on a full pipe, a report listener doing
 * network I/O, an fsync that stalls).
 * <p>
 * It is created with the coordinator and started at the first request, before anything
 * that can block. From then on it only parks and reads a few fields: it never logs,
 * allocates or takes a lock, so none of what can block the watchdog can block it. It
 * halts only once the process is known to be ending ({@link #arm()}); a plain context
 * close leaves the JVM to the application.
 */
final class HaltBackstop {

	static final String THREAD_NAME = "graceful-shutdown-backstop";

	/**
	 * Time left after the deadline (or after an escalation) for the hang report, the
	 * report listeners and the watchdog's own halt, before the backstop halts: about
	 * twice what they took on a loaded machine (0.5 to 0.7 s with eight times more
	 * runnable threads than cores), and short next to a platform's grace period.
	 */
	static final Duration GRACE = Duration.ofMillis(1500);

	private final ProcessExit processExit;

	private final int status;

	private final Thread thread;

	private final AtomicLong haltAtNanos = new AtomicLong();

	private volatile boolean armed;

	private volatile boolean stoodDown;

	HaltBackstop(ProcessExit processExit, int status) {
		this.processExit = processExit;
		this.status = status;
		// Created now, with the coordinator, so that starting it later takes nothing but
		// the start itself.
		Thread backstop = new Thread(this::watch, THREAD_NAME);
		// Daemon: it must never be the reason a JVM stays alive.
		backstop.setDaemon(true);
		backstop.setContextClassLoader(HaltBackstop.class.getClassLoader());
		this.thread = backstop;
	}

	/**
	 * Start watching: halt at the given time if the process is ending by then.
	 * @param haltAt when to halt, on the monotonic clock ({@link System#nanoTime()})
	 * @param ending whether the process is known to be ending already
	 */
	void start(long haltAt, boolean ending) {
		this.haltAtNanos.set(haltAt);
		this.armed = ending;
		this.thread.start();
	}

	/**
	 * The process is ending: halt when the time comes.
	 */
	void arm() {
		this.armed = true;
		LockSupport.unpark(this.thread);
	}

	/**
	 * The process is ending, and sooner than planned (an escalation, a halt under way):
	 * halt by the given time at the latest.
	 * @param haltAt when to halt, on the monotonic clock
	 */
	void haltBy(long haltAt) {
		this.haltAtNanos.accumulateAndGet(haltAt, HaltBackstop::earlier);
		arm();
	}

	/**
	 * Nothing is left to guard: the JVM keeps running (a plain context close), or a
	 * {@link ProcessExit} that returned took the process over.
	 */
	void standDown() {
		this.stoodDown = true;
		LockSupport.unpark(this.thread);
	}

	private void watch() {
		while (!this.stoodDown) {
			// An interrupt must not end the last line of defence, nor make it spin.
			Thread.interrupted();
			long left = this.haltAtNanos.get() - System.nanoTime();
			if (!this.armed) {
				LockSupport.park(this);
			}
			else if (left > 0) {
				LockSupport.parkNanos(this, left);
			}
			else {
				this.processExit.haltImmediately(this.status);
				// Only a ProcessExit that does not end the JVM (a test's) gets here.
				return;
			}
		}
	}

	private static long earlier(long a, long b) {
		return (a - b <= 0) ? a : b;
	}

}
