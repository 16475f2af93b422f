package dev.gracefulshutdown.test;

import java.time.Duration;

import dev.gracefulshutdown.ShutdownOutcome;
import dev.gracefulshutdown.test.broken.BrokenShutdownApplication;
import org.junit.jupiter.api.Test;

import static dev.gracefulshutdown.test.GracefulShutdownAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The module's test of itself, against an application whose shutdown is broken on purpose
 * ({@link BrokenShutdownApplication}), started once as a process: a request cut by the
 * web server's stop, an executor task cut by the executors' timeout, a hook that fails
 * and a {@code @PreDestroy} that hangs until the watchdog halts the JVM at the deadline.
 * Every assertion that should fail does, and says why in the report's words.
 */
@GracefulShutdownTest(app = BrokenShutdownApplication.class,
		properties = { "graceful-shutdown.deadline=3s", "graceful-shutdown.drain.max-delay=200ms",
				"graceful-shutdown.phases.timeout=500ms", "graceful-shutdown.executors.timeout=200ms",
				"graceful-shutdown.hooks.timeout=500ms" })
class BrokenShutdownTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@Test
	void everyAssertionFailsWithWhatTheReportSays(ApplicationProcess app) throws Exception {
		app.http().inFlight(1, "/slow?ms=60000");
		app.awaitLog("slow request started", 1, WAIT);
		app.http().get("/task");
		app.awaitLog("long task started", 1, WAIT);

		ShutdownResult shutdown = app.shutdown(Signal.TERM, WAIT);

		// What did happen passes.
		assertThat(shutdown).exitedWith(124)
			.within(WAIT)
			.hook("brokenHooks.flushCache")
			.and()
			.phase("web-server-graceful-shutdown")
			.tookLessThan(WAIT);
		org.assertj.core.api.Assertions.assertThat(shutdown.report().outcome())
			.isEqualTo(ShutdownOutcome.DEADLINE_EXCEEDED);

		// What did not fails, in the report's words.
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(shutdown).exitedWith(0))
			.withMessageContaining("Expected the process to exit with 0 after SIGTERM, but it exited with 124")
			.withMessageContaining("DEADLINE_EXCEEDED (the watchdog halted the JVM at the deadline)")
			.withMessageContaining("still running: ")
			.withMessageContaining("hungOnDestroy")
			.withMessageContaining("hook 'brokenHooks.flushCache' (stage stop) failed")
			.withMessageContaining("lost request: GET /slow?ms=60000");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(shutdown).within(Duration.ofSeconds(1)))
			.withMessageContaining("Expected the process to exit within 1000 ms of SIGTERM, but it took ")
			.withMessageContaining("stages [announce ");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(shutdown).lostNoRequests())
			.withMessageContaining("Expected no request to be lost, but 1 of 2 sent was:")
			.withMessageContaining("GET /slow?ms=60000 sent ")
			.withMessageContaining("ms before the signal: no response: ")
			.withMessageContaining("the report's requests: 1 in flight when the drain started");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(shutdown).completed())
			.withMessageContaining("Expected the shutdown to complete, but it ended DEADLINE_EXCEEDED");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(shutdown).noStragglers())
			.withMessageContaining("Expected no stragglers in the shutdown report, but it names ")
			.withMessageContaining("hungOnDestroy")
			.withMessageContaining("applicationTaskExecutor");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(shutdown).hook("brokenHooks.flushCache").completed())
			.withMessageContaining("Expected hook 'brokenHooks.flushCache' to complete, but it FAILED (stage stop)")
			.withMessageContaining("java.lang.IllegalStateException: the cache is gone");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(shutdown).phase("web-server-graceful-shutdown").completed())
			.withMessageContaining("Expected phase 'web-server-graceful-shutdown' to complete before its timeout of"
					+ " 500 ms, but it took ")
			.withMessageContaining("TIMED OUT after 500 ms");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(shutdown).phase("executors-drain").tookLessThan(Duration.ofMillis(1)))
			.withMessageContaining("Expected phase 'executors-drain' to take less than 1 ms, but it took ");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(shutdown).phase("message-listeners"))
			.withMessageContaining(
					"Expected a lifecycle phase 'message-listeners' in the shutdown report, but its phases are [")
			.withMessageContaining("web-server-graceful-shutdown, web-server-stop, executors-drain");
	}

}
