package dev.gracefulshutdown.actuate;

import java.net.http.HttpResponse;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.json.BasicJsonTester;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static dev.gracefulshutdown.actuate.EndpointTestApplication.ENDPOINT;
import static dev.gracefulshutdown.actuate.EndpointTestApplication.EXPOSE;
import static dev.gracefulshutdown.actuate.EndpointTestApplication.JSON;
import static dev.gracefulshutdown.actuate.EndpointTestApplication.UNRESTRICTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests for when {@code /actuator/shutdown-graceful} is there and where, over real HTTP,
 * as the auto-configuration and Spring Boot's exposure, access and path mapping settings
 * decide.
 */
@ExtendWith(OutputCaptureExtension.class)
class GracefulShutdownEndpointAccessTests {

	private final BasicJsonTester json = new BasicJsonTester(getClass());

	private @Nullable EndpointTestApplication application;

	@AfterEach
	void closeApplication() {
		if (this.application != null) {
			this.application.close();
		}
	}

	@Test
	void endpointIsAbsentByDefault() {
		EndpointTestApplication app = start();
		assertAbsent(app, ENDPOINT);
		assertThat(app.get("/actuator/health").statusCode()).isEqualTo(200);
	}

	@Test
	void endpointIsAbsentWhenExposedWithoutAccess() {
		EndpointTestApplication app = start(EXPOSE);
		assertAbsent(app, ENDPOINT);
	}

	@Test
	void endpointIsAbsentWhenAccessIsGrantedWithoutExposure() {
		EndpointTestApplication app = start(UNRESTRICTED);
		assertAbsent(app, ENDPOINT);
	}

	@Test
	void endpointIsPresentWhenExposedWithUnrestrictedAccessWithoutWarningAboutItsId(CapturedOutput output) {
		EndpointTestApplication app = start(EXPOSE, UNRESTRICTED);
		HttpResponse<String> response = app.get(ENDPOINT);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(this.json.from(response.body())).extractingJsonPathStringValue("$.state").isEqualTo("RUNNING");
		assertThat(app.get("/actuator").body()).contains("/actuator/shutdown-graceful");
		// The capture sees the application's log.
		assertThat(output).contains("Exposing 1 endpoint").doesNotContain("contains invalid characters");
		app.assertNoShutdownStarted();
	}

	@Test
	void endpointIsPresentWhenExposedWithTheIdAsWritten() {
		EndpointTestApplication app = start("management.endpoints.web.exposure.include=shutdowngraceful",
				"management.endpoint.shutdowngraceful.access=unrestricted");
		assertThat(app.get(ENDPOINT).statusCode()).isEqualTo(200);
	}

	@Test
	void readOnlyAccessAllowsGetAndRefusesPost() {
		EndpointTestApplication app = start(EXPOSE, UNRESTRICTED,
				"management.endpoints.access.max-permitted=read-only");
		HttpResponse<String> response = app.get(ENDPOINT);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(this.json.from(response.body())).extractingJsonPathStringValue("$.state").isEqualTo("RUNNING");
		// Whatever status Spring Boot chooses (405 today), it must not be the shutdown's
		// 202.
		assertThat(app.post(ENDPOINT, null, null).statusCode()).isNotEqualTo(202);
		assertThat(app.post(ENDPOINT, JSON, "{\"reason\":\"r\",\"exitCode\":3}").statusCode()).isNotEqualTo(202);
		app.assertNoShutdownStarted();
	}

	@Test
	void userPathMappingWinsOverTheDefaultPath() throws InterruptedException {
		EndpointTestApplication app = start(EXPOSE, UNRESTRICTED,
				"management.endpoints.web.path-mapping.shutdowngraceful=stop-now");
		assertThat(app.get("/actuator/stop-now").statusCode()).isEqualTo(200);
		assertAbsent(app, ENDPOINT);
		// The request body filter follows the mapping.
		HttpResponse<String> badRequest = app.post("/actuator/stop-now", "text/plain", "{}");
		assertThat(badRequest.statusCode()).isEqualTo(400);
		assertThat(this.json.from(badRequest.body())).extractingJsonPathStringValue("$.message")
			.isEqualTo("Content-Type 'text/plain' is not supported; send 'application/json'");
		app.assertNoShutdownStarted();
		HttpResponse<String> accepted = app.post("/actuator/stop-now", null, null);
		assertThat(accepted.statusCode()).isEqualTo(202);
		assertThat(this.json.from(accepted.body())).extractingJsonPathStringValue("$.origin")
			.isEqualTo("POST /actuator/stop-now");
		assertThat(app.awaitExit()).containsExactly(0);
	}

