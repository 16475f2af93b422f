package dev.gracefulshutdown.test;

import java.time.Duration;

import dev.gracefulshutdown.ShutdownReport.HookOutcome;
import dev.gracefulshutdown.ShutdownReport.HookTiming;

/**
 * Assertions on one shutdown hook of the report; the assertions of the whole shutdown go
 * on from {@link #and()}, or directly through {@link #phase(String)} and
 * {@link #hook(String)}.
 */
public final class HookAssert {

	private final ShutdownResultAssert shutdown;

	private final HookTiming hook;

	HookAssert(ShutdownResultAssert shutdown, HookTiming hook) {
		this.shutdown = shutdown;
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

	/**
	 * Go on with a phase.
	 * @param nameOrNumber the phase's name or number
	 * @return assertions on that phase
	 */
	public PhaseAssert phase(String nameOrNumber) {
		return this.shutdown.phase(nameOrNumber);
	}

	/**
	 * Go on with another hook.
	 * @param name the hook's name
	 * @return assertions on that hook
	 */
	public HookAssert hook(String name) {
		return this.shutdown.hook(name);
	}

	/**
	 * Go on with the report's stragglers ({@link ShutdownResultAssert#noStragglers()}).
	 * @return the assertions of the whole shutdown
	 */
	public ShutdownResultAssert noStragglers() {
		return this.shutdown.noStragglers();
	}

	/**
	 * Go back to the assertions of the whole shutdown.
	 * @return them
	 */
	public ShutdownResultAssert and() {
		return this.shutdown;
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
