package dev.gracefulshutdown.sample;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import com.jayway.jsonpath.JsonPath;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole-process test of the sample's {@code secured} profile: Spring Security on the
 * management port, HTTP Basic, and {@code POST /actuator/shutdown-graceful} for the role
 * {@code ACTUATOR} only. The users are those of {@code application-secured.yml}. One
 * start: the refused requests leave the process running, and the last request shuts it
 * down.
 */
@WholeProcessTest
@Order(12)
class SecuredEndpointIT {

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

	private static final String ENDPOINT = "/actuator/shutdown-graceful";

	private static final String OPERATOR = basic("operator", "operator-secret");

	private static final String VIEWER = basic("viewer", "viewer-secret");

	private final WholeProcessHttp http = new WholeProcessHttp(REQUEST_TIMEOUT);

	@Test
	void postNeedsCredentialsAndTheRoleThenShutsDownWithZero(TestInfo testInfo) throws Exception {
		try (SampleAppProcess app = SampleAppProcess.start(testInfo, SampleAppProcess.MANAGEMENT_SERVER,
				"--spring.profiles.active=secured")) {
			URI endpoint = app.managementUri(ENDPOINT);
			assertThat(app.linesContaining("The following 1 profile is active: \"secured\"")).hasSize(1);

			// No credentials: 401, before the starter reads the body (which it would
			// refuse with 400).
			HttpResponse<String> anonymous = send(post(endpoint, null, "{\"exitCode\":300}"));
			assertThat(anonymous.statusCode()).as("POST without credentials: %s", anonymous.body()).isEqualTo(401);
			assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
				.hasValueSatisfying((challenge) -> assertThat(challenge).startsWith("Basic "));
			HttpResponse<String> anonymousGet = send(get(endpoint, null));
			assertThat(anonymousGet.statusCode()).as("GET without credentials").isEqualTo(401);
			// Stateless: no session for the request to be saved in.
			assertThat(anonymousGet.headers().allValues("Set-Cookie")).isEmpty();

			// A known user without the role: may read, may not shut down.
			HttpResponse<String> viewerStatus = send(get(endpoint, VIEWER));
			assertThat(viewerStatus.statusCode()).as("GET by the viewer: %s", viewerStatus.body()).isEqualTo(200);
			assertThat((String) JsonPath.read(viewerStatus.body(), "$.state")).isEqualTo("RUNNING");
			HttpResponse<String> forbidden = send(post(endpoint, VIEWER, ""));
			assertThat(forbidden.statusCode()).as("POST by the viewer: %s", forbidden.body()).isEqualTo(403);
			assertThat(forbidden.body()).doesNotContain("Cross-origin");

			// The role, but from a web page of another site (the browser sends the Basic
			// credentials it has cached): Spring Security lets it through without a CSRF
			// token, the starter's cross-origin check refuses it.
			HttpResponse<String> crossSite = send(this.http.request(endpoint)
				.header("Authorization", OPERATOR)
				.header("Sec-Fetch-Site", "cross-site")
				.header("Origin", "http://evil.example")
				.POST(BodyPublishers.noBody())
				.build());
			assertThat(crossSite.statusCode()).as("cross-site POST by the operator: %s", crossSite.body())
				.isEqualTo(403);
			assertThat((String) JsonPath.read(crossSite.body(), "$.message"))
				.startsWith("Cross-origin request refused: ");

			// Nothing started: still serving, on the application's port without
			// credentials (the probes too), and health stays open on the management port.
			assertThat(app.isAlive()).isTrue();
			HttpResponse<String> hello = send(get(app.uri("/hello"), null));
			assertThat(hello.statusCode()).isEqualTo(200);
			assertThat(hello.body()).isEqualTo("hello");
			assertThat(send(get(app.uri("/readyz"), null)).statusCode()).isEqualTo(200);
			assertThat(send(get(app.managementUri("/actuator/health"), null)).statusCode()).isEqualTo(200);
			assertThat((String) JsonPath.read(send(get(endpoint, VIEWER)).body(), "$.state")).isEqualTo("RUNNING");
			assertThat(app.linesContaining("Graceful shutdown started")).isEmpty();

			// The role: 202, and the process exits with 0.
			HttpResponse<String> accepted = send(post(endpoint, OPERATOR, "{\"reason\":\"secured deploy\"}"));
			assertThat(accepted.statusCode()).as("POST by the operator: %s", accepted.body()).isEqualTo(202);
			assertThat((String) JsonPath.read(accepted.body(), "$.detail")).isEqualTo("secured deploy");
			String id = JsonPath.read(accepted.body(), "$.id");
			assertThat(app.awaitExit(EXIT_TIMEOUT)).as("exit code").isZero();
			assertThat(
					app.linesContaining("Graceful shutdown started by request (POST " + ENDPOINT + ": secured deploy)"))
				.hasSize(1);
			assertThat(app.linesContaining("Graceful shutdown complete in ")).singleElement()
				.asString()
				.contains("exit code 0", "shutdown id " + id);
			assertThat(app.linesContaining("Farewell: graceful shutdown done, exiting with code 0")).hasSize(1);
			// The profile's users replace Spring Boot's generated one.
			assertThat(app.linesContaining("Using generated security password")).isEmpty();
		}
	}

	private HttpRequest get(URI uri, @Nullable String authorization) {
		return authorized(this.http.request(uri), authorization).GET().build();
	}

	private HttpRequest post(URI uri, @Nullable String authorization, String json) {
		HttpRequest.Builder builder = authorized(this.http.request(uri), authorization);
		if (json.isEmpty()) {
			return builder.POST(BodyPublishers.noBody()).build();
		}
		return builder.header("Content-Type", "application/json").POST(BodyPublishers.ofString(json)).build();
	}

	private static HttpRequest.Builder authorized(HttpRequest.Builder builder, @Nullable String authorization) {
		return (authorization != null) ? builder.header("Authorization", authorization) : builder;
	}

	private HttpResponse<String> send(HttpRequest request) throws Exception {
		return this.http.send(request);
	}

	private static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

}
