package dev.gracefulshutdown.test;

import java.time.Duration;

import dev.gracefulshutdown.ShutdownReport.HookOutcome;
import dev.gracefulshutdown.ShutdownReport.HookTiming;

/**
 * Assertions on one shutdown hook of the report; the assertions of the whole shutdown go
 * on from {@link #and()}, or directly through {@link #phase(String)} and
 * {@link #hook(String)}.
 */
public final class HookAssert extends ShutdownPartAssert {

	private final HookTiming hook;

	HookAssert(ShutdownResultAssert shutdown, HookTiming hook) {
		super(shutdown);
		this.hook = hook;
	}

	/**
	 * Verify that the hook returned normally, within its timeout.
	 * @return this assertion
	 */
	public HookAssert completed() {
		if (this.hook.outcome() != HookOutcome.COMPLETED) {
			this.shutdown.failBecause("Expected hook '" + this.hook.name() + "' to complete, but it " + outcome());
		}
		return this;
	}

	/**
	 * Verify that the hook ended within the given time.
	 * @param maximum the longest time, exclusive
	 * @return this assertion
	 */
	public HookAssert tookLessThan(Duration maximum) {
		Duration duration = this.hook.duration();
		if (duration == null || duration.compareTo(maximum) >= 0) {
			this.shutdown.failBecause("Expected hook '" + this.hook.name() + "' to take less than " + maximum.toMillis()
					+ " ms, but it " + outcome());
		}
		return this;
	}

	private String outcome() {
		String text = switch (this.hook.outcome()) {
			case COMPLETED -> "completed";
			case FAILED -> "FAILED";
			case TIMED_OUT -> "TIMED OUT (still running when its timeout passed)";
			case RUNNING -> "was still RUNNING when the report was taken";
		};
		return text + " (" + this.hook.when() + ")"
				+ ((this.hook.duration() != null) ? " after " + this.hook.duration().toMillis() + " ms" : "")
				+ ((this.hook.failure() != null) ? ": " + this.hook.failure() : "");
	}

}
