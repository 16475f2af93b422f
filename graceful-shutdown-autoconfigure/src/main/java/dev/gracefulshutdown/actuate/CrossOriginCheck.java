package dev.gracefulshutdown.actuate;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Tells a {@code POST} that a browser sent on behalf of a page of another origin from one
 * that an operator, a script or the endpoint's own origin sent, the way Go's
 * {@code http.CrossOriginProtection} does, so that a web page open in an operator's
 * browser cannot shut the service down with a form or a {@code fetch} that needs no
 * preflight.
 * <ol>
 * <li>With a {@code Sec-Fetch-Site} header (every current browser sends one), only
 * {@code same-origin} and {@code none} (typed in the address bar, a bookmark) pass.</li>
 * <li>Without one, with an {@code Origin} header (older browsers), only an origin whose
 * {@code host[:port]} is the request's {@code Host} passes.</li>
 * <li>With neither (or both empty), the request did not come from a browser page (curl, a
 * script, a deployment tool), and passes.</li>
 * </ol>
 * A request whose {@code Origin} is one of the trusted origins passes whatever its
 * {@code Sec-Fetch-Site}.
 */
public final class CrossOriginCheck {

	/**
	 * The header that browsers send to say where a request comes from.
	 */
	public static final String SEC_FETCH_SITE = "Sec-Fetch-Site";

	/**
	 * The header that browsers send with the origin of the page that made a request.
	 */
	public static final String ORIGIN = "Origin";

	/**
	 * The header with the host and port the client asked for.
	 */
	public static final String HOST = "Host";

	private static final int MAX_QUOTED_LENGTH = 100;

	private static final String HOW_TO_SEND = "send the POST from a tool such as curl, not from a web page"
			+ " (or list the page's origin in management.endpoint.shutdown-graceful.trusted-origins)";

	private final Set<String> trustedOrigins;

	/**
	 * Create a check.
	 * @param trustedOrigins origins ({@code scheme://host[:port]}) whose pages may send a
	 * cross-origin {@code POST}
	 * @throws IllegalArgumentException if one of them is not an origin
	 */
	public CrossOriginCheck(Collection<String> trustedOrigins) {
		Set<String> origins = new LinkedHashSet<>();
		for (String trustedOrigin : trustedOrigins) {
			origins.add(normalizeOrigin(trustedOrigin));
		}
		this.trustedOrigins = Set.copyOf(origins);
	}

	/**
	 * Return an origin in the form browsers send it, lower case, or say what is wrong
	 * with it.
	 * @param origin an origin, such as {@code https://admin.example.com:8443}
	 * @return the origin in lower case
	 * @throws IllegalArgumentException if it is not {@code scheme://host[:port]}
	 */
	public static String normalizeOrigin(String origin) {
		URI uri;
		try {
			uri = new URI(origin.trim());
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException("'" + origin + "' is not an origin (" + ex.getReason()
					+ "); write scheme://host[:port], such as https://admin.example.com");
		}
		if (uri.getScheme() == null || uri.getRawAuthority() == null || uri.getHost() == null
				|| uri.getRawUserInfo() != null) {
			throw new IllegalArgumentException("'" + origin + "' is not an origin; write scheme://host[:port],"
					+ " such as https://admin.example.com");
		}
		if (!uri.getRawPath().isEmpty() || uri.getRawQuery() != null || uri.getRawFragment() != null) {
			throw new IllegalArgumentException("'" + origin + "' is not an origin: an origin has no path, query"
					+ " or fragment; write scheme://host[:port], such as https://admin.example.com");
		}
		return (uri.getScheme() + "://" + uri.getRawAuthority()).toLowerCase(Locale.ROOT);
	}

	/**
	 * Return the origins trusted besides the request's own, in lower case.
	 * @return the trusted origins
	 */
	public Set<String> trustedOrigins() {
		return this.trustedOrigins;
	}

	/**
	 * Check a request that changes state.
	 * @param secFetchSite the request's {@code Sec-Fetch-Site} header
	 * @param origin the request's {@code Origin} header
	 * @param host the request's {@code Host} header
	 * @return why the request is refused, or {@code null} if it passes
	 */
	public @Nullable String refusal(@Nullable String secFetchSite, @Nullable String origin, @Nullable String host) {
		// An empty header counts as none, as in Go.
		if (secFetchSite != null && !secFetchSite.isBlank()) {
			String site = secFetchSite.trim().toLowerCase(Locale.ROOT);
			if ("same-origin".equals(site) || "none".equals(site) || isTrusted(origin)) {
				return null;
			}
			return "Cross-origin request refused: the browser says it comes from another site (Sec-Fetch-Site '"
					+ quote(secFetchSite) + "'" + ((origin != null) ? ", Origin '" + quote(origin) + "'" : "") + "); "
					+ HOW_TO_SEND;
		}
		if (origin == null || origin.isBlank() || isSameOrigin(origin, host) || isTrusted(origin)) {
			return null;
		}
		return "Cross-origin request refused: Origin '" + quote(origin) + "' is not the host asked for ("
				+ ((host != null) ? "Host '" + quote(host) + "'" : "no Host header") + "); " + HOW_TO_SEND;
	}

	private boolean isTrusted(@Nullable String origin) {
		return origin != null && this.trustedOrigins.contains(origin.trim().toLowerCase(Locale.ROOT));
	}

	private static boolean isSameOrigin(String origin, @Nullable String host) {
		if (host == null) {
			return false;
		}
		String authority = authorityOf(origin);
		// Host names are case-insensitive. The Host header carries no scheme, so an
		// http page calling https on the same host and port passes, as in Go: browsers
		// that send no Sec-Fetch-Site are older than 2023.
		return authority != null && authority.equalsIgnoreCase(host.trim());
	}

	private static @Nullable String authorityOf(String origin) {
		try {
			URI uri = new URI(origin.trim());
			// "null" (a sandboxed frame, a file: page) has no authority.
			if (uri.getScheme() == null || uri.getRawUserInfo() != null || uri.getHost() == null) {
				return null;
			}
			return uri.getRawAuthority();
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

	/**
	 * Make a header value safe to quote in a log line or a message: control characters
	 * replaced, long values cut.
	 * @param value the header value
	 * @return the value to quote
	 */
	static String quote(String value) {
		StringBuilder quoted = new StringBuilder(Math.min(value.length(), MAX_QUOTED_LENGTH + 3));
		for (int i = 0; i < value.length() && i < MAX_QUOTED_LENGTH; i++) {
			char c = value.charAt(i);
			quoted.append(Character.isISOControl(c) ? '?' : c);
		}
		if (value.length() > MAX_QUOTED_LENGTH) {
			quoted.append("...");
		}
		return quoted.toString();
	}

}
