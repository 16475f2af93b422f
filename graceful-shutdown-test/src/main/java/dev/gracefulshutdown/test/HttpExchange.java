package dev.gracefulshutdown.test;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import dev.gracefulshutdown.test.HttpLoad.Response;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP/1.1 request on a connection of its own ({@code Connection: close}), written
 * and read on a raw socket so that the outcome is exact: {@link RefusedException} when no
 * connection could be made, another {@link IOException} when the connection was made but
 * no whole response came. Bounded by the request timeout, as the longest wait for the
 * next bytes.
 */
final class HttpExchange {

	static final int CONNECT_TIMEOUT_MILLIS = 10_000;

	private final String host;

	private final int port;

	private final Duration requestTimeout;

	HttpExchange(String host, int port, Duration requestTimeout) {
		this.host = host;
		this.port = port;
		this.requestTimeout = requestTimeout;
	}

	/**
	 * Send a request and read the whole response.
	 * @param method the method
	 * @param pathAndQuery the path, with its query if any
	 * @param body the body, sent as UTF-8 {@code text/plain} unless {@code null}
	 * @return the response
	 * @throws RefusedException if no connection could be made
	 * @throws IOException if the connection was made but no whole response came
	 */
	Response send(String method, String pathAndQuery, @Nullable String body) throws IOException {
		try (Socket socket = new Socket()) {
			try {
				socket.connect(new InetSocketAddress(this.host, this.port), CONNECT_TIMEOUT_MILLIS);
			}
			catch (IOException ex) {
				throw new RefusedException(ex);
			}
			socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, this.requestTimeout.toMillis()));
			byte[] content = (body != null) ? body.getBytes(StandardCharsets.UTF_8) : null;
			StringBuilder head = new StringBuilder().append(method)
				.append(' ')
				.append(pathAndQuery)
				.append(" HTTP/1.1\r\nHost: ")
				.append(this.host)
				.append(':')
				.append(this.port)
				.append("\r\nConnection: close\r\n");
			if (content != null) {
				head.append("Content-Type: text/plain; charset=UTF-8\r\nContent-Length: ")
					.append(content.length)
					.append("\r\n");
			}
			head.append("\r\n");
			OutputStream output = socket.getOutputStream();
			output.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
			if (content != null) {
				output.write(content);
			}
			output.flush();
			return read(new BufferedInputStream(socket.getInputStream()));
		}
	}

	/**
	 * Describe why a request got no response, in one line: {@code Class: message}, the
	 * cause's for a refusal.
	 * @param failure the failure
	 * @return the description
	 */
	static String describe(@Nullable Throwable failure) {
		if (failure == null) {
			return "no failure";
		}
		Throwable shown = (failure instanceof RefusedException && failure.getCause() != null) ? failure.getCause()
				: failure;
		return shown.getClass().getName() + ((shown.getMessage() != null) ? ": " + shown.getMessage() : "");
	}

	private static Response read(InputStream input) throws IOException {
		String statusLine = readLine(input);
		String[] parts = statusLine.split(" ", 3);
		if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
			throw new IOException("Not an HTTP status line: '" + statusLine + "'");
		}
		int status = Integer.parseInt(parts[1]);
		Map<String, String> headers = new LinkedHashMap<>();
		for (String line = readLine(input); !line.isEmpty(); line = readLine(input)) {
			int colon = line.indexOf(':');
			if (colon > 0) {
				headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
						line.substring(colon + 1).trim(), (first, second) -> first + ", " + second);
			}
		}
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		String transferEncoding = headers.get("transfer-encoding");
		String contentLength = headers.get("content-length");
		if (transferEncoding != null && transferEncoding.toLowerCase(Locale.ROOT).contains("chunked")) {
			readChunked(input, body);
		}
		else if (contentLength != null) {
			readExactly(input, body, Long.parseLong(contentLength));
		}
		else {
			input.transferTo(body);
		}
		return new Response(status, headers, body.toString(StandardCharsets.UTF_8));
	}

	private static void readChunked(InputStream input, ByteArrayOutputStream body) throws IOException {
		while (true) {
			String sizeLine = readLine(input);
			int extension = sizeLine.indexOf(';');
			long size = Long.parseLong(((extension >= 0) ? sizeLine.substring(0, extension) : sizeLine).trim(), 16);
			if (size == 0) {
				// Trailers, up to the empty line.
				while (!readLine(input).isEmpty()) {
					// Skipped.
				}
				return;
			}
			readExactly(input, body, size);
			readLine(input);
		}
	}

	private static void readExactly(InputStream input, ByteArrayOutputStream body, long length) throws IOException {
		byte[] buffer = new byte[8192];
		long left = length;
		while (left > 0) {
			int read = input.read(buffer, 0, (int) Math.min(buffer.length, left));
			if (read < 0) {
				throw new EOFException(
						"The connection was closed " + (length - left) + " bytes into a body of " + length);
			}
			body.write(buffer, 0, read);
			left -= read;
		}
	}

	private static String readLine(InputStream input) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int previous = -1;
		while (true) {
			int next = input.read();
			if (next < 0) {
				throw new EOFException((line.size() == 0 && previous < 0)
						? "The connection was closed before a response" : "The connection was closed mid-line");
			}
			if (next == '\n' && previous == '\r') {
				byte[] bytes = line.toByteArray();
				return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
			}
			line.write(next);
			previous = next;
		}
	}

	/**
	 * No connection could be made.
	 */
	static final class RefusedException extends IOException {

		private static final long serialVersionUID = 1L;

		RefusedException(IOException cause) {
			super(cause.getMessage(), cause);
		}

	}

}
