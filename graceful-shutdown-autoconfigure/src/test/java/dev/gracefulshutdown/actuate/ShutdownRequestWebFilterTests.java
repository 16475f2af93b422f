package dev.gracefulshutdown.actuate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;

import org.springframework.boot.test.json.BasicJsonTester;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ShutdownRequestWebFilter}.
 */
@ExtendWith(OutputCaptureExtension.class)
class ShutdownRequestWebFilterTests {

	private static final String PATH = "/actuator/shutdown-graceful";

	private static final Duration UPPER_BOUND = Duration.ofSeconds(10);

	private final ShutdownRequestWebFilter filter = new ShutdownRequestWebFilter(PATH, new CrossOriginCheck(List.of()));

	private final AtomicReference<@Nullable ServerWebExchange> passed = new AtomicReference<>();

	private final WebFilterChain chain = (exchange) -> {
		this.passed.set(exchange);
		return Mono.empty();
	};

	private final BasicJsonTester json = new BasicJsonTester(getClass());

	@Test
	void getPassesThroughUntouched() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get(PATH)
			.header("Sec-Fetch-Site", "cross-site")
			.header(HttpHeaders.CONTENT_TYPE, "text/plain"));
		filter(exchange);
		assertThat(this.passed.get()).isSameAs(exchange);
	}

	@Test
	void postToAnotherPathPassesThroughUntouched() {
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.post("/actuator/other").header("Sec-Fetch-Site", "cross-site"));
		filter(exchange);
		assertThat(this.passed.get()).isSameAs(exchange);
	}

	@Test
	void emptyPostIsPassedOnAsAnEmptyJsonObject() {
		filter(MockServerWebExchange.from(MockServerHttpRequest.post(PATH)));
		ServerWebExchange passed = passedExchange();
		assertThat(passed.getRequest().getHeaders().getContentType()).hasToString("application/json");
		assertThat(passed.getRequest().getHeaders().getContentLength()).isEqualTo(2);
		assertThat(body(passed)).isEqualTo("{}");
	}

	@Test
	void emptyPostWithAnyContentTypeIsPassedOnAsAnEmptyJsonObject() {
		filter(MockServerWebExchange
			.from(MockServerHttpRequest.post(PATH).header(HttpHeaders.CONTENT_TYPE, "text/plain").body(" ")));
		assertThat(body(passedExchange())).isEqualTo("{}");
	}

	@Test
	void validJsonOfAJsonTypeIsPassedOnAsPlainJson() {
		String content = "{\"reason\":\"d\u00e9ploiement 42\",\"exitCode\":3}";
		filter(MockServerWebExchange.from(MockServerHttpRequest.post(PATH)
			.header(HttpHeaders.CONTENT_TYPE, "application/merge-patch+json")
			.body(content)));
		ServerWebExchange passed = passedExchange();
		assertThat(passed.getRequest().getHeaders().getContentType()).hasToString("application/json");
		assertThat(passed.getRequest().getHeaders().getContentLength())
			.isEqualTo(content.getBytes(StandardCharsets.UTF_8).length);
		assertThat(body(passed)).isEqualTo(content);
	}

	@Test
	void unknownFieldIsRejected() {
		assertRejected(400, "application/json", "{\"exitcode\":3}",
				"Unknown field 'exitcode'; the accepted fields are 'reason' and 'exitCode'");
	}

	@Test
	void plainTextIsRejected() {
		assertRejected(400, "text/plain", "{\"exitCode\":3}",
				"Content-Type 'text/plain' is not supported; send 'application/json'");
	}

	@Test
	void formContentIsRejected() {
		assertRejected(400, "application/x-www-form-urlencoded", "exitCode=3",
				"Content-Type 'application/x-www-form-urlencoded' is not supported; send 'application/json'");
	}

	@Test
	void bodyWithoutContentTypeIsRejected() {
		assertRejected(400, null, "{\"exitCode\":3}", "A request body needs 'Content-Type: application/json'");
	}

	@Test
	void malformedJsonIsRejected() {
		assertRejected(400, "application/json", "{\"reason\":\"x\",}",
				"Malformed JSON: expected a field name in double quotes at offset 14");
	}

	@Test
	void bodyOverTheLimitIsRejected() {
		assertRejected(400, "application/json", "{\"reason\":\"" + "r".repeat(4096) + "\"}",
				"The request body must be at most 4096 bytes");
	}

	@Test
	void bodyAtTheLimitIsAccepted() {
		String prefix = "{\"reason\":\"";
		String suffix = "\"}";
		String content = prefix + "x".repeat(ShutdownRequestChecks.MAX_BODY_BYTES - prefix.length() - suffix.length())
				+ suffix;
		filter(MockServerWebExchange
			.from(MockServerHttpRequest.post(PATH).header(HttpHeaders.CONTENT_TYPE, "application/json").body(content)));
		assertThat(body(passedExchange())).isEqualTo(content);
	}

	@Test
	void queryParametersAreRejected() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post(PATH + "?exitCode=3"));
		filter(exchange);
		assertThat(this.passed.get()).isNull();
		assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(400);
		assertThat(this.json.from(responseBody(exchange))).extractingJsonPathStringValue("$.message")
			.isEqualTo("Query parameters are not accepted; send 'reason' and 'exitCode' in a JSON body");
	}

	@Test
	void crossSitePostIsRefusedWith403(CapturedOutput output) {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post(PATH)
			.header("Sec-Fetch-Site", "cross-site")
			.header("Origin", "http://evil.example"));
		filter(exchange);
		assertForbidden(exchange, "Cross-origin request refused: the browser says it comes from another site"
				+ " (Sec-Fetch-Site 'cross-site', Origin 'http://evil.example')");
		assertThat(output)
			.contains("POST " + PATH + " answered 403, no shutdown started. Cross-origin request refused");
	}

	@ParameterizedTest
	@ValueSource(strings = { "text/plain", "application/x-www-form-urlencoded" })
	void crossSiteFormOrTextPostIsRefusedWith403(String contentType) {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post(PATH)
			.header("Sec-Fetch-Site", "cross-site")
			.header(HttpHeaders.CONTENT_TYPE, contentType)
			.body("reason=deploy"));
		filter(exchange);
		assertForbidden(exchange, "Sec-Fetch-Site 'cross-site'");
	}

	@Test
	void postWithAnOriginThatIsNotTheHostIsRefusedWith403() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post(PATH)
			.header("Origin", "http://evil.example")
			.header(HttpHeaders.HOST, "127.0.0.1:8081"));
		filter(exchange);
		assertForbidden(exchange, "Origin 'http://evil.example' is not the host asked for (Host '127.0.0.1:8081')");
	}

	@Test
	void sameOriginBrowserPostIsPassedOn() {
		filter(MockServerWebExchange.from(MockServerHttpRequest.post(PATH)
			.header("Sec-Fetch-Site", "same-origin")
			.header("Origin", "http://127.0.0.1:8081")));
		assertThat(body(passedExchange())).isEqualTo("{}");
	}

	@Test
	void crossSitePostFromATrustedOriginIsPassedOn() {
		new ShutdownRequestWebFilter(PATH, new CrossOriginCheck(List.of("https://admin.example.com")))
			.filter(MockServerWebExchange.from(MockServerHttpRequest.post(PATH)
				.header("Sec-Fetch-Site", "cross-site")
				.header("Origin", "https://admin.example.com")), this.chain)
			.block(UPPER_BOUND);
		assertThat(body(passedExchange())).isEqualTo("{}");
	}

	private void filter(MockServerWebExchange exchange) {
		this.filter.filter(exchange, this.chain).block(UPPER_BOUND);
	}

	private ServerWebExchange passedExchange() {
		ServerWebExchange exchange = this.passed.get();
		assertThat(exchange).as("exchange passed down the chain").isNotNull();
		return exchange;
	}

	private void assertRejected(int status, @Nullable String contentType, String content, String message) {
		MockServerHttpRequest.BodyBuilder request = MockServerHttpRequest.post(PATH);
		if (contentType != null) {
			request.header(HttpHeaders.CONTENT_TYPE, contentType);
		}
		MockServerWebExchange exchange = MockServerWebExchange.from(request.body(content));
		filter(exchange);
		assertThat(this.passed.get()).as("exchange passed down the chain").isNull();
		assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(status);
		assertThat(exchange.getResponse().getHeaders().getContentType()).hasToString("application/json;charset=UTF-8");
		String body = responseBody(exchange);
		assertThat(this.json.from(body)).extractingJsonPathNumberValue("$.status").isEqualTo(status);
		assertThat(this.json.from(body)).extractingJsonPathStringValue("$.message").isEqualTo(message);
	}

	private void assertForbidden(MockServerWebExchange exchange, String message) {
		assertThat(this.passed.get()).as("exchange passed down the chain").isNull();
		assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(403);
		String body = responseBody(exchange);
		assertThat(this.json.from(body)).extractingJsonPathStringValue("$.error").isEqualTo("Forbidden");
		assertThat(this.json.from(body)).extractingJsonPathStringValue("$.message").contains(message);
	}

	private static String responseBody(MockServerWebExchange exchange) {
		String body = exchange.getResponse().getBodyAsString().block(UPPER_BOUND);
		assertThat(body).isNotNull();
		return body;
	}

	private static String body(ServerWebExchange exchange) {
		return DataBufferUtils.join(exchange.getRequest().getBody()).map((buffer) -> {
			String text = buffer.toString(StandardCharsets.UTF_8);
			DataBufferUtils.release(buffer);
			return text;
		}).defaultIfEmpty("").block(UPPER_BOUND);
	}

}
