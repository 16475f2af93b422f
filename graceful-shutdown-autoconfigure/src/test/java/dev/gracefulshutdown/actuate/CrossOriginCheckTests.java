package dev.gracefulshutdown.actuate;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link CrossOriginCheck}: the decision table of Go's
 * {@code http.CrossOriginProtection}.
 */
class CrossOriginCheckTests {

	private static final String HOST = "127.0.0.1:8081";

	private final CrossOriginCheck check = new CrossOriginCheck(List.of());

	@Test
	void requestWithoutSecFetchSiteAndOriginPasses() {
		// curl, scripts, deployment tools, browsers too old to send either.
		assertThat(this.check.refusal(null, null, HOST)).isNull();
		assertThat(this.check.refusal(null, null, null)).isNull();
		// Empty headers count as none, as in Go.
		assertThat(this.check.refusal("", "", HOST)).isNull();
		assertThat(this.check.refusal(" ", null, HOST)).isNull();
	}

	@Test
	void emptySecFetchSiteLeavesTheDecisionToTheOrigin() {
		assertThat(this.check.refusal("", "http://evil.example", HOST))
			.startsWith("Cross-origin request refused: Origin");
		assertThat(this.check.refusal("", "http://127.0.0.1:8081", HOST)).isNull();
	}

	@ParameterizedTest(name = "Sec-Fetch-Site: {0}, Origin: {1}")
	@CsvSource(nullValues = "-",
			value = { "same-origin, -", "same-origin, http://127.0.0.1:8081", "none, -", "SAME-ORIGIN, -",
					"' none ', -",
					// Sec-Fetch-Site decides when it is there, as in Go.
					"same-origin, http://evil.example", "none, http://evil.example" })
	void browserRequestFromTheSameOriginOrTypedByTheUserPasses(String secFetchSite, @Nullable String origin) {
		assertThat(this.check.refusal(secFetchSite, origin, HOST)).isNull();
	}

	@ParameterizedTest(name = "Sec-Fetch-Site: {0}, Origin: {1}")
	@CsvSource(nullValues = "-",
			value = { "cross-site, http://evil.example", "cross-site, -", "same-site, http://127.0.0.1:8080",
					"same-site, -", "something-new, -",
					// An Origin that matches the Host does not help when the browser
					// says cross-site.
					"cross-site, http://127.0.0.1:8081" })
	void browserRequestFromAnotherSiteIsRefused(String secFetchSite, @Nullable String origin) {
		assertThat(this.check.refusal(secFetchSite, origin, HOST))
			.startsWith("Cross-origin request refused: the browser says it comes from another site (Sec-Fetch-Site '"
					+ secFetchSite + "'");
	}

	@Test
	void refusalBecauseOfSecFetchSiteNamesTheOriginAndWhatToDo() {
		assertThat(this.check.refusal("cross-site", "http://evil.example", HOST))
			.isEqualTo("Cross-origin request refused: the browser says it comes from another site"
					+ " (Sec-Fetch-Site 'cross-site', Origin 'http://evil.example'); send the POST from a tool"
					+ " such as curl, not from a web page (or list the page's origin in"
					+ " management.endpoint.shutdown-graceful.trusted-origins)");
	}

	@ParameterizedTest(name = "Origin: {0}, Host: {1}")
	@CsvSource({ "http://127.0.0.1:8081, 127.0.0.1:8081", "https://ops.example.com, ops.example.com",
			"http://OPS.example.com:8081, ops.example.com:8081", "http://[::1]:8081, [::1]:8081",
			// No scheme in the Host header: http to https on the same host passes, as in
			// Go.
			"https://127.0.0.1:8081, 127.0.0.1:8081" })
	void originThatIsTheHostAskedForPassesWithoutSecFetchSite(String origin, String host) {
		assertThat(this.check.refusal(null, origin, host)).isNull();
	}

	@ParameterizedTest(name = "Origin: {0}, Host: {1}")
	@CsvSource(nullValues = "-", value = { "http://evil.example, 127.0.0.1:8081",
			// Another port is another origin (the application's port, say).
			"http://127.0.0.1:8080, 127.0.0.1:8081", "http://127.0.0.1, 127.0.0.1:8081",
			// Sandboxed frames, file: pages, some redirects.
			"null, 127.0.0.1:8081", "not an origin, 127.0.0.1:8081", "http://user@127.0.0.1:8081, 127.0.0.1:8081",
			"http://127.0.0.1:8081, -" })
	void originThatIsNotTheHostAskedForIsRefusedWithoutSecFetchSite(String origin, @Nullable String host) {
		assertThat(this.check.refusal(null, origin, host))
			.startsWith("Cross-origin request refused: Origin '" + origin + "' is not the host asked for (")
			.endsWith("); send the POST from a tool such as curl, not from a web page (or list the page's origin in"
					+ " management.endpoint.shutdown-graceful.trusted-origins)");
	}

	@Test
	void refusalBecauseOfOriginNamesTheHost() {
		assertThat(this.check.refusal(null, "http://evil.example", HOST)).contains("(Host '127.0.0.1:8081')");
		assertThat(this.check.refusal(null, "http://evil.example", null)).contains("(no Host header)");
	}

	@Test
	void trustedOriginPassesWhateverTheBrowserSays() {
		CrossOriginCheck check = new CrossOriginCheck(List.of("https://Admin.example.com:8443"));
		assertThat(check.refusal("cross-site", "https://admin.example.com:8443", HOST)).isNull();
		assertThat(check.refusal("same-site", "https://admin.example.com:8443", HOST)).isNull();
		assertThat(check.refusal(null, "https://admin.example.com:8443", HOST)).isNull();
		// Another scheme or port is another origin.
		assertThat(check.refusal("cross-site", "http://admin.example.com:8443", HOST)).isNotNull();
		assertThat(check.refusal(null, "https://admin.example.com", HOST)).isNotNull();
		assertThat(check.refusal("cross-site", null, HOST)).isNotNull();
	}

	@Test
	void trustedOriginsAreKeptInLowerCase() {
		assertThat(new CrossOriginCheck(List.of("HTTPS://Admin.Example.com", "http://localhost:3000")).trustedOrigins())
			.containsExactlyInAnyOrder("https://admin.example.com", "http://localhost:3000");
	}

	@ParameterizedTest
	@ValueSource(strings = { "admin.example.com", "https://admin.example.com/", "https://admin.example.com/ops",
			"https://admin.example.com?x=1", "https://admin.example.com#top", "https://user@admin.example.com", "*",
			"https://", "null", "https://admin example.com" })
	void trustedOriginThatIsNotAnOriginIsRejected(String origin) {
		assertThatIllegalArgumentException().isThrownBy(() -> new CrossOriginCheck(List.of(origin)))
			.withMessageStartingWith("'" + origin + "' is not an origin")
			.withMessageContaining("scheme://host[:port]");
	}

	@Test
	void headerValuesAreQuotedWithoutControlCharactersAndCut() {
		String refusal = this.check.refusal(null, "http://evil.example/\u001b[2J" + "x".repeat(200), HOST);
		assertThat(refusal).contains("'http://evil.example/?[2J" + "x".repeat(100 - 24) + "...'")
			.doesNotContain("\u001b");
	}

}
