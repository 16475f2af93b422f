package dev.gracefulshutdown.sample;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import static dev.gracefulshutdown.sample.StackFrames.frame;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole-process test of {@code GracefulShutdown.shutdownOnError}: a job that throws in
 * the sample's {@link JobWorker} ends the process through the ordered shutdown, with the
 * error exit code.
 */
@WholeProcessTest
class ShutdownOnErrorIT {

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration LINE_TIMEOUT = Duration.ofSeconds(20);

	private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

	private static final String WORKER_FAILED = "Worker 'job-worker' failed";

	private static final String ON_ERROR = "job-worker onError: java.lang.IllegalStateException: poison job";

	private static final String SHUTDOWN_STARTED = "Graceful shutdown started by error (worker 'job-worker': "
			+ "java.lang.IllegalStateException: poison job)";

	private static final String FINAL_MESSAGE = "Worker 'job-worker' failed: java.lang.IllegalStateException: poison job";

	private final WholeProcessHttp http = new WholeProcessHttp();

	@Test
	void failingJobLogsTheErrorRunsOnErrorThenShutsDownWithTheErrorExitCode(TestInfo testInfo) throws Exception {
		try (SampleAppProcess app = SampleAppProcess.start(testInfo)) {
			HttpResponse<String> fine = this.http.post(app.uri("/jobs"));
			assertThat(fine.statusCode()).as("status: %s", fine.body()).isEqualTo(202);
			app.waitForLine("job done: job-1", LINE_TIMEOUT);
			HttpResponse<String> poison = this.http.post(app.uri("/jobs?fail=true"));
			assertThat(poison.statusCode()).as("status: %s", poison.body()).isEqualTo(202);
			assertThat(app.awaitExit(EXIT_TIMEOUT)).as("exit code").isEqualTo(70);
			int failed = app.indexOfLine(WORKER_FAILED);
			int onError = app.indexOfLine(ON_ERROR);
			int started = app.indexOfLine(SHUTDOWN_STARTED);
			int summary = app.indexOfLine("Graceful shutdown complete in ");
			int finalMessage = app.indexOfLine(FINAL_MESSAGE);
			assertThat(failed).as("worker error logged").isNotNegative();
			assertThat(app.output()).contains("java.lang.IllegalStateException: poison job")
				.containsPattern(frame("dev.gracefulshutdown.sample.JobWorker."));
			assertThat(onError).as("onError after the error").isGreaterThan(failed);
			assertThat(started).as("shutdown after onError").isGreaterThan(onError);
			assertThat(summary).as("summary after the start").isGreaterThan(started);
			assertThat(finalMessage).as("final message after the summary").isGreaterThan(summary);
			assertThat(app.linesContaining("Graceful shutdown complete in ")).singleElement()
				.asString()
				.contains("exit code 70");
			assertThat(app.linesContaining(FINAL_MESSAGE)).singleElement().asString().contains(" ERROR ");
			assertThat(app.linesContaining("Farewell: graceful shutdown done, exiting with code 70")).hasSize(1);
		}
	}

}
