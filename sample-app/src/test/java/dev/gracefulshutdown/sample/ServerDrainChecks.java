package dev.gracefulshutdown.sample;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import dev.gracefulshutdown.test.ApplicationProcess;
import dev.gracefulshutdown.test.GracefulShutdownAssertions;
import dev.gracefulshutdown.test.HttpLoad;
import dev.gracefulshutdown.test.ShutdownResult;
import dev.gracefulshutdown.test.Signal;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The drain as every web server must show it, checked on a small test application that a
 * subclass starts on its server as a real JVM: requests in flight (blocking, delayed and
 * streaming) complete after a {@code SIGTERM}, an open Server-Sent Events stream is ended
 * cleanly, an open WebSocket session is closed with status 1001 (going away), a
 * kept-alive connection is asked to close during the drain, and readiness is down while
 * the drain runs. The first check starts the application with the
 * {@code graceful-shutdown-test} module and asserts on its shutdown report, as an
 * application's own test would.
 */
abstract class ServerDrainChecks {

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration LINE_TIMEOUT = Duration.ofSeconds(20);

	private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

	private static final Pattern SLOW_STARTED = Pattern.compile("slow request started \\(3000 ms\\)");

	private static final int STREAM_LINES = 6;

	private static final long STREAM_EVERY_MILLIS = 500;

	private final WholeProcessHttp http = new WholeProcessHttp();

	/**
	 * Return the main class of the test application on the server under test.
	 * @return the main class
	 */
	abstract Class<?> applicationClass();

	/**
	 * Return the application arguments that make the server under test the one that
	 * starts.
	 * @return the arguments
	 */
	abstract List<String> serverArguments();

	/**
	 * Start the test application on the server under test.
	 * @param testInfo the running test
	 * @param arguments further application arguments
	 * @return the started application
	 * @throws Exception if it cannot be started
	 */
	SampleAppProcess start(TestInfo testInfo, String... arguments) throws Exception {
		List<String> all = new ArrayList<>(serverArguments());
		all.addAll(List.of(arguments));
		return SampleAppProcess.startMainClass(testInfo, applicationClass(), all.toArray(String[]::new));
	}

	/**
	 * Return the line the server logs when it has started, such as
	 * {@code Jetty started on port}.
	 * @return the text of the line
	 */
	abstract String serverStartedLine();

	/**
	 * Return the whole body of {@code /stream?n=6&ms=500}.
	 * @return the body
	 */
	abstract String expectedStreamBody();

