package dev.gracefulshutdown.sample;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole-process test of the executors drain: {@code @Async} tasks accepted just before a
 * {@code SIGTERM} all run to completion before the process exits, whether they run on
 * platform threads (Spring Boot's {@code ThreadPoolTaskExecutor}, with a queue) or, in
 * the run on JDK 25, on virtual threads ({@code SimpleAsyncTaskExecutor}).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ExecutorsDrainIT {

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	@Test
	void asyncTasksSubmittedJustBeforeSigtermAllComplete(TestInfo testInfo) throws Exception {
		assertEveryReportIsDone(testInfo, 5);
	}

	@Test
	void asyncTasksWaitingInTheExecutorsQueueCompleteToo(TestInfo testInfo) throws Exception {
		// Boot's executor runs 8 tasks at a time on platform threads: 4 of these wait in
		// its queue when the signal comes, which Spring alone would drop.
		assertEveryReportIsDone(testInfo, 12);
	}

	private void assertEveryReportIsDone(TestInfo testInfo, int count) throws Exception {
		try (SampleAppProcess app = SampleAppProcess.start(testInfo)) {
			HttpResponse<String> accepted = this.client
				.send(HttpRequest.newBuilder(app.uri("/reports?count=" + count + "&ms=1500"))
					.timeout(REQUEST_TIMEOUT)
					.POST(BodyPublishers.noBody())
					.build(), BodyHandlers.ofString());
			assertThat(accepted.statusCode()).as("status: %s", accepted.body()).isEqualTo(202);
			app.signal("TERM");
			assertThat(app.awaitExit(EXIT_TIMEOUT)).as("exit code").isZero();
			List<String> done = app.linesContaining("report r")
				.stream()
				.filter((line) -> line.contains(" done;"))
				.toList();
			assertThat(done).as("reports done").hasSize(count);
			for (int i = 1; i <= count; i++) {
				assertThat(app.linesContaining("report r" + i + " done; ")).as("report r%d", i).hasSize(1);
			}
			assertThat(app.linesContaining("reports done: " + count)).hasSize(1);
			assertThat(app.output()).doesNotContain("Executors still busy");
			int lastDone = IntStream.rangeClosed(1, count)
				.map((i) -> app.indexOfLine("report r" + i + " done; "))
				.max()
				.orElseThrow();
			assertThat(app.indexOfLine("Graceful shutdown complete in ")).as("summary after the last report")
				.isGreaterThan(lastDone);
			assertThat(app.linesContaining("Graceful shutdown complete in ")).singleElement()
				.asString()
				.contains("exit code 0");
		}
	}

}
