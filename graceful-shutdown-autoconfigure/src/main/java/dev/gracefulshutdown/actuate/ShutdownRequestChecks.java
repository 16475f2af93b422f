package dev.gracefulshutdown.actuate;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

import dev.gracefulshutdown.report.StrictJson;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * The checks of a {@code POST} to the endpoint that Spring Boot's actuator cannot make,
 * the same on both web stacks: where the request comes from, then its query string, its
 * size, its content type and its JSON. {@link ShutdownRequestBodyFilter} (Spring MVC) and
 * {@link ShutdownRequestWebFilter} (WebFlux) read the request and apply them.
 */
final class ShutdownRequestChecks {

	/**
	 * The largest body accepted, in bytes.
	 */
	static final int MAX_BODY_BYTES = 4096;

	/**
	 * The answer to a body longer than {@link #MAX_BODY_BYTES}.
	 */
	static final Refusal TOO_LARGE = new Refusal(EndpointErrors.BAD_REQUEST,
			"The request body must be at most " + MAX_BODY_BYTES + " bytes");

	private static final Log logger = LogFactory.getLog(GracefulShutdownEndpoint.class);

	private static final Set<String> FIELDS = Set.of("reason", "exitCode");

	private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.UTF_8);

	private final CrossOriginCheck crossOrigin;

	ShutdownRequestChecks(CrossOriginCheck crossOrigin) {
		this.crossOrigin = crossOrigin;
	}

	/**
	 * Check what a {@code POST} says before its body is read.
	 * @param path the request's path, for the log
	 * @param query the query string
	 * @param secFetchSite the {@code Sec-Fetch-Site} header
	 * @param origin the {@code Origin} header
	 * @param host the {@code Host} header
	 * @return the answer that refuses the request, or {@code null} to read its body
	 */
	@Nullable Refusal checkBeforeBody(String path, @Nullable String query, @Nullable String secFetchSite, @Nullable String origin,
			@Nullable String host) {
		String crossOriginRefusal = this.crossOrigin.refusal(secFetchSite, origin, host);
		if (crossOriginRefusal != null) {
			logger.warn("POST " + CrossOriginCheck.quote(path) + " answered 403, no shutdown started. "
					+ crossOriginRefusal);
			return new Refusal(EndpointErrors.FORBIDDEN, crossOriginRefusal);
		}
		if (query != null && !query.isEmpty()) {
			// Spring Boot would take them as operation arguments, unchecked.
			return new Refusal(EndpointErrors.BAD_REQUEST,
					"Query parameters are not accepted; send 'reason' and 'exitCode' in a JSON body");
		}
		return null;
	}

	/**
	 * Check the body of a {@code POST} that is at most {@link #MAX_BODY_BYTES} long.
	 * @param contentType the {@code Content-Type} header
	 * @param body the body
	 * @return the answer that refuses the request, or {@code null} to hand on
	 * {@link #bodyToHandOn(byte[])}
	 */
	static @Nullable Refusal checkBody(@Nullable String contentType, byte[] body) {
		String text = new String(body, StandardCharsets.UTF_8);
		if (text.isBlank()) {
			return null;
		}
		String problem = problemWithContentType(contentType);
		if (problem == null) {
			problem = problemWithJson(text);
		}
		return (problem != null) ? new Refusal(EndpointErrors.BAD_REQUEST, problem) : null;
	}

	/**
	 * Return the body to hand on to Spring Boot's actuator as {@code application/json}: a
	 * body-less {@code POST} as an empty JSON object.
	 * @param body the body that passed {@link #checkBody}
	 * @return the body to hand on
	 */
	static byte[] bodyToHandOn(byte[] body) {
		return new String(body, StandardCharsets.UTF_8).isBlank() ? EMPTY_OBJECT : body;
	}

	private static @Nullable String problemWithContentType(@Nullable String contentType) {
		if (contentType == null) {
			return "A request body needs 'Content-Type: application/json'";
		}
		try {
			MediaType mediaType = MediaType.parseMediaType(contentType);
			if (MediaType.APPLICATION_JSON.isCompatibleWith(mediaType) || "json".equals(mediaType.getSubtypeSuffix())) {
				return null;
			}
		}
		catch (InvalidMediaTypeException ex) {
			// reported below
		}
		return "Content-Type '" + contentType + "' is not supported; send 'application/json'";
	}

	private static @Nullable String problemWithJson(String text) {
		Map<String, @Nullable Object> fields;
		try {
			fields = StrictJson.readObject(text);
		}
		catch (StrictJson.MalformedJsonException ex) {
			return ex.getMessage();
		}
		for (Map.Entry<String, @Nullable Object> field : fields.entrySet()) {
			String name = field.getKey();
			Object value = field.getValue();
			if (!FIELDS.contains(name)) {
				return "Unknown field '" + name + "'; the accepted fields are 'reason' and 'exitCode'";
			}
			if ("reason".equals(name) && value != null && !(value instanceof String)) {
				return "'reason' must be a string";
			}
			if ("exitCode".equals(name) && value != null && !(value instanceof Long)) {
				return "'exitCode' must be a whole number between 0 and 255, not " + describe(value);
			}
		}
		return null;
	}

	private static String describe(Object value) {
		return (value instanceof String string) ? "the string \"" + string + "\"" : String.valueOf(value);
	}

	/**
	 * The answer to a refused request.
	 *
	 * @param status {@code 400} or {@code 403}
	 * @param message what is wrong and what to do
	 */
	record Refusal(int status, String message) {

		/**
		 * Return the body of the answer.
		 * @return the JSON text
		 */
		String json() {
			return EndpointErrors.json(this.status, this.message);
		}

	}

}
