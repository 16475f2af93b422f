package dev.gracefulshutdown.test;

import java.time.Duration;

import dev.gracefulshutdown.ShutdownReport.PhaseTiming;

/**
 * Assertions on one lifecycle phase of the shutdown report; the assertions of the whole
 * shutdown go on from {@link #and()}, or directly through {@link #phase(String)} and
 * {@link #hook(String)}.
 */
public final class PhaseAssert extends ShutdownPartAssert {

	private final PhaseTiming phase;

	PhaseAssert(ShutdownResultAssert shutdown, PhaseTiming phase) {
		super(shutdown);
		this.phase = phase;
	}

	/**
	 * Verify that the phase ended (every bean returned from its stop) within the given
	 * time.
	 * @param maximum the longest time, exclusive
	 * @return this assertion
	 */
	public PhaseAssert tookLessThan(Duration maximum) {
		Duration duration = this.phase.duration();
		if (duration == null || duration.compareTo(maximum) >= 0) {
			this.shutdown.failBecause("Expected phase " + name() + " to take less than " + maximum.toMillis()
					+ " ms, but it " + ReportDescriptions.phase(this.phase));
		}
		return this;
	}

	/**
	 * Verify that the phase ended before its timeout, with no bean still running.
	 * @return this assertion
	 */
	public PhaseAssert completed() {
		if (this.phase.timedOut() || this.phase.duration() == null) {
			this.shutdown.failBecause("Expected phase " + name() + " to complete before its timeout of "
					+ this.phase.timeout().toMillis() + " ms, but it " + ReportDescriptions.phase(this.phase));
		}
		return this;
	}

	private String name() {
		return "'" + ReportDescriptions.phaseName(this.phase) + "'";
	}

}
