package dev.gracefulshutdown.actuate;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.json.BasicJsonTester;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.StreamUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ShutdownRequestBodyFilter}.
 */
@ExtendWith(OutputCaptureExtension.class)
class ShutdownRequestBodyFilterTests {

	private static final String PATH = "/actuator/shutdown-graceful";

	private final ShutdownRequestBodyFilter filter = new ShutdownRequestBodyFilter(new CrossOriginCheck(List.of()));

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	private final MockFilterChain chain = new MockFilterChain();

	private final BasicJsonTester json = new BasicJsonTester(getClass());

	@Test
	void getPassesThroughUntouched() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", PATH);
		request.setContentType("text/plain");
		request.setContent("not json".getBytes(StandardCharsets.UTF_8));
		this.filter.doFilter(request, this.response, this.chain);
		assertThat(this.chain.getRequest()).isSameAs(request);
		assertThat(this.chain.getResponse()).isSameAs(this.response);
		assertThat(request.getContentAsByteArray()).isEqualTo("not json".getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void emptyPostIsPassedOnAsAnEmptyJsonObject() throws Exception {
		MockHttpServletRequest request = post(null, null);
		this.filter.doFilter(request, this.response, this.chain);
		HttpServletRequest passed = passedRequest();
		assertThat(passed.getContentType()).isEqualTo("application/json");
		assertThat(passed.getHeader("Content-Type")).isEqualTo("application/json");
		assertThat(Collections.list(passed.getHeaders("Content-Type"))).containsExactly("application/json");
		assertThat(Collections.list(passed.getHeaderNames())).contains("Content-Type", "Content-Length");
		assertThat(passed.getContentLength()).isEqualTo(2);
		assertThat(passed.getContentLengthLong()).isEqualTo(2);
		assertThat(passed.getHeader("Content-Length")).isEqualTo("2");
		assertThat(body(passed)).isEqualTo("{}");
		assertThat(this.response.getStatus()).isEqualTo(200);
	}

	@Test
	void blankPostIsPassedOnAsAnEmptyJsonObject() throws Exception {
		MockHttpServletRequest request = post("application/json", " \r\n");
		this.filter.doFilter(request, this.response, this.chain);
		assertThat(body(passedRequest())).isEqualTo("{}");
	}

	@Test
	void validJsonIsPassedOnWithTheSameBodyReadable() throws Exception {
		String content = "{\"reason\":\"d\u00e9ploiement 42\",\"exitCode\":3}";
		MockHttpServletRequest request = post("application/json", content);
		request.addHeader("X-Trace", "abc");
		this.filter.doFilter(request, this.response, this.chain);
		HttpServletRequest passed = passedRequest();
		assertThat(passed.getContentType()).isEqualTo("application/json");
		assertThat(passed.getHeader("X-Trace")).isEqualTo("abc");
		int length = content.getBytes(StandardCharsets.UTF_8).length;
		assertThat(passed.getContentLength()).isEqualTo(length);
		assertThat(passed.getHeader("Content-Length")).isEqualTo(String.valueOf(length));
		assertThat(body(passed)).isEqualTo(content);
		// Read again, as a second reader (a logging filter, say) would.
		assertThat(body(passed)).isEqualTo(content);
		assertThat(passed.getInputStream().isReady()).isTrue();
		assertThat(this.response.getStatus()).isEqualTo(200);
	}

	@Test
	void inputStreamOfThePassedRequestReportsWhenItIsFinished() throws Exception {
		this.filter.doFilter(post("application/json", "{}"), this.response, this.chain);
		ServletInputStream input = passedRequest().getInputStream();
		assertThat(input.isFinished()).isFalse();
		assertThat(input.readAllBytes()).hasSize(2);
		assertThat(input.isFinished()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "application/json", "application/json;charset=UTF-8", "APPLICATION/JSON",
			"application/vnd.spring-boot.actuator.v3+json", "application/vnd.spring-boot.actuator.v2+json" })
	void jsonContentTypesAreAcceptedAndPassedOnAsPlainJson(String contentType) throws Exception {
		this.filter.doFilter(post(contentType, "{\"reason\":\"r\"}"), this.response, this.chain);
		assertThat(passedRequest().getContentType()).isEqualTo("application/json");
		assertThat(body(passedRequest())).isEqualTo("{\"reason\":\"r\"}");
	}

	@Test
	void nullValuesAreAccepted() throws Exception {
		this.filter.doFilter(post("application/json", "{\"reason\":null,\"exitCode\":null}"), this.response,
				this.chain);
		assertThat(this.chain.getRequest()).isNotNull();
	}

	@Test
	void exitCodeOutOfRangeIsLeftToTheEndpoint() throws Exception {
		// The filter checks the type; the endpoint checks the range.
		this.filter.doFilter(post("application/json", "{\"exitCode\":256}"), this.response, this.chain);
		assertThat(this.chain.getRequest()).isNotNull();
	}

	@Test
	void malformedJsonIsRejected() throws Exception {
		assertRejected("application/json", "{\"reason\":\"x\",}",
				"Malformed JSON: expected a field name in double quotes at offset 14");
	}

	@Test
	void aFieldSentTwiceIsRejected() throws Exception {
		// Which of the two would win is the JSON library's guess: refused instead.
		assertRejected("application/json", "{\"exitCode\":0,\"exitCode\":3}",
				"Malformed JSON: field 'exitCode' appears twice at offset 24");
	}

	@Test
	void jsonNestedTooDeeplyIsRejected() throws Exception {
		String json = "{\"reason\":" + "[".repeat(17) + "]".repeat(17) + "}";
		assertRejected("application/json", json, "Malformed JSON: nested too deeply at offset 27");
	}

	@Test
	void contentAfterTheObjectIsRejected() throws Exception {
		assertRejected("application/json", "{\"exitCode\":3}{}",
				"Malformed JSON: unexpected content after the JSON object at offset 14");
	}

	@Test
	void aBodyThatIsNotAnObjectIsRejected() throws Exception {
		assertRejected("application/json", "[3]",
				"Malformed JSON: expected a JSON object starting with '{' at offset 0");
	}

	@Test
	void plainTextIsRejected() throws Exception {
		assertRejected("text/plain", "{\"reason\":\"x\"}",
				"Content-Type 'text/plain' is not supported; send 'application/json'");
	}

	@Test
	void formContentIsRejected() throws Exception {
		assertRejected("application/x-www-form-urlencoded", "exitCode=3",
				"Content-Type 'application/x-www-form-urlencoded' is not supported; send 'application/json'");
	}

	@Test
	void unparsableContentTypeIsRejected() throws Exception {
		assertRejected("json", "{}", "Content-Type 'json' is not supported; send 'application/json'");
	}

	@Test
	void bodyWithoutContentTypeIsRejected() throws Exception {
		assertRejected(null, "{\"reason\":\"x\"}", "A request body needs 'Content-Type: application/json'");
	}

	@Test
	void unknownFieldIsRejected() throws Exception {
		assertRejected("application/json", "{\"exitcode\":3}",
				"Unknown field 'exitcode'; the accepted fields are 'reason' and 'exitCode'");
	}

	@Test
	void reasonThatIsNotAStringIsRejected() throws Exception {
		assertRejected("application/json", "{\"reason\":42}", "'reason' must be a string");
	}

	@Test
	void exitCodeThatIsAStringIsRejected() throws Exception {
		assertRejected("application/json", "{\"exitCode\":\"abc\"}",
				"'exitCode' must be a whole number between 0 and 255, not the string \"abc\"");
	}

	@Test
	void exitCodeWithAFractionIsRejected() throws Exception {
		assertRejected("application/json", "{\"exitCode\":3.5}",
				"'exitCode' must be a whole number between 0 and 255, not 3.5");
	}

	@Test
	void exitCodeThatIsAnObjectIsRejected() throws Exception {
		assertRejected("application/json", "{\"exitCode\":{\"a\":1}}",
				"'exitCode' must be a whole number between 0 and 255, not {a=1}");
	}

	@Test
	void exitCodeThatIsABooleanIsRejected() throws Exception {
		assertRejected("application/json", "{\"exitCode\":true}",
				"'exitCode' must be a whole number between 0 and 255, not true");
	}

	@Test
	void bodyAtTheLimitIsAccepted() throws Exception {
		String prefix = "{\"reason\":\"";
		String suffix = "\"}";
		String content = prefix
				+ "x".repeat(ShutdownRequestBodyFilter.MAX_BODY_BYTES - prefix.length() - suffix.length()) + suffix;
		assertThat(content.getBytes(StandardCharsets.UTF_8)).hasSize(ShutdownRequestBodyFilter.MAX_BODY_BYTES);
		this.filter.doFilter(post("application/json", content), this.response, this.chain);
		assertThat(body(passedRequest())).isEqualTo(content);
	}

	@Test
	void bodyOverTheLimitIsRejected() throws Exception {
		String prefix = "{\"reason\":\"";
		String suffix = "\"}";
		String content = prefix
				+ "x".repeat(ShutdownRequestBodyFilter.MAX_BODY_BYTES + 1 - prefix.length() - suffix.length()) + suffix;
		assertRejected("application/json", content, "The request body must be at most 4096 bytes");
	}

	@Test
	void bodyOverTheLimitIsRejectedWhateverItsContentType() throws Exception {
		assertRejected("text/plain", "x".repeat(10_000), "The request body must be at most 4096 bytes");
	}

	@Test
	void quoteInTheMessageIsEscapedInTheJsonBody() throws Exception {
		assertRejected("application/json", "{\"a\\\"b\":1}",
				"Unknown field 'a\"b'; the accepted fields are 'reason' and 'exitCode'");
		assertThat(this.response.getContentAsString()).contains("'a\\\"b'");
	}

	@Test
	void backslashAndControlCharactersInTheMessageAreEscapedInTheJsonBody() throws Exception {
		assertRejected("application/json", "{\"a\\\\b\\n\":1}",
				"Unknown field 'a\\b\n'; the accepted fields are 'reason' and 'exitCode'");
		assertThat(this.response.getContentAsString()).contains("'a\\\\b\\n'");
	}

	@Test
	void crossSitePostIsRefusedWith403BeforeItsBodyIsRead(CapturedOutput output) throws Exception {
		MockHttpServletRequest request = post(null, null);
		request.addHeader("Sec-Fetch-Site", "cross-site");
		request.addHeader("Origin", "http://evil.example");
		request.addHeader("Host", "127.0.0.1:8081");
		HttpServletRequest bodyMustNotBeRead = new HttpServletRequestWrapper(request) {

			@Override
			public ServletInputStream getInputStream() {
				throw new AssertionError("the body of a refused request must not be read");
			}

		};
		this.filter.doFilter(bodyMustNotBeRead, this.response, this.chain);
		assertForbidden("Cross-origin request refused: the browser says it comes from another site"
				+ " (Sec-Fetch-Site 'cross-site', Origin 'http://evil.example')");
		assertThat(output).contains("POST " + PATH
				+ " answered 403, no shutdown started. Cross-origin request refused: the browser says it comes from"
				+ " another site (Sec-Fetch-Site 'cross-site', Origin 'http://evil.example')");
	}

	@ParameterizedTest
	@ValueSource(strings = { "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x" })
	void crossSiteFormOrTextPostIsRefusedWith403(String contentType) throws Exception {
		MockHttpServletRequest request = post(contentType, "reason=deploy");
		request.addHeader("Sec-Fetch-Site", "cross-site");
		this.filter.doFilter(request, this.response, this.chain);
		assertForbidden("Sec-Fetch-Site 'cross-site'");
	}

	@Test
	void postWithAnOriginThatIsNotTheHostIsRefusedWith403() throws Exception {
		MockHttpServletRequest request = post(null, null);
		request.addHeader("Origin", "http://evil.example");
		request.addHeader("Host", "127.0.0.1:8081");
		this.filter.doFilter(request, this.response, this.chain);
		assertForbidden("Cross-origin request refused: Origin 'http://evil.example' is not the host asked for"
				+ " (Host '127.0.0.1:8081')");
	}

	@Test
	void crossOriginCheckComesBeforeTheOtherChecks() throws Exception {
		MockHttpServletRequest request = post("text/plain", "x".repeat(10_000));
		request.setQueryString("exitCode=3");
		request.addHeader("Sec-Fetch-Site", "same-site");
		this.filter.doFilter(request, this.response, this.chain);
		assertForbidden("Sec-Fetch-Site 'same-site'");
	}

	@Test
	void sameOriginBrowserPostIsPassedOn() throws Exception {
		MockHttpServletRequest request = post(null, null);
		request.addHeader("Sec-Fetch-Site", "same-origin");
		request.addHeader("Origin", "http://127.0.0.1:8081");
		this.filter.doFilter(request, this.response, this.chain);
		assertThat(body(passedRequest())).isEqualTo("{}");
	}

	@Test
	void postWithAnOriginThatIsTheHostIsPassedOn() throws Exception {
		MockHttpServletRequest request = post("application/json", "{\"reason\":\"r\"}");
		request.addHeader("Origin", "http://127.0.0.1:8081");
		request.addHeader("Host", "127.0.0.1:8081");
		this.filter.doFilter(request, this.response, this.chain);
		assertThat(body(passedRequest())).isEqualTo("{\"reason\":\"r\"}");
	}

	@Test
	void crossSitePostFromATrustedOriginIsPassedOn() throws Exception {
		ShutdownRequestBodyFilter trusting = new ShutdownRequestBodyFilter(
				new CrossOriginCheck(List.of("https://admin.example.com")));
		MockHttpServletRequest request = post(null, null);
		request.addHeader("Sec-Fetch-Site", "cross-site");
		request.addHeader("Origin", "https://admin.example.com");
		trusting.doFilter(request, this.response, this.chain);
		assertThat(body(passedRequest())).isEqualTo("{}");
	}

	private void assertForbidden(String message) throws Exception {
		assertThat(this.chain.getRequest()).as("request passed down the chain").isNull();
		assertThat(this.response.getStatus()).isEqualTo(403);
		assertThat(this.response.getContentType()).startsWith("application/json");
		String body = this.response.getContentAsString(StandardCharsets.UTF_8);
		assertThat(this.json.from(body)).extractingJsonPathNumberValue("$.status").isEqualTo(403);
		assertThat(this.json.from(body)).extractingJsonPathStringValue("$.error").isEqualTo("Forbidden");
		assertThat(this.json.from(body)).extractingJsonPathStringValue("$.message").contains(message);
	}

	private void assertRejected(@Nullable String contentType, String content, String message) throws Exception {
		this.filter.doFilter(post(contentType, content), this.response, this.chain);
		assertThat(this.chain.getRequest()).as("request passed down the chain").isNull();
		assertThat(this.response.getStatus()).isEqualTo(400);
		assertThat(this.response.getContentType()).startsWith("application/json");
		String body = this.response.getContentAsString(StandardCharsets.UTF_8);
		assertThat(this.json.from(body)).extractingJsonPathNumberValue("$.status").isEqualTo(400);
		assertThat(this.json.from(body)).extractingJsonPathStringValue("$.error").isEqualTo("Bad Request");
		assertThat(this.json.from(body)).extractingJsonPathStringValue("$.message").isEqualTo(message);
	}

	private HttpServletRequest passedRequest() {
		assertThat(this.chain.getRequest()).as("request passed down the chain").isInstanceOf(HttpServletRequest.class);
		return (HttpServletRequest) this.chain.getRequest();
	}

	private static String body(HttpServletRequest request) throws Exception {
		return StreamUtils.copyToString(request.getInputStream(), StandardCharsets.UTF_8);
	}

	private static MockHttpServletRequest post(@Nullable String contentType, @Nullable String content) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", PATH);
		if (contentType != null) {
			request.setContentType(contentType);
		}
		if (content != null) {
			request.setContent(content.getBytes(StandardCharsets.UTF_8));
		}
		return request;
	}

}
