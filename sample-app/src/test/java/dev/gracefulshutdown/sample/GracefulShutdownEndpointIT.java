package dev.gracefulshutdown.sample;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Order;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole-process tests of {@code /actuator/shutdown-graceful} as the sample exposes it: on
 * the management server only, which listens on loopback. A loopback port does not keep
 * out a web page open in the operator's browser, so cross-origin browser requests are
 * refused; and what {@code GET} shows of the last shutdown hides its texts by default.
 */
@Order(3)
@WholeProcessTest
class GracefulShutdownEndpointIT {

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration LINE_TIMEOUT = Duration.ofSeconds(20);

	private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

	private static final String ENDPOINT = "/actuator/shutdown-graceful";

	private static final String EVIL = "http://evil.example";

	private static final String MASK = "******";

	private static final Pattern REQUEST_STARTED = Pattern.compile("slow request started \\(3000 ms\\)");

	private final WholeProcessHttp http = new WholeProcessHttp(REQUEST_TIMEOUT);

	@Test
	@AlsoOnSpringBoot40
	void postWithReasonAndExitCodeLetsRequestsInFlightCompleteThenExitsWithThatCode(TestInfo testInfo)
			throws Exception {
		try (SampleAppProcess app = SampleAppProcess.start(testInfo, SampleAppProcess.MANAGEMENT_SERVER)) {
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

	/**
	 * What must not shut the process down, in one start: the endpoint asked on the
	 * application's port (it is on the management port only), a bad request, and the
	 * POSTs a page on another site can send. Then an operator's curl-like POST does.
	 * @param testInfo the running test
	 * @throws Exception on failure
	 */
	@Test
	void badAndCrossSiteRequestsLeaveTheProcessRunningUntilACurlLikePostOnTheManagementPort(TestInfo testInfo)
			throws Exception {
		try (SampleAppProcess app = SampleAppProcess.start(testInfo, SampleAppProcess.MANAGEMENT_SERVER)) {
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
			URI endpoint = app.managementUri(ENDPOINT);
			// What a page on another site can send without a preflight: a body-less
			// fetch, an HTML form, a text/plain fetch; and an older browser that sends
			// Origin but no Sec-Fetch-Site.
			List<HttpRequest> crossSite = List.of(
					browserPost(endpoint, null, "", "Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "cors", "Origin",
							EVIL),
					browserPost(endpoint, "application/x-www-form-urlencoded", "reason=gone", "Sec-Fetch-Site",
							"cross-site", "Sec-Fetch-Mode", "navigate", "Origin", EVIL),
					browserPost(endpoint, "text/plain", "", "Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "no-cors",
							"Origin", EVIL),
					browserPost(endpoint, null, "", "Origin", EVIL));
			for (HttpRequest request : crossSite) {
				HttpResponse<String> refused = send(request);
				assertThat(refused.statusCode())
					.as("%s %s: %s", request.headers().map(), request.method(), refused.body())
					.isEqualTo(403);
				assertThat((String) JsonPath.read(refused.body(), "$.message"))
					.startsWith("Cross-origin request refused: ")
					.contains("send the POST from a tool such as curl");
			}
			// The output is read on a thread of its own: the last line may come a moment
			// after the last answer.
			app.waitForLines(Pattern.compile(Pattern.quote("answered 403, no shutdown started. Cross-origin")),
					crossSite.size(), LINE_TIMEOUT);
			assertThat(app.linesContaining("answered 403, no shutdown started. Cross-origin request refused"))
				.hasSize(crossSite.size())
				.allSatisfy((line) -> assertThat(line).contains(" WARN "));
			// Still serving, and nothing started.
			assertThat(send(get(app.uri("/hello"))).body()).isEqualTo("hello");
			assertThat((String) JsonPath.read(send(get(endpoint)).body(), "$.state")).isEqualTo("RUNNING");
			assertThat(app.isAlive()).isTrue();
			assertThat(app.linesContaining("Graceful shutdown started")).isEmpty();
			// An operator's curl -X POST: no body, no browser headers.
			HttpResponse<String> accepted = send(
					HttpRequest.newBuilder(endpoint).timeout(REQUEST_TIMEOUT).POST(BodyPublishers.noBody()).build());
			assertThat(accepted.statusCode()).as("curl-like POST: %s", accepted.body()).isEqualTo(202);
			assertThat(app.awaitExit(EXIT_TIMEOUT)).as("exit code").isZero();
			assertThat(app.linesContaining("Graceful shutdown started by request (POST " + ENDPOINT + ")")).hasSize(1);
		}
	}

	@Test
	void getHidesTheHookFailuresAndCommandLinesOfTheLastShutdownByDefault(TestInfo testInfo, @TempDir Path directory)
			throws Exception {
		Path file = directory.resolve("report.json");
		String reportFile = "--graceful-shutdown.report.file=" + file;
		String name = testInfo.getTestMethod().orElseThrow().getName();
		try (SampleAppProcess app = SampleAppProcess.start("GracefulShutdownEndpointIT." + name + "-first",
				SampleAppProcess.MANAGEMENT_SERVER, reportFile, "--sample.fault.hook-throws=true",
				"--sample.sidecar.enabled=true")) {
			app.waitForLine("sidecar ", LINE_TIMEOUT);
			app.signal("TERM");
			assertThat(app.awaitExit(EXIT_TIMEOUT)).as("exit code").isZero();
		}
		// What the previous instance wrote: the texts to hide are there.
		String written = Files.readString(file);
		List<String> failures = JsonPath.read(written, "$.hooks[?(@.failure)].failure");
		assertThat(failures).singleElement().asString().contains("injected hook failure");
		List<String> commands = JsonPath.read(written, "$.childProcesses[*].command");
		assertThat(commands).isNotEmpty().allSatisfy((command) -> assertThat(command).isNotBlank().isNotEqualTo(MASK));
		List<Integer> pids = JsonPath.read(written, "$.childProcesses[*].pid");

		try (SampleAppProcess app = SampleAppProcess.start("GracefulShutdownEndpointIT." + name + "-second",
				SampleAppProcess.MANAGEMENT_SERVER, reportFile)) {
			HttpResponse<String> status = send(get(app.managementUri(ENDPOINT)));
			assertThat(status.statusCode()).isEqualTo(200);
			assertThat(status.body()).doesNotContain("injected hook failure");
			for (String command : commands) {
				assertThat(status.body()).doesNotContain(command);
			}
			assertThat((List<String>) JsonPath.read(status.body(), "$.lastShutdown.hooks[?(@.failure)].failure"))
				.containsExactly(MASK);
			assertThat((List<String>) JsonPath.read(status.body(), "$.lastShutdown.hooks[?(@.failure)].outcome"))
				.containsExactly("FAILED");
			assertThat((List<String>) JsonPath.read(status.body(), "$.lastShutdown.childProcesses[*].command"))
				.hasSameSizeAs(commands)
				.containsOnly(MASK);
			assertThat((List<Integer>) JsonPath.read(status.body(), "$.lastShutdown.childProcesses[*].pid"))
				.containsExactlyElementsOf(pids);
			assertThat((Integer) JsonPath.read(status.body(), "$.lastShutdown.exitCode")).isZero();
			app.signal("TERM");
			assertThat(app.awaitExit(EXIT_TIMEOUT)).as("exit code").isZero();
		}
	}

	private static HttpRequest browserPost(URI uri, @Nullable String contentType, String body, String... headers) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).headers(headers);
		if (contentType != null) {
			builder.header("Content-Type", contentType);
		}
		return builder.POST(body.isEmpty() ? BodyPublishers.noBody() : BodyPublishers.ofString(body)).build();
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
		return this.http.send(request);
	}

	private CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest request) {
		return this.http.sendAsync(request);
	}

}
