package dev.gracefulshutdown.core.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.gracefulshutdown.ShutdownReport.HookOutcome;
import dev.gracefulshutdown.ShutdownReport.HookTiming;
import dev.gracefulshutdown.ShutdownStage;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Holds the application's shutdown hooks and runs them: one after another, each on a
 * thread of its own so that its timeout can be enforced, never longer than the deadline
 * allows. A hook that throws is logged with its name; one that overruns its timeout is
 * named with its stack, and the sequence goes on without it. Internal, not API: public
 * for the auto-configuration.
 */
public final class ShutdownHookRunner {

	static final String THREAD_NAME_PREFIX = "graceful-shutdown-hook-";

	private static final Log logger = LogFactory.getLog(ShutdownHookRunner.class);

	private final Object lock = new Object();

	private final List<HookDefinition> stopStage = new ArrayList<>();

	private final List<HookDefinition> releaseStage = new ArrayList<>();

	private final Map<Integer, List<HookDefinition>> byPhase = new TreeMap<>();

	private final List<HookTiming> timings = new ArrayList<>();

	private volatile boolean timedOut;

	private @Nullable Running running;

	/**
	 * Set the hooks, each list in the order they run.
	 * @param hooks the hooks, already ordered
	 */
	public void register(List<HookDefinition> hooks) {
		synchronized (this.lock) {
			for (HookDefinition hook : hooks) {
				Integer phase = hook.phase();
				if (phase != null) {
					this.byPhase.computeIfAbsent(phase, (key) -> new ArrayList<>()).add(hook);
				}
				else if (hook.stage() == ShutdownStage.RELEASE) {
					this.releaseStage.add(hook);
				}
				else {
					this.stopStage.add(hook);
				}
			}
		}
	}

	/**
	 * Return the hooks of each lifecycle phase that has some.
	 * @return the hooks by phase
	 */
	public Map<Integer, List<HookDefinition>> phaseHooks() {
		synchronized (this.lock) {
			Map<Integer, List<HookDefinition>> copy = new TreeMap<>();
			this.byPhase.forEach((phase, hooks) -> copy.put(phase, List.copyOf(hooks)));
			return copy;
		}
	}

	/**
	 * Return every hook.
	 * @return the hooks
	 */
	public List<HookDefinition> all() {
		synchronized (this.lock) {
			List<HookDefinition> all = new ArrayList<>(this.stopStage);
			this.byPhase.values().forEach(all::addAll);
			all.addAll(this.releaseStage);
			return all;
		}
	}

	void runStage(ShutdownStage stage, Deadline deadline) {
		List<HookDefinition> hooks;
		synchronized (this.lock) {
			hooks = List.copyOf((stage == ShutdownStage.RELEASE) ? this.releaseStage : this.stopStage);
		}
		run(hooks, deadline);
	}

	/**
	 * Run hooks now, on the calling thread's behalf.
	 * @param hooks the hooks, in order
	 * @param deadline the deadline of the whole shutdown
	 */
	public void run(List<HookDefinition> hooks, Deadline deadline) {
		for (HookDefinition hook : hooks) {
			runOne(hook, deadline);
		}
	}

	/**
	 * Return whether a hook overran its timeout.
	 * @return whether one timed out
	 */
	public boolean anyTimedOut() {
		return this.timedOut;
	}

	/**
	 * Return how the hooks that ran so far went, plus the one running now.
	 * @return the timings, in the order the hooks ran
	 */
	public List<HookTiming> timings() {
		synchronized (this.lock) {
			List<HookTiming> all = new ArrayList<>(this.timings);
			Running now = this.running;
			if (now != null) {
				all.add(new HookTiming(now.hook.name(), now.hook.when(), null, HookOutcome.RUNNING, null));
			}
			return all;
		}
	}

	/**
	 * Describe the hook running now, if any, for a hang report.
	 * @return the description, or {@code null}
	 */
	public @Nullable String describeRunning() {
		synchronized (this.lock) {
			Running now = this.running;
			if (now == null) {
				return null;
			}
			return "hook '" + now.hook.name() + "' (" + now.hook.when() + ") running for "
					+ Durations.format(Duration.ofNanos(System.nanoTime() - now.startNanos));
		}
	}

	/**
	 * Return the thread of the hook running now, if any.
	 * @return the thread, or {@code null}
	 */
	public @Nullable Thread runningThread() {
		synchronized (this.lock) {
			Running now = this.running;
			return (now != null) ? now.thread : null;
		}
	}

	private void runOne(HookDefinition hook, Deadline deadline) {
		CountDownLatch done = new CountDownLatch(1);
		Throwable[] failure = new Throwable[1];
		Thread thread = new Thread(() -> {
			try {
				hook.hook().onShutdown();
			}
			catch (Throwable ex) {
				failure[0] = ex;
			}
			finally {
				done.countDown();
			}
		}, THREAD_NAME_PREFIX + hook.name());
		thread.setDaemon(true);
		thread.setContextClassLoader(Thread.currentThread().getContextClassLoader());
		long start = System.nanoTime();
		synchronized (this.lock) {
			this.running = new Running(hook, thread, start);
		}
		thread.start();
		Duration allowed = min(hook.timeout(), deadline.remaining());
		boolean finished;
		try {
			finished = done.await(allowed.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			finished = false;
		}
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		HookTiming timing;
		if (!finished) {
			this.timedOut = true;
			logger.warn("Shutdown hook '" + hook.name() + "' (" + hook.when() + ") still running after "
					+ Durations.format(allowed) + "; going on without it. It is at:" + System.lineSeparator()
					+ HangReport.stackOf(thread));
			timing = new HookTiming(hook.name(), hook.when(), null, HookOutcome.TIMED_OUT, null);
		}
		else if (failure[0] != null) {
			logger.error("Shutdown hook '" + hook.name() + "' (" + hook.when() + ") failed; the other hooks still run",
					failure[0]);
			timing = new HookTiming(hook.name(), hook.when(), took, HookOutcome.FAILED,
					failure[0].getClass().getName() + ": " + failure[0].getMessage());
		}
		else {
			if (logger.isDebugEnabled()) {
				logger.debug("Shutdown hook '" + hook.name() + "' completed in " + Durations.format(took));
			}
			timing = new HookTiming(hook.name(), hook.when(), took, HookOutcome.COMPLETED, null);
		}
		synchronized (this.lock) {
			this.running = null;
			this.timings.add(timing);
		}
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	private record Running(HookDefinition hook, Thread thread, long startNanos) {

	}

}
