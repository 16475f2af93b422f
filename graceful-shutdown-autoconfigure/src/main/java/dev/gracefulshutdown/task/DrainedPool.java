package dev.gracefulshutdown.task;

import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The pool of a {@code ThreadPoolTaskExecutor} or a {@code ThreadPoolTaskScheduler}, shut
 * down: its queue runs dry, and it terminates when its last task ends.
 *
 * @param name the bean's name
 * @param pool the pool
 */
record DrainedPool(String name, ThreadPoolExecutor pool) implements DrainedExecutor {

	@Override
	public boolean isBusy() {
		return this.pool.getActiveCount() > 0 || !this.pool.getQueue().isEmpty();
	}

	@Override
	public boolean await(long endNanos) {
		try {
			return this.pool.awaitTermination(Math.max(0, endNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return this.pool.isTerminated();
		}
	}

	@Override
	public String describe() {
		return "executor '" + this.name + "': " + this.pool.getActiveCount() + " tasks running, "
				+ this.pool.getQueue().size() + " queued";
	}

	@Override
	public void abandon() {
		this.pool.shutdownNow();
	}

}
