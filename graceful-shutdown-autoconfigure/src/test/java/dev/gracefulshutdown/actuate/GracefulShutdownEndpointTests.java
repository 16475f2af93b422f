package dev.gracefulshutdown.actuate;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.jayway.jsonpath.JsonPath;
import dev.gracefulshutdown.ShutdownState;
import dev.gracefulshutdown.report.ShutdownReportJson;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.json.BasicJsonTester;
import org.springframework.boot.test.json.JsonContent;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static dev.gracefulshutdown.actuate.EndpointTestApplication.ENDPOINT;
import static dev.gracefulshutdown.actuate.EndpointTestApplication.JSON;
import static dev.gracefulshutdown.actuate.EndpointTestApplication.UPPER_BOUND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link GracefulShutdownEndpoint} and {@link ShutdownRequestBodyFilter} over
 * real HTTP, in a real application whose process exit is recorded.
 */
@ExtendWith(OutputCaptureExtension.class)
class GracefulShutdownEndpointTests {

	private static final Duration DEADLINE = Duration.ofSeconds(25);

	private static final String ORIGIN = "POST /actuator/shutdown-graceful";

	private static final String WHEN_AUTHORIZED = "management.endpoint.shutdown-graceful.show-details=when-authorized";

	private static final String OPERATORS = "management.endpoint.shutdown-graceful.roles=OPERATOR";

	private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

	// Shared by the requests that must not start a shutdown; replaced when one did.
	private static @Nullable EndpointTestApplication shared;

	private final BasicJsonTester json = new BasicJsonTester(getClass());

	private @Nullable EndpointTestApplication application;

	@AfterEach
	void closeApplications() {
		if (this.application != null) {
			this.application.close();
		}
		EndpointTestApplication current = shared;
		if (current != null && current.coordinator().state() != ShutdownState.RUNNING) {
			shared = null;
			current.close();
		}
	}

	@AfterAll
	static void closeSharedApplication() {
		EndpointTestApplication current = shared;
		shared = null;
		if (current != null) {
			current.close();
		}
	}

	@Test
	void postStartsTheShutdownAndAnswers202WithWhatItStarted() throws Exception {
		EndpointTestApplication app = start();
		HttpResponse<String> response = app.postJson("{\"reason\":\"deploy 42\",\"exitCode\":3}");
		assertThat(response.statusCode()).isEqualTo(202);
		JsonContent<Object> body = this.json.from(response.body());
		assertThat(body).extractingJsonPathStringValue("$.id")
			.matches(UUID_PATTERN)
			.isEqualTo(app.coordinator().handle().id());
		assertThat(body).extractingJsonPathStringValue("$.state").isEqualTo("DRAINING");
		assertThat(body).extractingJsonPathStringValue("$.reason").isEqualTo("REQUESTED");
		assertThat(body).extractingJsonPathStringValue("$.origin").isEqualTo(ORIGIN);
		assertThat(body).extractingJsonPathStringValue("$.detail").isEqualTo("deploy 42");
		Instant requestedAt = Instant.parse(JsonPath.read(response.body(), "$.requestedAt"));
		Instant deadlineAt = Instant.parse(JsonPath.read(response.body(), "$.deadlineAt"));
		assertThat(deadlineAt).isEqualTo(requestedAt.plus(DEADLINE));
		assertThat(requestedAt).isEqualTo(app.coordinator().handle().request().requestedAt());
		assertThat(app.awaitExit()).containsExactly(3);
		assertThat(app.processExit().halts).isEmpty();
		assertThat(app.context().isActive()).isFalse();
	}

