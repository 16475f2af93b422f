package dev.gracefulshutdown.sample;

import java.time.Duration;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import static dev.gracefulshutdown.sample.StackFrames.frame;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole-process tests of the shutdown hooks: a hook that fails or hangs is named and does
 * not stop the others, and hooks of dependent beans run in dependency order.
 */
@WholeProcessTest
@Order(13)
class ShutdownHooksIT {

	private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration HOOK_TIMEOUT = Duration.ofSeconds(2);

	private static final Duration DEADLINE = Duration.ofSeconds(10);

	/**
	 * Slack for the rest of the sequence and for this JVM to see the exit: generous for a
	 * loaded machine, yet well below the deadline.
	 */
	private static final Duration SLACK = Duration.ofSeconds(3);

	private static final String SUMMARY = "Graceful shutdown complete in ";

	@Test
	void hookThatThrowsIsLoggedWithItsNameAndTheOtherHooksStillRun(TestInfo testInfo) throws Exception {
		try (SampleAppProcess app = SampleAppProcess.start(testInfo, "--sample.fault.hook-throws=true")) {
			app.signal("TERM");
			assertThat(app.awaitExit(EXIT_TIMEOUT)).as("exit code").isZero();
			String failure = "Shutdown hook 'throwingShutdownHook.failFirst' (stage stop) failed; the other hooks still run";
			assertThat(app.linesContaining(failure)).singleElement().asString().contains(" ERROR ");
			assertThat(app.output()).contains("java.lang.IllegalStateException: injected hook failure");
			assertThat(app.indexOfLine("ThrowingShutdownHook.runAfterTheFailure ran"))
				.isGreaterThan(app.indexOfLine(failure));
			assertThat(app.linesContaining(SUMMARY)).singleElement()
				.asString()
				.contains("exit code 0")
				.doesNotContain("overran");
			assertThat(app.linesContaining("Farewell: graceful shutdown done, exiting with code 0")).hasSize(1);
		}
	}

	@Test
	void hookOfABeanRunsBeforeTheHooksOfTheBeanItDependsOnWhateverTheirOrder(TestInfo testInfo) throws Exception {
		try (SampleAppProcess app = SampleAppProcess.start(testInfo, "--sample.fault.dependent-hooks=true")) {
			app.signal("TERM");
			assertThat(app.awaitExit(EXIT_TIMEOUT)).as("exit code").isZero();
			// auditWriter depends on auditStore; its hook has order 10, the store's 0.
			int flushing = app.indexOfLine("AuditWriter flushing");
			int written = app.indexOfLine("AuditStore wrote: last buffered record");
			int closed = app.indexOfLine("AuditStore closed");
			assertThat(flushing).as("writer's hook ran").isNotNegative();
			assertThat(written).as("record written after the flush began").isGreaterThan(flushing);
			assertThat(closed).as("store closed after the record was written").isGreaterThan(written);
			// Stage stop: after the drain, before any lifecycle phase stops.
			assertThat(app.indexOfLine("Commencing graceful shutdown")).isGreaterThan(closed);
			assertThat(app.output()).doesNotContain("audit store closed").doesNotContain(" ERROR ");
			assertThat(app.linesContaining(SUMMARY)).singleElement().asString().contains("exit code 0");
		}
	}

	@Test
	void hookThatOverrunsItsTimeoutIsNamedAndTheShutdownGoesOnWithTheTimeoutExitCode(TestInfo testInfo)
			throws Exception {
		try (SampleAppProcess app = SampleAppProcess.start(testInfo, "--sample.fault.hook-hangs=true",
				"--graceful-shutdown.deadline=10s")) {
			app.signal("TERM");
			assertThat(app.awaitExit(EXIT_TIMEOUT)).as("exit code").isEqualTo(124);
			assertThat(app.signalToExit()).isGreaterThanOrEqualTo(HOOK_TIMEOUT)
				.isLessThan(HOOK_TIMEOUT.plus(SLACK))
				.isLessThan(DEADLINE);
			assertThat(app.linesContaining("Shutdown hook 'hangingShutdownHook.waitForever' (stage stop) still "
					+ "running after 2s; going on without it"))
				.singleElement()
				.asString()
				.contains(" WARN ");
			assertThat(app.output()).contains("\"graceful-shutdown-hook-hangingShutdownHook.waitForever\"")
				.containsPattern(frame("dev.gracefulshutdown.sample.faults.HangingShutdownHook.waitForever("));
			// The sequence went on without the hook.
			assertThat(app.indexOfLine("job-worker stopped"))
				.isGreaterThan(app.indexOfLine("Shutdown hook 'hangingShutdownHook.waitForever'"));
			assertThat(app.linesContaining(SUMMARY)).singleElement()
				.asString()
				.contains("exit code 124", "something overran its timeout");
			assertThat(app
				.linesContaining("Farewell: shutdown done, something overran its timeout, exiting with code 124"))
				.hasSize(1);
			assertThat(app.linesContaining("Graceful shutdown deadline")).isEmpty();
		}
	}

}