	@Test
	void endpointFollowsTheManagementBasePath() throws InterruptedException {
		EndpointTestApplication app = start(EXPOSE, UNRESTRICTED, "management.endpoints.web.base-path=/manage");
		assertThat(app.get("/manage/shutdown-graceful").statusCode()).isEqualTo(200);
		HttpResponse<String> badRequest = app.post("/manage/shutdown-graceful", JSON, "{\"exitcode\":3}");
		assertThat(badRequest.statusCode()).isEqualTo(400);
		app.assertNoShutdownStarted();
		HttpResponse<String> accepted = app.post("/manage/shutdown-graceful", null, null);
		assertThat(accepted.statusCode()).isEqualTo(202);
		assertThat(this.json.from(accepted.body())).extractingJsonPathStringValue("$.origin")
			.isEqualTo("POST /manage/shutdown-graceful");
		assertThat(app.awaitExit()).containsExactly(0);
	}

	@Test
	void endpointBehindADispatcherServletPathAnswersABadBody400AndStartsNoShutdown() {
		EndpointTestApplication app = start(EXPOSE, UNRESTRICTED, "spring.mvc.servlet.path=/api");
		String path = "/api" + ENDPOINT;
		assertThat(app.get(path).statusCode()).isEqualTo(200);
		HttpResponse<String> badRequest = app.post(path, JSON, "{\"exitcode\":3}");
		assertThat(badRequest.statusCode()).as(badRequest.body()).isEqualTo(400);
		assertThat(this.json.from(badRequest.body())).extractingJsonPathStringValue("$.message")
			.isEqualTo("Unknown field 'exitcode'; the accepted fields are 'reason' and 'exitCode'");
		app.assertNoShutdownStarted();
	}

	@Test
	void endpointBehindADispatcherServletPathAcceptsAnEmptyPost() throws InterruptedException {
		EndpointTestApplication app = start(EXPOSE, UNRESTRICTED, "spring.mvc.servlet.path=/api");
		HttpResponse<String> accepted = app.post("/api" + ENDPOINT, null, null);
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
		assertThat(app.awaitExit()).containsExactly(0);
	}

	@Test
	void endpointOnAManagementPortOfItsOwnChecksBodiesAndStartsTheShutdown() throws InterruptedException {
		EndpointTestApplication app = start(EXPOSE, UNRESTRICTED, "management.server.port=0");
		int managementPort = app.managementPort();
		assertThat(app.get(ENDPOINT).statusCode()).isEqualTo(404);
		assertThat(app.get(managementPort, ENDPOINT).statusCode()).isEqualTo(200);
		HttpResponse<String> badRequest = app.post(managementPort, ENDPOINT, JSON, "{\"exitCode\":\"abc\"}");
		assertThat(badRequest.statusCode()).isEqualTo(400);
		assertThat(this.json.from(badRequest.body())).extractingJsonPathStringValue("$.message")
			.isEqualTo("'exitCode' must be a whole number between 0 and 255, not the string \"abc\"");
		HttpResponse<String> crossSite = app.post(managementPort, ENDPOINT, null, null, "Sec-Fetch-Site", "cross-site",
				"Origin", "http://evil.example");
		assertThat(crossSite.statusCode()).as(crossSite.body()).isEqualTo(403);
		HttpResponse<String> otherOrigin = app.post(managementPort, ENDPOINT, null, null, "Origin",
				"http://localhost:" + app.port());
		assertThat(otherOrigin.statusCode()).as(otherOrigin.body()).isEqualTo(403);
		app.assertNoShutdownStarted();
		HttpResponse<String> accepted = app.post(managementPort, ENDPOINT, null, null);
		assertThat(accepted.statusCode()).isEqualTo(202);
		assertThat(app.awaitExit()).containsExactly(0);
	}

	@Test
	void trustedOriginThatIsNotAnOriginFailsTheStartNamingTheKey() {
		assertThatException()
			.isThrownBy(() -> start(EXPOSE, UNRESTRICTED,
					"management.endpoint.shutdown-graceful.trusted-origins=https://admin.example.com/"))
			.havingRootCause()
			.isInstanceOf(InvalidConfigurationPropertyValueException.class)
			.withMessageContaining("management.endpoint.shutdown-graceful.trusted-origins")
			.withMessageContaining("an origin has no path");
	}

	private EndpointTestApplication start(String... properties) {
		EndpointTestApplication app = EndpointTestApplication.start(properties);
		this.application = app;
		return app;
	}

	private static void assertAbsent(EndpointTestApplication app, String path) {
		assertThat(app.get(path).statusCode()).isEqualTo(404);
		assertThat(app.post(path, null, null).statusCode()).isEqualTo(404);
		assertThat(app.post(path, JSON, "{\"exitCode\":3}").statusCode()).isEqualTo(404);
		app.assertNoShutdownStarted();
	}

}
