package dev.gracefulshutdown.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole-process tests of {@code /actuator/shutdown-graceful} as the sample exposes it: on
 * the management server only, which listens on loopback.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class GracefulShutdownEndpointIT {

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration LINE_TIMEOUT = Duration.ofSeconds(20);

	private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

	private static final String ENDPOINT = "/actuator/shutdown-graceful";

	private static final Pattern REQUEST_STARTED = Pattern.compile("slow request started \\(3000 ms\\)");

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	@Test
	void postWithReasonAndExitCodeLetsRequestsInFlightCompleteThenExitsWithThatCode(TestInfo testInfo)
			throws Exception {
		try (SampleAppProcess app = SampleAppProcess.start(testInfo)) {
			List<CompletableFuture<HttpResponse<String>>> slow = List.of(sendAsync(get(app.uri("/slow?ms=3000"))),
					sendAsync(get(app.uri("/slow?ms=3000"))));
			app.waitForLines(REQUEST_STARTED, 2, LINE_TIMEOUT);
			HttpResponse<String> accepted = send(
					post(app.managementUri(ENDPOINT), "{\"reason\":\"deploy\",\"exitCode\":3}"));
			assertThat(accepted.statusCode()).as("status: %s", accepted.body()).isEqualTo(202);
			assertThat(accepted.headers().firstValue("Content-Type"))
				.hasValueSatisfying((contentType) -> assertThat(contentType).contains("json"));
			String id = JsonPath.read(accepted.body(), "$.id");
			assertThat(id).isNotBlank();
			assertThat((String) JsonPath.read(accepted.body(), "$.detail")).isEqualTo("deploy");
			for (CompletableFuture<HttpResponse<String>> response : slow) {
				HttpResponse<String> completed = response.get(REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
				assertThat(completed.statusCode()).as("status of %s", completed.uri()).isEqualTo(200);
				assertThat(completed.body()).isEqualTo("slept 3000 ms");
			}
			assertThat(app.awaitExit(EXIT_TIMEOUT)).as("exit code").isEqualTo(3);
			assertThat(app.linesContaining("Graceful shutdown started by request (POST " + ENDPOINT + ": deploy)"))
				.hasSize(1);
			assertThat(app.linesContaining("Graceful shutdown complete in ")).singleElement()
				.asString()
				.contains("requests in flight at start 2", "exit code 3", "shutdown id " + id);
			assertThat(app.linesContaining("Farewell: graceful shutdown done, exiting with code 3")).hasSize(1);
		}
	}

	@Test
	void endpointIsOnTheManagementPortOnlyAndABadRequestLeavesTheProcessRunning(TestInfo testInfo) throws Exception {
		try (SampleAppProcess app = SampleAppProcess.start(testInfo)) {
			assertThat(app.managementPort()).isNotEqualTo(app.port());
			assertThat(send(get(app.uri(ENDPOINT))).statusCode()).as("GET on the application's port").isEqualTo(404);
			assertThat(send(post(app.uri(ENDPOINT), "")).statusCode()).as("POST on the application's port")
				.isEqualTo(404);
			HttpResponse<String> status = send(get(app.managementUri(ENDPOINT)));
			assertThat(status.statusCode()).as("GET on the management port: %s", status.body()).isEqualTo(200);
			assertThat((String) JsonPath.read(status.body(), "$.state")).isEqualTo("RUNNING");
			HttpResponse<String> badRequest = send(post(app.managementUri(ENDPOINT), "{\"exitCode\":300}"));
			assertThat(badRequest.statusCode()).as("bad POST: %s", badRequest.body()).isEqualTo(400);
			assertThat((String) JsonPath.read(badRequest.body(), "$.message")).contains("exitCode", "300");
			// Still serving, and nothing started: asked on both ports after the bad POST.
			assertThat(send(get(app.uri("/hello"))).body()).isEqualTo("hello");
			HttpResponse<String> after = send(get(app.managementUri(ENDPOINT)));
			assertThat((String) JsonPath.read(after.body(), "$.state")).isEqualTo("RUNNING");
			assertThat(app.isAlive()).isTrue();
			assertThat(app.linesContaining("Graceful shutdown started")).isEmpty();
			app.signal("TERM");
			assertThat(app.awaitExit(EXIT_TIMEOUT)).as("exit code").isZero();
			assertThat(app.linesContaining("Graceful shutdown started")).singleElement()
				.asString()
				.contains("signal (SIGTERM)");
		}
	}

	private static HttpRequest get(URI uri) {
		return HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET().build();
	}

	private static HttpRequest post(URI uri, String json) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT);
		if (!json.isEmpty()) {
			builder.header("Content-Type", "application/json");
		}
		return builder.POST(BodyPublishers.ofString(json)).build();
	}

	private HttpResponse<String> send(HttpRequest request) throws Exception {
		return this.client.send(request, BodyHandlers.ofString());
	}

	private CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest request) {
		return this.client.sendAsync(request, BodyHandlers.ofString());
	}

}
