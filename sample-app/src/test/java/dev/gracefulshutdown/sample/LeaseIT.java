package dev.gracefulshutdown.sample;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole-process tests of leases: the shutdown waits for an open lease (and no longer than
 * it stays open), and a lease never released is named in the hang report at the deadline.
 */
@WholeProcessTest
@Order(15)
class LeaseIT {

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration LINE_TIMEOUT = Duration.ofSeconds(20);

	/**
	 * Slack for the rest of the shutdown and for this JVM to see the exit.
	 */
	private static final Duration SLACK = Duration.ofSeconds(3);

	private static final Pattern WAITING = Pattern
		.compile("Waiting up to \\S+ for 1 open lease: lease 'flush' open for \\S+");

	private final WholeProcessHttp http = new WholeProcessHttp();

	@Test
	void leaseHeldForTwoSecondsDelaysTheExitByAboutTwoSeconds(TestInfo testInfo) throws Exception {
		Duration flush = Duration.ofSeconds(2);
		try (SampleAppProcess app = SampleAppProcess.start(testInfo)) {
			HttpResponse<String> accepted = this.http.post(app.uri("/flush?ms=" + flush.toMillis()));
			assertThat(accepted.statusCode()).as("status: %s", accepted.body()).isEqualTo(202);
			app.signal("TERM");
			assertThat(app.awaitExit(Duration.ofSeconds(30))).as("exit code").isZero();
			// The flush started a little before the signal, so the wait is a little less
			// than 2s; the upper bound says the lease held the shutdown no longer.
			assertThat(app.signalToExit()).isGreaterThanOrEqualTo(flush.minusMillis(500)).isLessThan(flush.plus(SLACK));
			assertThat(app.waitForLine(WAITING, LINE_TIMEOUT)).isNotEmpty();
			assertThat(app.indexOfLine("flush done")).as("flush done after the wait began")
				.isGreaterThan(app.indexOfLine("open lease: lease 'flush'"));
			assertThat(app.indexOfLine("Graceful shutdown complete in ")).as("summary after the flush")
				.isGreaterThan(app.indexOfLine("flush done"));
			assertThat(app.linesContaining("Graceful shutdown complete in ")).singleElement()
				.asString()
				.contains("exit code 0");
			assertThat(app.output()).doesNotContain("Leases still open");
		}
	}

	@Test
	void leaseNeverReleasedIsNamedInTheHangReportAtTheDeadline(TestInfo testInfo) throws Exception {
		Duration deadline = Duration.ofSeconds(4);
		try (SampleAppProcess app = SampleAppProcess.start(testInfo,
				"--graceful-shutdown.deadline=" + deadline.toSeconds() + "s")) {
			HttpResponse<String> accepted = this.http.post(app.uri("/flush?ms=600000"));
			assertThat(accepted.statusCode()).as("status: %s", accepted.body()).isEqualTo(202);
			app.waitForLine("flush started (600000 ms)", LINE_TIMEOUT);
			app.signal("TERM");
			assertThat(app.awaitExit(Duration.ofSeconds(30))).as("exit code").isEqualTo(124);
			assertThat(app.signalToExit()).isGreaterThanOrEqualTo(deadline).isLessThan(deadline.plus(SLACK));
			assertThat(app.linesContaining("Graceful shutdown deadline of 4s passed")).singleElement()
				.asString()
				.contains(" ERROR ")
				.contains("halting the JVM with exit code 124");
			int report = app.indexOfLine("Graceful shutdown deadline of 4s passed");
			String afterReport = String.join("\n", app.output().lines().skip(report).toList());
			assertThat(afterReport).contains("lease 'flush' open for");
			assertThat(app.linesContaining("Graceful shutdown complete in ")).isEmpty();
			assertThat(app.linesContaining("flush done")).isEmpty();
		}
	}

}
