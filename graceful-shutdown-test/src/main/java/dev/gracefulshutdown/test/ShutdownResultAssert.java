package dev.gracefulshutdown.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.gracefulshutdown.ShutdownOutcome;
import dev.gracefulshutdown.ShutdownReport;
import dev.gracefulshutdown.ShutdownReport.HookTiming;
import dev.gracefulshutdown.ShutdownReport.PhaseTiming;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a {@link ShutdownResult}, whose failure messages tell what went wrong in
 * the words of the shutdown report: the outcome, the phase or hook that timed out or
 * failed, what was still running, and the requests that were lost.
 */
public final class ShutdownResultAssert extends AbstractAssert<ShutdownResultAssert, ShutdownResult> {

	ShutdownResultAssert(ShutdownResult actual) {
		super(actual, ShutdownResultAssert.class);
		isNotNull();
	}

	/**
	 * Verify that the process exited with the given status.
	 * @param exitCode the expected exit status
	 * @return this assertion
	 */
	public ShutdownResultAssert exitedWith(int exitCode) {
		if (this.actual.exitCode() != exitCode) {
			failBecause("Expected the process to exit with " + exitCode + " after " + this.actual.trigger()
					+ ", but it exited with " + this.actual.exitCode()
					+ ReportDescriptions.exitCodeMeaning(this.actual.exitCode()) + problemsAndLog());
		}
		return this;
	}

	/**
	 * Verify that the process exited within the given time of the signal (or the
	 * request).
	 * @param maximum the longest time
	 * @return this assertion
	 */
	public ShutdownResultAssert within(Duration maximum) {
		if (this.actual.signalToExit().compareTo(maximum) > 0) {
			ShutdownReport report = this.actual.report();
			failBecause("Expected the process to exit within " + maximum.toMillis() + " ms of " + this.actual.trigger()
					+ ", but it took " + this.actual.signalToExit().toMillis() + " ms"
					+ ((report != null) ? "; " + ReportDescriptions.stages(report) : "") + problemsAndLog());
		}
		return this;
	}

	/**
	 * Verify that no request sent through {@link HttpLoad} was lost: every one that
	 * reached the application got a response, and none a server error
	 * ({@link RequestOutcome#lost()}).
	 * @return this assertion
	 */
	public ShutdownResultAssert lostNoRequests() {
		List<RequestOutcome> lost = this.actual.lostRequests();
		if (!lost.isEmpty()) {
			StringBuilder message = new StringBuilder("Expected no request to be lost, but ").append(lost.size())
				.append(" of ")
				.append(this.actual.requests().size())
				.append(" sent ")
				.append((lost.size() == 1) ? "was" : "were")
				.append(':');
			for (RequestOutcome request : lost) {
				message.append(System.lineSeparator()).append("  ").append(request.describe());
			}
			ShutdownReport report = this.actual.report();
			if (report != null) {
				ShutdownReport.RequestCounts counts = report.requests();
				message.append(System.lineSeparator())
					.append("  the report's requests: ")
					.append(counts.atDrainStart())
					.append(" in flight when the drain started, ")
					.append(counts.servedDuringDrain())
					.append(" served during the drain, ")
					.append(counts.atDrainEnd())
					.append(" in flight when it ended");
			}
			failBecause(message.toString());
		}
		return this;
	}

	/**
	 * Verify that the report says the shutdown {@code COMPLETED}: nothing overran its
	 * timeout, the deadline did not pass, and no repeated signal escalated.
	 * @return this assertion
	 */
	public ShutdownResultAssert completed() {
		ShutdownReport report = requireReport("to complete");
		if (report.outcome() != ShutdownOutcome.COMPLETED) {
			failBecause("Expected the shutdown to complete, but it ended " + report.outcome() + problemsAndLog());
		}
		return this;
	}

	/**
	 * Verify that the report names nothing that was still running when it was taken or
	 * outlived its own wait: beans, hooks, requests, a bean being destroyed, leases,
	 * workers, executors whose tasks were cut, the JVM's exit.
	 * @return this assertion
	 */
	public ShutdownResultAssert noStragglers() {
		ShutdownReport report = requireReport("to have no stragglers");
		if (!report.stragglers().isEmpty()) {
			StringBuilder message = new StringBuilder("Expected no stragglers in the shutdown report, but it names ")
				.append(report.stragglers().size())
				.append(':');
			for (String straggler : report.stragglers()) {
				message.append(System.lineSeparator()).append("  still running: ").append(straggler);
			}
			failBecause(message.toString());
		}
		return this;
	}

	/**
	 * Verify that the report has a lifecycle phase of the given name (such as
	 * {@code web-server-graceful-shutdown} or {@code executors-drain}, see
	 * {@code docs/phases-and-hooks.md}) or number, and return assertions on it.
	 * @param nameOrNumber the phase's name, or its number for a phase without one
	 * @return assertions on the phase
	 */
	public PhaseAssert phase(String nameOrNumber) {
		ShutdownReport report = requireReport("to have a phase '" + nameOrNumber + "'");
		List<String> names = new ArrayList<>();
		for (PhaseTiming phase : report.phases()) {
			if (nameOrNumber.equals(phase.name()) || nameOrNumber.equals(String.valueOf(phase.phase()))) {
				return new PhaseAssert(this, phase);
			}
			names.add(ReportDescriptions.phaseName(phase));
		}
		failBecause("Expected a lifecycle phase '" + nameOrNumber + "' in the shutdown report, but its phases are "
				+ names);
		throw new IllegalStateException("not reached");
	}

	/**
	 * Verify that the report has a shutdown hook of the given name ({@code bean.method}
	 * for an {@code @OnShutdown} method, the bean's name for a {@code ShutdownHook} bean)
	 * and return assertions on it.
	 * @param name the hook's name
	 * @return assertions on the hook
	 */
	public HookAssert hook(String name) {
		ShutdownReport report = requireReport("to have a hook '" + name + "'");
		List<String> names = new ArrayList<>();
		for (HookTiming hook : report.hooks()) {
			if (name.equals(hook.name())) {
				return new HookAssert(this, hook);
			}
			names.add(hook.name());
		}
		failBecause("Expected a shutdown hook '" + name + "' in the shutdown report, but its hooks are " + names);
		throw new IllegalStateException("not reached");
	}

	/**
	 * Verify that the process wrote a line that contains the given text.
	 * @param text the text
	 * @return this assertion
	 */
	public ShutdownResultAssert loggedLineContaining(String text) {
		if (this.actual.log().stream().noneMatch((line) -> line.contains(text))) {
			failBecause("Expected a line of the output to contain '" + text + "', but none does" + logFile());
		}
		return this;
	}

	ShutdownReport requireReport(String expectation) {
		ShutdownReport report = this.actual.report();
		if (report == null) {
			failBecause("Expected the shutdown " + expectation + ", but there is no shutdown report: "
					+ this.actual.reportSource() + " (exit code " + this.actual.exitCode()
					+ ReportDescriptions.exitCodeMeaning(this.actual.exitCode()) + ")" + logFile());
			throw new IllegalStateException("not reached");
		}
		return report;
	}

	void failBecause(String message) {
		// The message is the report's text: no format specifiers are read in it.
		failWithMessage("%s", message);
	}

	private String problemsAndLog() {
		return ReportDescriptions.problems(this.actual) + logFile();
	}

	private String logFile() {
		return (this.actual.logFile() != null) ? System.lineSeparator() + "  the output is in " + this.actual.logFile()
				: "";
	}

}