	@Test
	void emptyPostIsAcceptedAndExitsWithTheGracefulCode() throws Exception {
		EndpointTestApplication app = start();
		HttpResponse<String> response = app.post(ENDPOINT, null, null);
		assertThat(response.statusCode()).isEqualTo(202);
		JsonContent<Object> body = this.json.from(response.body());
		assertThat(body).hasJsonPathStringValue("$.id");
		assertThat(body).extractingJsonPathStringValue("$.state").isEqualTo("DRAINING");
		assertThat(body).extractingJsonPathStringValue("$.reason").isEqualTo("REQUESTED");
		assertThat(body).extractingJsonPathStringValue("$.origin").isEqualTo(ORIGIN);
		assertThat(body).hasJsonPathStringValue("$.requestedAt");
		assertThat(body).hasJsonPathStringValue("$.deadlineAt");
		assertThat(body).doesNotHaveJsonPath("$.detail");
		assertThat(app.awaitExit()).containsExactly(0);
	}

	@Test
	void postWithTheActuatorMediaTypeIsAccepted() throws Exception {
		EndpointTestApplication app = start();
		HttpResponse<String> response = app.post(ENDPOINT, "application/vnd.spring-boot.actuator.v3+json",
				"{\"exitCode\":4}");
		assertThat(response.statusCode()).isEqualTo(202);
		assertThat(app.awaitExit()).containsExactly(4);
	}

	@Test
	void getWhileDrainingTellsWhereTheShutdownStands() throws Exception {
		EndpointTestApplication app = start(WHEN_AUTHORIZED, OPERATORS);
		CompletableFuture<HttpResponse<String>> held = app.holdRequestInFlight();
		HttpResponse<String> posted = app.postJson("{\"reason\":\"deploy 42\"}");
		assertThat(posted.statusCode()).isEqualTo(202);
		String id = JsonPath.read(posted.body(), "$.id");
		AtomicReference<String> status = new AtomicReference<>();
		await().atMost(UPPER_BOUND).until(() -> {
			HttpResponse<String> response = app.get(ENDPOINT);
			status.set(response.body());
			return response.statusCode() == 200 && "DRAIN".equals(member(response.body(), "stage"));
		});
		JsonContent<Object> body = this.json.from(status.get());
		assertThat(body).extractingJsonPathStringValue("$.id").isEqualTo(id);
		assertThat(body).extractingJsonPathStringValue("$.state").isEqualTo("DRAINING");
		assertThat(body).extractingJsonPathStringValue("$.stage").isEqualTo("DRAIN");
		assertThat(body).extractingJsonPathStringValue("$.reason").isEqualTo("REQUESTED");
		assertThat(body).extractingJsonPathStringValue("$.origin").isEqualTo(ORIGIN);
		// The reason is a detail: hidden from a caller who is not an operator.
		assertThat(body).extractingJsonPathStringValue("$.detail").isEqualTo(ShutdownReportWithDetails.MASK);
		assertThat(this.json.from(app.getAsUser(ENDPOINT, "OPERATOR").body())).extractingJsonPathStringValue("$.detail")
			.isEqualTo("deploy 42");
		assertThat(this.json.from(app.getAsUser(ENDPOINT, "DEVELOPER").body()))
			.extractingJsonPathStringValue("$.detail")
			.isEqualTo(ShutdownReportWithDetails.MASK);
		assertThat(body).extractingJsonPathStringValue("$.requestedAt")
			.isEqualTo(JsonPath.read(posted.body(), "$.requestedAt"));
		assertThat(body).extractingJsonPathStringValue("$.deadlineAt")
			.isEqualTo(JsonPath.read(posted.body(), "$.deadlineAt"));
		// The held request and this GET itself.
		assertThat(body).extractingJsonPathNumberValue("$.inFlight").isEqualTo(2);
		long elapsed = ((Number) JsonPath.read(status.get(), "$.elapsedMillis")).longValue();
		long remaining = ((Number) JsonPath.read(status.get(), "$.remainingMillis")).longValue();
		assertThat(elapsed).isNotNegative();
		assertThat(remaining).isPositive().isLessThanOrEqualTo(DEADLINE.toMillis());
		assertThat(elapsed + remaining).isBetween(DEADLINE.toMillis() - 1000, DEADLINE.toMillis());
		assertThat(app.processExit().exits).isEmpty();
		app.heldRequests().release();
		assertThat(held.get(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS).body()).isEqualTo("released");
		assertThat(app.awaitExit()).containsExactly(0);
	}

