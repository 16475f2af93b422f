package dev.gracefulshutdown.actuate;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.gracefulshutdown.actuate.ShutdownRequestChecks.Refusal;
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

import org.springframework.http.MediaType;

/**
 * Checks a {@code POST} to the endpoint before Spring Boot's actuator sees it, in a
 * Spring MVC application: a cross-origin {@code POST} from a browser gets a {@code 403},
 * every bad request a {@code 400} that says what to fix, and a body-less {@code POST}
 * works.
 * <p>
 * Spring Boot's actuator maps a write operation with parameters to JSON requests only: a
 * {@code POST} without a body, or with another content type, would get {@code 415}, and
 * malformed JSON a {@code 400} without a message. This filter answers those itself,
 * rejects unknown fields and values of the wrong type, and hands a body-less request on
 * as an empty JSON object. Because a body-less {@code POST} works, a web page could send
 * one from an operator's browser without a preflight; {@link CrossOriginCheck} refuses
 * it. Registered for the endpoint's path only, after Spring Security (if any), so
 * unauthenticated callers are still refused first.
 */
public final class ShutdownRequestBodyFilter implements Filter {

	/**
	 * The largest body accepted, in bytes.
	 */
	public static final int MAX_BODY_BYTES = ShutdownRequestChecks.MAX_BODY_BYTES;

	private final ShutdownRequestChecks checks;

	/**
	 * Create a filter.
	 * @param crossOrigin the check of where a request comes from
	 */
	public ShutdownRequestBodyFilter(CrossOriginCheck crossOrigin) {
		this.checks = new ShutdownRequestChecks(crossOrigin);
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse httpResponse)
				|| !"POST".equals(http.getMethod())) {
			chain.doFilter(request, response);
			return;
		}
		Refusal refusal = this.checks.checkBeforeBody(http.getRequestURI(), http.getQueryString(),
				http.getHeader(CrossOriginCheck.SEC_FETCH_SITE), http.getHeader(CrossOriginCheck.ORIGIN),
				http.getHeader(CrossOriginCheck.HOST));
		if (refusal != null) {
			refuse(httpResponse, refusal);
			return;
		}
		byte[] body = readBounded(http.getInputStream());
		if (body == null) {
			refuse(httpResponse, ShutdownRequestChecks.TOO_LARGE);
			return;
		}
		refusal = ShutdownRequestChecks.checkBody(http.getContentType(), body);
		if (refusal != null) {
			refuse(httpResponse, refusal);
			return;
		}
		// Handed on as plain JSON: Spring Boot's actuator would refuse some of the JSON
		// types accepted here (application/merge-patch+json, say) with a bare 415.
		chain.doFilter(
				new BodyRequest(http, ShutdownRequestChecks.bodyToHandOn(body), MediaType.APPLICATION_JSON_VALUE),
				response);
	}

	private static byte @Nullable [] readBounded(InputStream input) throws IOException {
		byte[] body = input.readNBytes(MAX_BODY_BYTES + 1);
		return (body.length > MAX_BODY_BYTES) ? null : body;
	}

	private static void refuse(HttpServletResponse response, Refusal refusal) throws IOException {
		response.setStatus(refusal.status());
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.getWriter().write(refusal.json());
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
