package dev.gracefulshutdown.actuate;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.gracefulshutdown.json.JsonObjectReader;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * Checks the body of a {@code POST} to the endpoint before Spring Boot's actuator sees
 * it, so that every bad request gets a {@code 400} that says what to fix, and a body-less
 * {@code POST} works.
 * <p>
 * Spring Boot's actuator maps a write operation with parameters to JSON requests only: a
 * {@code POST} without a body, or with another content type, would get {@code 415}, and
 * malformed JSON a {@code 400} without a message. This filter answers those itself,
 * rejects unknown fields and values of the wrong type, and hands a body-less request on
 * as an empty JSON object. Registered for the endpoint's path only, after Spring Security
 * (if any), so unauthenticated callers are still refused first.
 */
public final class ShutdownRequestBodyFilter implements Filter {

	/**
	 * The largest body accepted, in bytes.
	 */
	public static final int MAX_BODY_BYTES = 4096;

	private static final Set<String> FIELDS = Set.of("reason", "exitCode");

	private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.UTF_8);

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse httpResponse)
				|| !"POST".equals(http.getMethod())) {
			chain.doFilter(request, response);
			return;
		}
		String query = http.getQueryString();
		if (query != null && !query.isEmpty()) {
			// Spring Boot would take them as operation arguments, unchecked.
			badRequest(httpResponse, "Query parameters are not accepted; send 'reason' and 'exitCode' in a JSON body");
			return;
		}
		byte[] body = readBounded(http.getInputStream());
		if (body == null) {
			badRequest(httpResponse, "The request body must be at most " + MAX_BODY_BYTES + " bytes");
			return;
		}
		String text = new String(body, StandardCharsets.UTF_8);
		if (text.isBlank()) {
			chain.doFilter(new BodyRequest(http, EMPTY_OBJECT, MediaType.APPLICATION_JSON_VALUE), response);
			return;
		}
		String problem = problemWithContentType(http.getContentType());
		if (problem == null) {
			problem = problemWithJson(text);
		}
		if (problem != null) {
			badRequest(httpResponse, problem);
			return;
		}
		// Handed on as plain JSON: Spring Boot's actuator would refuse some of the JSON
		// types accepted here (application/merge-patch+json, say) with a bare 415.
		chain.doFilter(new BodyRequest(http, body, MediaType.APPLICATION_JSON_VALUE), response);
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
			fields = JsonObjectReader.readObject(text);
		}
		catch (JsonObjectReader.MalformedJsonException ex) {
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

	private static byte @Nullable [] readBounded(InputStream input) throws IOException {
		byte[] body = input.readNBytes(MAX_BODY_BYTES + 1);
		return (body.length > MAX_BODY_BYTES) ? null : body;
	}

	private static void badRequest(HttpServletResponse response, String message) throws IOException {
		response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.getWriter()
			.write("{\"status\":400,\"error\":\"Bad Request\",\"message\":" + jsonString(message) + "}");
	}

	static String jsonString(String value) {
		StringBuilder json = new StringBuilder(value.length() + 2).append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				default -> {
					if (c < 0x20) {
						json.append(String.format("\\u%04x", (int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
		return json.append('"').toString();
	}

	/**
	 * The request with its body read once and served again from memory.
	 */
	private static final class BodyRequest extends HttpServletRequestWrapper {

		private final byte[] body;

		private final @Nullable String contentType;

		BodyRequest(HttpServletRequest request, byte[] body, @Nullable String contentType) {
			super(request);
			this.body = body;
			this.contentType = contentType;
		}

		@Override
		public @Nullable String getContentType() {
			return this.contentType;
		}

		@Override
		public @Nullable String getHeader(String name) {
			if ("Content-Type".equalsIgnoreCase(name)) {
				return this.contentType;
			}
			if ("Content-Length".equalsIgnoreCase(name)) {
				return String.valueOf(this.body.length);
			}
			return super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			String value = getHeader(name);
			if ("Content-Type".equalsIgnoreCase(name) || "Content-Length".equalsIgnoreCase(name)) {
				return Collections.enumeration((value != null) ? List.of(value) : List.of());
			}
			return super.getHeaders(name);
		}

		@Override
		public Enumeration<String> getHeaderNames() {
			Set<String> names = new LinkedHashSet<>(Collections.list(super.getHeaderNames()));
			names.add("Content-Type");
			names.add("Content-Length");
			return Collections.enumeration(names);
		}

		@Override
		public int getContentLength() {
			return this.body.length;
		}

		@Override
		public long getContentLengthLong() {
			return this.body.length;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream input = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {

				@Override
				public int read() {
					return input.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) {
					return input.read(buffer, offset, length);
				}

				@Override
				public boolean isFinished() {
					return input.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("Blocking reads only");
				}

			};
		}

	}

}