	@Test
	void concurrentPostsStartOneShutdownAndAllGetItsId() throws Exception {
		EndpointTestApplication app = start();
		// Keeps the drain open until every POST has been answered.
		CompletableFuture<HttpResponse<String>> held = app.holdRequestInFlight();
		int clients = 50;
		ExecutorService executor = Executors.newFixedThreadPool(clients);
		List<HttpResponse<String>> responses = new ArrayList<>();
		try {
			CountDownLatch ready = new CountDownLatch(clients);
			CountDownLatch start = new CountDownLatch(1);
			List<Future<HttpResponse<String>>> futures = new ArrayList<>();
			for (int i = 0; i < clients; i++) {
				String body = "{\"reason\":\"client " + i + "\"}";
				Callable<HttpResponse<String>> client = () -> {
					ready.countDown();
					assertThat(start.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
					return app.postJson(body);
				};
				futures.add(executor.submit(client));
			}
			assertThat(ready.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
			start.countDown();
			for (Future<HttpResponse<String>> future : futures) {
				responses.add(future.get(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS));
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(202);
		Set<String> ids = responses.stream()
			.map((response) -> JsonPath.<String>read(response.body(), "$.id"))
			.collect(Collectors.toSet());
		assertThat(ids).containsExactly(app.coordinator().handle().id());
		app.heldRequests().release();
		assertThat(held.get(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS).statusCode()).isEqualTo(200);
		assertThat(app.awaitExit()).containsExactly(0);
		String detail = app.coordinator().request().orElseThrow().detail();
		assertThat(detail).matches("client \\d+");
		// Each client gets its own reason back; the one that started the shutdown sees
		// it, the others joined a shutdown whose detail is not theirs to see.
		assertThat(responses).extracting((response) -> JsonPath.<String>read(response.body(), "$.detail"))
			.containsOnlyOnce(detail)
			.containsOnly(detail, ShutdownReportWithDetails.MASK)
			.hasSize(clients);
	}

	@Test
	void getWhileRunningTellsThatTheApplicationRuns() {
		EndpointTestApplication app = shared();
		HttpResponse<String> response = app.get(ENDPOINT);
		assertThat(response.statusCode()).isEqualTo(200);
		JsonContent<Object> body = this.json.from(response.body());
		assertThat(body).extractingJsonPathStringValue("$.state").isEqualTo("RUNNING");
		// This GET itself.
		assertThat(body).extractingJsonPathNumberValue("$.inFlight").isEqualTo(1);
		for (String absent : List.of("id", "stage", "reason", "origin", "detail", "requestedAt", "deadlineAt",
				"elapsedMillis", "remainingMillis")) {
			assertThat(body).doesNotHaveJsonPath("$." + absent);
		}
		app.assertNoShutdownStarted();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badRequests")
	void badRequestIsAnswered400WithAMessageAndStartsNoShutdown(String description, @Nullable String contentType,
			String content, String message) {
		EndpointTestApplication app = shared();
		HttpResponse<String> response = app.post(ENDPOINT, contentType, content);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(this.json.from(response.body())).extractingJsonPathStringValue("$.message").isEqualTo(message);
		assertThat(this.json.from(response.body())).extractingJsonPathNumberValue("$.status").isEqualTo(400);
		app.assertNoShutdownStarted();
	}

	static Stream<Arguments> badRequests() {
		String range = "'exitCode' must be between 0 and 255, not ";
		String whole = "'exitCode' must be a whole number between 0 and 255, not ";
		String notJson = "' is not supported; send 'application/json'";
		String longReason = "r".repeat(GracefulShutdownEndpoint.MAX_REASON_LENGTH + 1);
		return Stream.of(Arguments.of("exit code 256", JSON, "{\"exitCode\":256}", range + "256"),
				Arguments.of("exit code -1", JSON, "{\"exitCode\":-1}", range + "-1"),
				Arguments.of("exit code as a string", JSON, "{\"exitCode\":\"abc\"}", whole + "the string \"abc\""),
				Arguments.of("exit code with a fraction", JSON, "{\"exitCode\":3.5}", whole + "3.5"),
				Arguments.of("exit code as an object", JSON, "{\"exitCode\":{\"a\":1}}", whole + "{a=1}"),
				Arguments.of("exit code beyond int", JSON, "{\"exitCode\":4294967296}", whole + "'4294967296'"),
				Arguments.of("reason too long", JSON, "{\"reason\":\"" + longReason + "\"}",
						"'reason' must be at most 200 characters, not 201"),
				Arguments.of("reason with a control character", JSON, "{\"reason\":\"bad\\u0007reason\"}",
						"'reason' must not contain control characters (found U+0007 at index 3)"),
				Arguments.of("reason with a line break", JSON, "{\"reason\":\"forged\\nlog line\"}",
						"'reason' must not contain control characters (found U+000A at index 6)"),
				Arguments.of("reason as a number", JSON, "{\"reason\":42}", "'reason' must be a string"),
				Arguments.of("malformed JSON", JSON, "{\"reason\":\"x\",}",
						"Malformed JSON: expected a field name in double quotes at offset 14"),
				Arguments.of("text/plain", "text/plain", "{\"exitCode\":3}", "Content-Type 'text/plain" + notJson),
				Arguments.of("form content", "application/x-www-form-urlencoded", "exitCode=3",
						"Content-Type 'application/x-www-form-urlencoded" + notJson),
				Arguments.of("body without Content-Type", null, "{\"exitCode\":3}",
						"A request body needs 'Content-Type: application/json'"),
				Arguments.of("unknown field", JSON, "{\"exitcode\":3}",
						"Unknown field 'exitcode'; the accepted fields are 'reason' and 'exitCode'"),
				Arguments.of("body over 4096 bytes", JSON, "{\"reason\":\"" + "r".repeat(4096) + "\"}",
						"The request body must be at most 4096 bytes"));
	}

	@Test
	void unknownQueryParameterIsAnswered400AndStartsNoShutdown() {
		// Spring Boot's actuator also takes a write operation's arguments from the query
		// string: "?exitcode=3" must not end the process with the graceful code.
		EndpointTestApplication app = shared();
		HttpResponse<String> response = app.post(ENDPOINT + "?exitcode=3", null, null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		app.assertNoShutdownStarted();
	}

	@ParameterizedTest
	@ValueSource(strings = { "application/merge-patch+json", "application/*", "*/*" })
	void contentTypeThatPassesTheBodyCheckStillGetsAMessage(String contentType) {
		// Whether such a type is refused or handed on as JSON, the caller must learn what
		// to fix: not a bare 415 from Spring Boot.
		EndpointTestApplication app = shared();
		HttpResponse<String> response = app.post(ENDPOINT, contentType, "{\"exitCode\":300}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(this.json.from(response.body())).hasJsonPathStringValue("$.message");
		app.assertNoShutdownStarted();
	}

	@Test
	void exitCodeInTheQueryStringIsAnswered400AndStartsNoShutdown() {
		EndpointTestApplication app = shared();
		HttpResponse<String> response = app.post(ENDPOINT + "?exitCode=3", null, null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(this.json.from(response.body())).extractingJsonPathStringValue("$.message")
			.isEqualTo("Query parameters are not accepted; send 'reason' and 'exitCode' in a JSON body");
		app.assertNoShutdownStarted();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("crossOriginPosts")
	void crossOriginBrowserPostIsAnswered403AndStartsNoShutdown(String description, @Nullable String contentType,
			@Nullable String content, List<String> headers, String message, CapturedOutput output) {
		EndpointTestApplication app = shared();
		HttpResponse<String> response = app.post(app.port(), ENDPOINT, contentType, content,
				headers.toArray(String[]::new));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		JsonContent<Object> body = this.json.from(response.body());
		assertThat(body).extractingJsonPathNumberValue("$.status").isEqualTo(403);
		assertThat(body).extractingJsonPathStringValue("$.error").isEqualTo("Forbidden");
		assertThat(body).extractingJsonPathStringValue("$.message")
			.startsWith("Cross-origin request refused: ")
			.contains(message)
			.endsWith("send the POST from a tool such as curl, not from a web page (or list the page's origin in"
					+ " management.endpoint.shutdown-graceful.trusted-origins)");
		assertThat(output)
			.contains("POST " + ENDPOINT + " answered 403, no shutdown started. Cross-origin request refused")
			.contains(message);
		app.assertNoShutdownStarted();
	}

	static Stream<Arguments> crossOriginPosts() {
		String evil = "http://evil.example";
		String crossSite = "Sec-Fetch-Site 'cross-site'";
		return Stream.of(
				Arguments.of("body-less fetch from another site", null, null,
						List.of("Sec-Fetch-Site", "cross-site", "Origin", evil), crossSite),
				Arguments.of("HTML form from another site", "application/x-www-form-urlencoded", "reason=gone",
						List.of("Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "navigate", "Origin", evil),
						crossSite),
				Arguments.of("empty HTML form from another site", "application/x-www-form-urlencoded", "",
						List.of("Sec-Fetch-Site", "cross-site", "Origin", evil), crossSite),
				Arguments.of("text/plain fetch from another site", "text/plain", "",
						List.of("Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "no-cors", "Origin", evil),
						crossSite),
				Arguments.of("fetch from the application's own port (same site)", null, null,
						List.of("Sec-Fetch-Site", "same-site", "Origin", "http://localhost:8080"),
						"Sec-Fetch-Site 'same-site'"),
				Arguments.of("older browser: Origin without Sec-Fetch-Site", null, null, List.of("Origin", evil),
						"Origin 'http://evil.example' is not the host asked for (Host 'localhost:"),
				Arguments.of("older browser: sandboxed frame", "text/plain", "", List.of("Origin", "null"),
						"Origin 'null' is not the host asked for"));
	}

	@Test
	void browserPostFromTheEndpointsOwnOriginIsAccepted() throws Exception {
		EndpointTestApplication app = start();
		HttpResponse<String> response = app.post(app.port(), ENDPOINT, null, null, "Sec-Fetch-Site", "same-origin",
				"Origin", "http://localhost:" + app.port());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		assertThat(app.awaitExit()).containsExactly(0);
	}

	@Test
	void olderBrowserPostWhoseOriginIsTheHostIsAccepted() throws Exception {
		EndpointTestApplication app = start();
		HttpResponse<String> response = app.post(app.port(), ENDPOINT, JSON, "{\"exitCode\":5}", "Origin",
				"http://localhost:" + app.port());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		assertThat(app.awaitExit()).containsExactly(5);
	}

	@Test
	void crossSitePostFromATrustedOriginIsAccepted() throws Exception {
		EndpointTestApplication app = start(
				"management.endpoint.shutdown-graceful.trusted-origins=https://admin.example.com");
		HttpResponse<String> untrusted = app.post(app.port(), ENDPOINT, null, null, "Sec-Fetch-Site", "cross-site",
				"Origin", "https://other.example.com");
		assertThat(untrusted.statusCode()).as(untrusted.body()).isEqualTo(403);
		app.assertNoShutdownStarted();
		HttpResponse<String> trusted = app.post(app.port(), ENDPOINT, null, null, "Sec-Fetch-Site", "cross-site",
				"Origin", "https://admin.example.com");
		assertThat(trusted.statusCode()).as(trusted.body()).isEqualTo(202);
		assertThat(app.awaitExit()).containsExactly(0);
	}

	@Test
	void lastShutdownDetailsAreHiddenByDefaultEvenFromAnAuthenticatedUser(@TempDir Path directory) throws Exception {
		EndpointTestApplication app = start(reportFileWithDetails(directory));
		assertLastShutdownDetailsHidden(app.get(ENDPOINT));
		assertLastShutdownDetailsHidden(app.getAsUser(ENDPOINT, "OPERATOR"));
		app.assertNoShutdownStarted();
	}

	@Test
	void lastShutdownDetailsAreShownOnlyToAUserWithTheRoleWhenAuthorized(@TempDir Path directory) throws Exception {
		EndpointTestApplication app = start(reportFileWithDetails(directory), WHEN_AUTHORIZED, OPERATORS);
		assertLastShutdownDetailsHidden(app.get(ENDPOINT));
		assertLastShutdownDetailsHidden(app.getAsUser(ENDPOINT, "DEVELOPER"));
		HttpResponse<String> shown = app.getAsUser(ENDPOINT, "OPERATOR");
		assertThat(shown.statusCode()).isEqualTo(200);
		JsonContent<Object> body = this.json.from(shown.body());
		assertThat(body).extractingJsonPathStringValue("$.lastShutdown.detail")
			.isEqualTo(ShutdownReportWithDetails.DETAIL);
		assertThat(body).extractingJsonPathStringValue("$.lastShutdown.hooks[0].failure")
			.isEqualTo(ShutdownReportWithDetails.FAILURE);
		assertThat(body).extractingJsonPathArrayValue("$.lastShutdown.stragglers")
			.containsExactlyElementsOf(ShutdownReportWithDetails.STRAGGLERS);
		assertThat(body).extractingJsonPathStringValue("$.lastShutdown.childProcesses[0].command")
			.isEqualTo(ShutdownReportWithDetails.COMMAND);
		app.assertNoShutdownStarted();
	}

	private void assertLastShutdownDetailsHidden(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).doesNotContain("SQLException", "vault.internal", "s3cr3t", "relay-1",
				"customer-42");
		JsonContent<Object> body = this.json.from(response.body());
		assertThat(body).extractingJsonPathStringValue("$.lastShutdown.detail")
			.isEqualTo(ShutdownReportWithDetails.MASK);
		assertThat(body).extractingJsonPathStringValue("$.lastShutdown.hooks[0].failure")
			.isEqualTo(ShutdownReportWithDetails.MASK);
		assertThat(body).extractingJsonPathStringValue("$.lastShutdown.hooks[0].outcome").isEqualTo("FAILED");
		assertThat(body).extractingJsonPathArrayValue("$.lastShutdown.stragglers")
			.containsExactly(ShutdownReportWithDetails.MASK, ShutdownReportWithDetails.MASK);
		assertThat(body).extractingJsonPathStringValue("$.lastShutdown.childProcesses[0].command")
			.isEqualTo(ShutdownReportWithDetails.MASK);
		assertThat(body).extractingJsonPathNumberValue("$.lastShutdown.childProcesses[0].pid").isEqualTo(4242);
		assertThat(body).extractingJsonPathNumberValue("$.lastShutdown.exitCode").isEqualTo(70);
	}

	private static String reportFileWithDetails(Path directory) throws IOException {
		Path file = Files.writeString(directory.resolve("report.json"),
				ShutdownReportJson.write(ShutdownReportWithDetails.report()));
		return "graceful-shutdown.report.file=" + file;
	}

	private EndpointTestApplication start(String... properties) {
		EndpointTestApplication app = EndpointTestApplication.startWithEndpoint(properties);
		this.application = app;
		return app;
	}

	private static EndpointTestApplication shared() {
		EndpointTestApplication current = shared;
		if (current == null) {
			current = EndpointTestApplication.startWithEndpoint();
			shared = current;
		}
		return current;
	}

	private static @Nullable Object member(String json, String name) {
		Map<String, Object> object = JsonPath.read(json, "$");
		return object.get(name);
	}

}
