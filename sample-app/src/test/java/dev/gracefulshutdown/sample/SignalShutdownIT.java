package dev.gracefulshutdown.sample;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Whole-process tests of a shutdown started by a signal: the sample application as a real
 * JVM, signalled with {@code kill}, judged by its exit code, its output and the responses
 * (and WebSocket close status) its clients get.
 */
@Order(7)
@WholeProcessTest
class SignalShutdownIT {

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration LINE_TIMEOUT = Duration.ofSeconds(20);

	private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

	private static final String SUMMARY = "Graceful shutdown complete in ";

	private static final String FAREWELL = "Farewell: graceful shutdown done, exiting with code 0";

	private static final Pattern REQUEST_STARTED = Pattern.compile("slow (async )?request started \\(3000 ms\\)");

	private final WholeProcessHttp http = new WholeProcessHttp();

	@Test
	@AlsoOnSpringBoot40
	void sigtermLetsEveryRequestInFlightCompleteThenExitsWithZero(TestInfo testInfo) throws Exception {
		try (SampleAppProcess app = SampleAppProcess.start(testInfo)) {
			List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
			responses.add(this.http.getAsync(app.uri("/slow?ms=3000")));
			responses.add(this.http.getAsync(app.uri("/slow?ms=3000")));
			responses.add(this.http.getAsync(app.uri("/slow-async?ms=3000")));
			responses.add(this.http.getAsync(app.uri("/slow-async?ms=3000")));
			// An open WebSocket session (Spring WebSocket on Tomcat): not a request in
			// flight, and closed with status 1001 (going away) at the end of the drain.
			WholeProcessWebSocket ticks = WholeProcessWebSocket
				.open(URI.create("ws://localhost:" + app.port() + "/ws/ticks"), LINE_TIMEOUT);
			await().atMost(LINE_TIMEOUT).until(() -> ticks.messages().contains("tick 1"));
			app.waitForLines(REQUEST_STARTED, 4, LINE_TIMEOUT);
			app.signal("TERM");
			for (CompletableFuture<HttpResponse<String>> response : responses) {
				HttpResponse<String> completed = response.get(REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
				assertThat(completed.statusCode()).as("status of %s", completed.uri()).isEqualTo(200);
				assertThat(completed.body()).matches("(slept 3000 ms|waited 3000 ms asynchronously)");
			}
			assertThat(ticks.awaitCloseStatus(REQUEST_TIMEOUT)).as("close status of the WebSocket session")
				.isEqualTo(1001);
			assertThat(app.awaitExit(EXIT_TIMEOUT)).as("exit code").isZero();
			// A functional bound: the requests take 3 s, and nothing else may hold the
			// shutdown (an open session held by Tomcat would take its 30 s phase).
			assertThat(app.signalToExit()).as("from SIGTERM to the exit").isLessThan(Duration.ofSeconds(15));
			assertThat(app.linesContaining("Graceful shutdown started by signal (SIGTERM)")).hasSize(1);
			assertThat(app.linesContaining(SUMMARY)).singleElement()
				.asString()
				.contains("reason signal (SIGTERM)", "requests in flight at start 4", "exit code 0");
			assertThat(app.linesContaining("WebSocket sessions 1 (close status 1001, going away)")).hasSize(1);
			assertThat(app.linesContaining("tick socket closed with status 1001")).hasSize(1);
			assertThat(app.linesContaining(FAREWELL)).hasSize(1);
		}
	}

	@Test
	void sigintShutsDownGracefullyToo(TestInfo testInfo) throws Exception {
		try (SampleAppProcess app = SampleAppProcess.start(testInfo)) {
			assertThat(app.linesContaining("SIGINT is ignored")).isEmpty();
			CompletableFuture<HttpResponse<String>> slow = this.http.getAsync(app.uri("/slow?ms=3000"));
			CompletableFuture<HttpResponse<String>> slowAsync = this.http.getAsync(app.uri("/slow-async?ms=3000"));
			app.waitForLines(REQUEST_STARTED, 2, LINE_TIMEOUT);
			app.signal("INT");
			assertThat(slow.get(REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS).statusCode()).isEqualTo(200);
			assertThat(slowAsync.get(REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS).statusCode()).isEqualTo(200);
			assertThat(app.awaitExit(EXIT_TIMEOUT)).as("exit code").isZero();
			assertThat(app.linesContaining("Graceful shutdown started by signal (SIGINT)")).hasSize(1);
			assertThat(app.linesContaining(SUMMARY)).singleElement()
				.asString()
				.contains("reason signal (SIGINT)", "requests in flight at start 2", "exit code 0");
			assertThat(app.linesContaining(FAREWELL)).hasSize(1);
		}
	}

	@Test
	void singleOnRepeatValueOfEarlierVersionsFailsStartupSayingWhatToWriteInstead(TestInfo testInfo) throws Exception {
		// A second signal is in SecondSignalIT and SignalStormIT.
		try (SampleAppProcess app = SampleAppProcess.launch(testInfo, "--graceful-shutdown.signals.on-repeat=ignore")) {
			// Bounded like a startup: the failure comes once the web server initializes.
			assertThat(app.awaitExit(STARTUP_TIMEOUT)).as("exit code").isEqualTo(1);
			assertThat(app.output()).contains("APPLICATION FAILED TO START")
				.contains("Invalid value 'ignore' for property 'graceful-shutdown.signals.on-repeat'")
				.contains("is a map from signal name to what that signal does when it comes again")
				.contains("TERM: join", "INT: escalate", "graceful-shutdown.signals.on-repeat.TERM=join",
						"(what 'ignore' did)")
				.doesNotContain("Started SampleApplication");
		}
	}

}