	@Test
	void sigtermLetsSlowAndStreamingRequestsCompleteThenExitsWithZero(TestInfo testInfo) throws Exception {
		// Started with the graceful-shutdown-test module, as a user's test would; the
		// runtime (JDK, virtual threads) and the log directory are the class template's.
		String name = getClass().getSimpleName() + "." + testInfo.getTestMethod().get().getName();
		List<String> arguments = new ArrayList<>(serverArguments());
		arguments.add("--management.server.port=-1");
		if (ChildRuntime.current().virtualThreads()) {
			arguments.add("--spring.threads.virtual.enabled=true");
		}
		try (ApplicationProcess app = ApplicationProcess.builder(applicationClass())
			.name(name)
			.directory(SampleAppProcess.logDirectory().resolve(name))
			.javaHome(ChildRuntime.current().javaHome())
			.arguments(arguments.toArray(String[]::new))
			.start()) {
			assertThat(app.log()).anyMatch((line) -> line.contains(serverStartedLine()));
			// An open event stream, which neither the drain nor the server's graceful
			// shutdown waits for: it gets a last comment and a clean end.
			List<String> eventLines = new CopyOnWriteArrayList<>();
			CompletableFuture<Void> events = this.http
				.sendAsync(HttpRequest.newBuilder(app.baseUri().resolve("/events"))
					.header("Accept", "text/event-stream")
					.build(), BodyHandlers.ofLines())
				.thenAccept((response) -> response.body().forEach(eventLines::add));
			await().atMost(LINE_TIMEOUT).until(() -> eventLines.contains("data:tick"));
			// An open WebSocket session, which is not a request in flight either: it is
			// closed with status 1001 (going away).
			WholeProcessWebSocket socket = WholeProcessWebSocket
				.open(URI.create("ws://localhost:" + app.port() + "/ws"), LINE_TIMEOUT);
			await().atMost(LINE_TIMEOUT).until(() -> socket.messages().contains("hello"));
			List<CompletableFuture<HttpLoad.Response>> slow = app.http().inFlight(2, "/slow?ms=3000");
			CompletableFuture<HttpLoad.Response> stream = app.http()
				.getAsync("/stream?n=" + STREAM_LINES + "&ms=" + STREAM_EVERY_MILLIS);
			app.awaitLog(SLOW_STARTED.pattern(), 2, LINE_TIMEOUT);
			app.awaitLog("stream started", 1, LINE_TIMEOUT);
			ShutdownResult shutdown = app.shutdown(Signal.TERM, EXIT_TIMEOUT);
			GracefulShutdownAssertions.assertThat(shutdown)
				.exitedWith(0)
				.lostNoRequests()
				.completed()
				.noStragglers()
				.phase("web-server-graceful-shutdown")
				.completed();
			for (CompletableFuture<HttpLoad.Response> response : slow) {
				HttpLoad.Response completed = response.get(REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
				assertThat(completed.status()).as("status of /slow").isEqualTo(200);
				assertThat(completed.body()).isEqualTo("slept 3000 ms");
			}
			HttpLoad.Response streamed = stream.get(REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			assertThat(streamed.status()).as("status of the stream").isEqualTo(200);
			assertThat(streamed.body()).as("the whole stream").isEqualTo(expectedStreamBody());
			events.get(REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			assertThat(eventLines).as("the event stream").containsSubsequence("data:tick", ":shutdown");
			assertThat(socket.awaitCloseStatus(REQUEST_TIMEOUT)).as("close status of the WebSocket session")
				.isEqualTo(1001);
			assertThat(shutdown.log()).filteredOn((line) -> line.contains("Ended 2 open streams"))
				.as("streams ended")
				.singleElement()
				.asString()
				.contains("event streams 1", "WebSocket sessions 1");
			assertThat(shutdown.report().requests().atDrainStart()).as("requests in flight at the drain's start")
				.isEqualTo(3);
			assertThat(shutdown.log())
				.filteredOn((line) -> line.contains("Graceful shutdown started by signal (SIGTERM)"))
				.singleElement()
				.asString()
				.contains("requests in flight: 3");
			assertThat(shutdown.log()).noneMatch((line) -> line.contains("Drain ended at its limit"));
		}
	}

	@Test
	void keptAliveConnectionIsAskedToCloseWhileReadinessIsDown(TestInfo testInfo) throws Exception {
		try (SampleAppProcess app = start(testInfo, "--graceful-shutdown.drain.min-delay=3s")) {
			RawHttpConnection.Response beforeShutdown;
			RawHttpConnection.Response duringDrain;
			HttpResponse<String> readinessBefore = this.http.get(app.uri("/readyz"));
			try (RawHttpConnection connection = new RawHttpConnection(app.port(), Duration.ofSeconds(10))) {
				beforeShutdown = connection.get("/hello");
				app.signal("TERM");
				app.waitForLine("Graceful shutdown started by signal (SIGTERM)", LINE_TIMEOUT);
				duringDrain = connection.get("/hello");
			}
			HttpResponse<String> readinessDuringDrain = this.http.get(app.uri("/readyz"));
			int exitCode = app.awaitExit(EXIT_TIMEOUT);
			String summary = String.join("", app.linesContaining("Graceful shutdown complete in "));
			SoftAssertions.assertSoftly((softly) -> {
				softly.assertThat(readinessBefore.statusCode())
					.as("readiness before: %s", readinessBefore.body())
					.isEqualTo(200);
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
				softly.assertThat(readinessDuringDrain.statusCode())
					.as("readiness during the drain: %s", readinessDuringDrain.body())
					.isEqualTo(503);
				softly.assertThat(exitCode).as("exit code").isZero();
				softly.assertThat(summary).contains("exit code 0");
			});
		}
	}

}
