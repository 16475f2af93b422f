package dev.gracefulshutdown.sample;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * Whole-process test of the drain as a client sees it: a kept-alive connection is asked
 * to close, and readiness reports that the instance is leaving.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
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
			HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
			HttpResponse<String> readiness = client.send(
					HttpRequest.newBuilder(app.uri("/readyz")).timeout(Duration.ofSeconds(10)).build(),
					BodyHandlers.ofString());
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
