package dev.gracefulshutdown.actuate;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import dev.gracefulshutdown.ShutdownState;
import dev.gracefulshutdown.report.ShutdownReportJson;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.json.BasicJsonTester;
import org.springframework.boot.test.json.JsonContent;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;

import static dev.gracefulshutdown.actuate.EndpointTestApplication.ENDPOINT;
import static dev.gracefulshutdown.actuate.EndpointTestApplication.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link GracefulShutdownEndpoint} and {@link ShutdownRequestWebFilter} over
 * real HTTP in a reactive (WebFlux on Reactor Netty) application whose process exit is
 * recorded: the same answers as in a Spring MVC one.
 */
class GracefulShutdownEndpointReactiveTests {

	private static final String REACTIVE = "spring.main.web-application-type=reactive";

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
	void applicationIsReactive() {
		assertThat(shared().context()).isInstanceOf(ReactiveWebServerApplicationContext.class);
	}

	@Test
	void emptyPostIsAcceptedAndExitsWithTheGracefulCode() throws Exception {
		EndpointTestApplication app = start();
		HttpResponse<String> response = app.post(ENDPOINT, null, null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		assertThat(this.json.from(response.body())).extractingJsonPathStringValue("$.origin")
			.isEqualTo("POST " + ENDPOINT);
		assertThat(app.awaitExit()).containsExactly(0);
	}

	@Test
	void postWithReasonAndExitCodeIsAcceptedAndExitsWithThatCode() throws Exception {
		EndpointTestApplication app = start();
		HttpResponse<String> response = app.post(ENDPOINT, "application/merge-patch+json",
				"{\"reason\":\"deploy 42\",\"exitCode\":3}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		assertThat(this.json.from(response.body())).extractingJsonPathStringValue("$.detail").isEqualTo("deploy 42");
		assertThat(app.awaitExit()).containsExactly(3);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("refusedPosts")
	void refusedPostIsAnsweredWithAMessageAndStartsNoShutdown(String description, int status,
			@Nullable String contentType, @Nullable String content, List<String> headers, String message) {
		EndpointTestApplication app = shared();
		HttpResponse<String> response = app.post(app.port(), ENDPOINT, contentType, content,
				headers.toArray(String[]::new));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		JsonContent<Object> body = this.json.from(response.body());
		assertThat(body).extractingJsonPathNumberValue("$.status").isEqualTo(status);
		assertThat(body).extractingJsonPathStringValue("$.message").contains(message);
		app.assertNoShutdownStarted();
	}

	static Stream<Arguments> refusedPosts() {
		String evil = "http://evil.example";
		return Stream.of(
				Arguments.of("body-less fetch from another site", 403, null, null,
						List.of("Sec-Fetch-Site", "cross-site", "Origin", evil), "Sec-Fetch-Site 'cross-site'"),
				Arguments.of("HTML form from another site", 403, "application/x-www-form-urlencoded", "reason=gone",
						List.of("Sec-Fetch-Site", "cross-site", "Origin", evil), "Sec-Fetch-Site 'cross-site'"),
				Arguments.of("older browser: Origin without Sec-Fetch-Site", 403, "text/plain", "",
						List.of("Origin", evil), "Origin 'http://evil.example' is not the host asked for"),
				Arguments.of("unknown field", 400, JSON, "{\"exitcode\":3}", List.of(),
						"Unknown field 'exitcode'; the accepted fields are 'reason' and 'exitCode'"),
				Arguments.of("text/plain body", 400, "text/plain", "{\"exitCode\":3}", List.of(),
						"Content-Type 'text/plain' is not supported; send 'application/json'"),
				Arguments.of("form body", 400, "application/x-www-form-urlencoded", "exitCode=3", List.of(),
						"Content-Type 'application/x-www-form-urlencoded' is not supported; send 'application/json'"),
				Arguments.of("exit code out of range", 400, JSON, "{\"exitCode\":300}", List.of(),
						"'exitCode' must be between 0 and 255, not 300"));
	}

	@Test
	void queryParametersAreAnswered400AndStartNoShutdown() {
		EndpointTestApplication app = shared();
		HttpResponse<String> response = app.post(ENDPOINT + "?exitCode=3", null, null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(this.json.from(response.body())).extractingJsonPathStringValue("$.message")
			.isEqualTo("Query parameters are not accepted; send 'reason' and 'exitCode' in a JSON body");
		app.assertNoShutdownStarted();
	}

	@Test
	void endpointOnAManagementPortOfItsOwnRefusesCrossSitePostsAndStartsTheShutdown() throws Exception {
		// Both Tomcat and Reactor Netty are on the test class path; the management
		// server runs on Netty, like the application's.
		EndpointTestApplication app = start("management.server.port=0",
				"spring.autoconfigure.exclude=org.springframework.boot.tomcat.autoconfigure.actuate.web.server."
						+ "TomcatReactiveManagementContextAutoConfiguration");
		int managementPort = app.managementPort();
		HttpResponse<String> crossSite = app.post(managementPort, ENDPOINT, null, null, "Sec-Fetch-Site", "cross-site",
				"Origin", "http://evil.example");
		assertThat(crossSite.statusCode()).as(crossSite.body()).isEqualTo(403);
		HttpResponse<String> badRequest = app.post(managementPort, ENDPOINT, JSON, "{\"exitcode\":3}");
		assertThat(badRequest.statusCode()).as(badRequest.body()).isEqualTo(400);
		app.assertNoShutdownStarted();
		HttpResponse<String> accepted = app.post(managementPort, ENDPOINT, null, null);
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
		assertThat(app.awaitExit()).containsExactly(0);
	}

	@Test
	void lastShutdownDetailsAreHiddenByDefaultAndShownWhenAlways(@TempDir Path directory) throws Exception {
		// A file for each application: closing one writes its own report over it.
		String report = ShutdownReportJson.write(ShutdownReportWithDetails.report());
		Path first = Files.writeString(directory.resolve("first.json"), report);
		Path second = Files.writeString(directory.resolve("second.json"), report);
		EndpointTestApplication hiding = start("graceful-shutdown.report.file=" + first);
		JsonContent<Object> hidden = this.json.from(hiding.get(ENDPOINT).body());
		assertThat(hidden).extractingJsonPathStringValue("$.lastShutdown.hooks[0].failure")
			.isEqualTo(ShutdownReportWithDetails.MASK);
		assertThat(hidden).extractingJsonPathStringValue("$.lastShutdown.childProcesses[0].command")
			.isEqualTo(ShutdownReportWithDetails.MASK);
		hiding.close();
		this.application = null;
		EndpointTestApplication showing = start("graceful-shutdown.report.file=" + second,
				"management.endpoint.shutdown-graceful.show-details=always");
		JsonContent<Object> shown = this.json.from(showing.get(ENDPOINT).body());
		assertThat(shown).extractingJsonPathStringValue("$.lastShutdown.hooks[0].failure")
			.isEqualTo(ShutdownReportWithDetails.FAILURE);
		assertThat(shown).extractingJsonPathStringValue("$.lastShutdown.childProcesses[0].command")
			.isEqualTo(ShutdownReportWithDetails.COMMAND);
	}

	private EndpointTestApplication start(String... properties) {
		EndpointTestApplication app = EndpointTestApplication.startWithEndpoint(withReactive(properties));
		this.application = app;
		return app;
	}

	private static EndpointTestApplication shared() {
		EndpointTestApplication current = shared;
		if (current == null) {
			current = EndpointTestApplication.startWithEndpoint(REACTIVE);
			shared = current;
		}
		return current;
	}

	private static String[] withReactive(String... properties) {
		return Stream.concat(Stream.of(REACTIVE), Stream.of(properties)).toArray(String[]::new);
	}

}
