package dev.gracefulshutdown.sample;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Whole-process test of the drain as a client sees it: a kept-alive connection is asked
 * to close, and readiness reports that the instance is leaving.
 */
@WholeProcessTest
class DrainConnectionCloseIT {

	@Test
	void keptAliveConnectionIsAskedToCloseDuringTheDrain(TestInfo testInfo) throws Exception {
		try (SampleAppProcess app = SampleAppProcess.start(testInfo, "--graceful-shutdown.drain.min-delay=3s")) {
			RawHttpConnection.Response beforeShutdown;
			RawHttpConnection.Response duringDrain;
			try (RawHttpConnection connection = new RawHttpConnection(app.port(), Duration.ofSeconds(10))) {
				beforeShutdown = connection.get("/hello");
				app.signal("TERM");
				app.waitForLine("Graceful shutdown started by signal (SIGTERM)", Duration.ofSeconds(20));
				duringDrain = connection.get("/hello");
			}
			HttpResponse<String> readiness = new WholeProcessHttp(Duration.ofSeconds(10)).get(app.uri("/readyz"));
			int exitCode = app.awaitExit(Duration.ofSeconds(30));
			// Judged once the process is gone, so that a failure shows the summary too.
			String summary = String.join("", app.linesContaining("Graceful shutdown complete in "));
			SoftAssertions.assertSoftly((softly) -> {
				softly.assertThat(beforeShutdown.status()).isEqualTo(200);
				softly.assertThat(beforeShutdown.body()).isEqualTo("hello");
				softly.assertThat(beforeShutdown.asksToClose())
					.as("before the shutdown, asks to close: %s", beforeShutdown.rawHeaders())
					.isFalse();
				softly.assertThat(duringDrain.status()).isEqualTo(200);
				softly.assertThat(duringDrain.body()).isEqualTo("hello");
				softly.assertThat(duringDrain.asksToClose())
					.as("during the drain, asks to close: %s; summary: %s", duringDrain.rawHeaders(), summary)
					.isTrue();
				softly.assertThat(readiness.statusCode())
					.as("readiness during the drain: %s", readiness.body())
					.isEqualTo(503);
				softly.assertThat(exitCode).as("exit code").isZero();
				softly.assertThat(summary).contains("exit code 0");
			});
		}
	}

}
