package dev.gracefulshutdown.core.internal;

import dev.gracefulshutdown.ShutdownOutcome;
import dev.gracefulshutdown.ShutdownReason;
import dev.gracefulshutdown.ShutdownRequest;
import dev.gracefulshutdown.core.ProcessExit;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The end of the process, and the only part that decides its exit code: the graceful exit
 * once the sequence has completed in time, or the hang report and the halt when the
 * deadline passes, a {@code stop()} blocks past its phase timeout or a repeated signal
 * escalates. Owns the watchdog (which halts at the deadline) and the backstop (which
 * halts a little later whatever blocks the halt).
 */
final class ShutdownTermination {

	// The shutdown's lines keep the coordinator's category, which users set levels for.
	private static final Log logger = LogFactory.getLog(ShutdownCoordinator.class);

	private final ShutdownProgress progress;

	private final ExitCodes exitCodes;

	private final ProcessExit processExit;

	private final ShutdownHookRunner hooks;

	private final HangReportCollector hangReports;

	private final ShutdownWatchdog watchdog = new ShutdownWatchdog();

	private final HaltBackstop backstop;

	ShutdownTermination(ShutdownProgress progress, ExitCodes exitCodes, ProcessExit processExit,
			ShutdownHookRunner hooks, HangReportCollector hangReports) {
		this.progress = progress;
		this.exitCodes = exitCodes;
		this.processExit = processExit;
		this.hooks = hooks;
		this.hangReports = hangReports;
		this.backstop = new HaltBackstop(processExit, exitCodes.timeout());
	}

	/**
	 * Return whether a lifecycle phase, a hook or a wait for work overran its timeout.
	 * @return whether something timed out
	 */
	boolean hasTimedOut() {
		return this.progress.hasTimedOut() || this.hooks.anyTimedOut();
	}

	/**
	 * Return the exit status a shutdown started by the given request ends the process
	 * with, if it completes within the deadline.
	 * @param request the request
	 * @return the exit status
	 */
	int exitCodeFor(ShutdownRequest request) {
		if (hasTimedOut()) {
			return this.exitCodes.timeout();
		}
		Integer requested = request.exitCode();
		if (requested != null) {
			return requested;
		}
		return (request.reason() == ShutdownReason.ERROR) ? this.exitCodes.error() : this.exitCodes.graceful();
	}

	/**
	 * Return the exit status of the shutdown under way: the timeout status once the
	 * deadline has passed, 0 while no shutdown that ends the process is under way.
	 * @return the exit status
	 */
	int exitCode() {
		if (this.progress.isTimeoutDecided()) {
			return this.exitCodes.timeout();
		}
		ShutdownRequest exiting = this.progress.exitRequest();
		return (exiting != null) ? exitCodeFor(exiting) : 0;
	}

	boolean isJvmExiting() {
		return this.processExit.isJvmExiting();
	}

	/**
	 * The shutdown starts: from now on the process ends a little after the deadline,
	 * whatever blocks. Called before anything that can block (the first log line, a
	 * listener).
	 * @param deadline the deadline
	 * @param ending whether the process is known to be ending
	 */
	void started(Deadline deadline, boolean ending) {
		this.backstop.start(deadline.endNanos() + HaltBackstop.GRACE.toNanos(), ending);
	}

	/**
	 * Arm the watchdog, which ends the shutdown when the deadline passes.
	 * @param deadline the deadline
	 */
	void watch(Deadline deadline) {
		this.watchdog.arm(deadline, this::deadlinePassed);
	}

	/**
	 * The process is ending after all (a plain close that a request now ends, or the JVM
	 * exiting during it): the backstop halts it when the time comes.
	 */
	void processEnding() {
		this.backstop.arm();
	}

	/**
	 * Nobody ends this process: the application that closed its context owns it.
	 */
	void standDown() {
		this.watchdog.disarm();
		this.backstop.standDown();
	}

	/**
	 * Exit gracefully, with the status of the request that ends the process, unless the
	 * deadline passed first: then the watchdog halts with the timeout code, never the
	 * graceful code.
	 */
	void exitGracefully() {
		if (!this.progress.decideGracefulExit()) {
			return;
		}
		int status = exitCodeFor(this.progress.deciding());
		logger.info("Farewell: "
				+ (hasTimedOut() ? "shutdown done, something overran its timeout" : "graceful shutdown done")
				+ ", exiting with code " + status);
		this.processExit.exit(status);
		// Only a ProcessExit that does not end the JVM (a test's, an embedder's) returns:
		// the process is its own.
		this.backstop.standDown();
	}

	private void deadlinePassed() {
		ShutdownProgress.Started started = this.progress.current();
		end(ShutdownOutcome.DEADLINE_EXCEEDED, "Graceful shutdown deadline of "
				+ Durations.format(started.deadline().budget()) + " passed (" + started.request().describe() + ")");
	}

	/**
	 * End the shutdown now, on the calling thread: the deadline passed, a phase blocked
	 * past its timeout, or a repeated signal escalated. Log the hang report, tell the
	 * report listeners, kill the child processes and halt, if the process is exiting. The
	 * backstop is pulled in first: whatever of that blocks or throws, the JVM halts a
	 * little later all the same.
	 * @param outcome why
	 * @param headline the first line of the hang report
	 */
	void end(ShutdownOutcome outcome, String headline) {
		// Decided before anything slow (the report, flushing logs): from here on the
		// sequence thread cannot choose the graceful exit any more.
		this.progress.decideTimeout();
		boolean halt = this.progress.exitRequest() != null || this.processExit.isJvmExiting();
		if (halt && !this.progress.claimHalt()) {
			// Another thread is already reporting and halting: a storm of signals runs
			// one handler thread per signal, and the deadline may pass at the same
			// moment. One hang report is enough; the first caller halts.
			return;
		}
		int status = this.exitCodes.timeout();
		if (halt) {
			this.backstop.haltBy(System.nanoTime() + HaltBackstop.GRACE.toNanos());
		}
		try {
			this.hangReports.report(outcome, headline, halt, status);
		}
		finally {
			if (halt) {
				this.processExit.halt(status);
				// Only a ProcessExit that does not end the JVM (a test's) returns.
				this.backstop.standDown();
			}
		}
	}

}
