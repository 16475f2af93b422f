package dev.gracefulshutdown.sample;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 connection over a plain socket, so that a test controls which requests
 * share it: {@link java.net.http.HttpClient} hides its connection pool.
 */
final class RawHttpConnection implements AutoCloseable {

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	private final String host;

	RawHttpConnection(int port, Duration readTimeout) throws IOException {
		this.socket = new Socket("localhost", port);
		this.socket.setSoTimeout(Math.toIntExact(readTimeout.toMillis()));
		this.in = new BufferedInputStream(this.socket.getInputStream());
		this.out = this.socket.getOutputStream();
		this.host = "localhost:" + port;
	}

	/**
	 * Send a GET that asks to keep the connection alive and read the whole response.
	 * @param path the path
	 * @return the response
	 * @throws IOException on a broken connection or a malformed response
	 */
	Response get(String path) throws IOException {
		String request = "GET " + path + " HTTP/1.1\r\nHost: " + this.host + "\r\nConnection: keep-alive\r\n\r\n";
		this.out.write(request.getBytes(StandardCharsets.ISO_8859_1));
		this.out.flush();
		String statusLine = readLine();
		String[] status = statusLine.split(" ", 3);
		if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
			throw new IOException("Not an HTTP/1.x status line: " + statusLine);
		}
		List<String> rawHeaders = new ArrayList<>();
		Map<String, String> headers = new LinkedHashMap<>();
		for (String line = readLine(); !line.isEmpty(); line = readLine()) {
			rawHeaders.add(line);
			int colon = line.indexOf(':');
			if (colon > 0) {
				headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
						line.substring(colon + 1).trim(), (first, second) -> first + ", " + second);
			}
		}
		byte[] body;
		if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
			body = readChunked();
		}
		else if (headers.containsKey("content-length")) {
			body = this.in.readNBytes(Integer.parseInt(headers.get("content-length")));
		}
		else {
			body = this.in.readAllBytes();
		}
		return new Response(Integer.parseInt(status[1]), rawHeaders, headers, new String(body, StandardCharsets.UTF_8));
	}

	/**
	 * Return whether the server closed the connection: the next read ends the stream
	 * (within the read timeout).
	 * @return whether the server closed it
	 * @throws IOException if reading fails otherwise
	 */
	boolean isClosedByServer() throws IOException {
		try {
			return this.in.read() == -1;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	private byte[] readChunked() throws IOException {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		while (true) {
			String sizeLine = readLine();
			int extension = sizeLine.indexOf(';');
			int size = Integer.parseInt((extension >= 0) ? sizeLine.substring(0, extension) : sizeLine.trim(), 16);
			if (size == 0) {
				for (String trailer = readLine(); !trailer.isEmpty(); trailer = readLine()) {
					// Trailers carry nothing these tests look at.
				}
				return body.toByteArray();
			}
			body.write(this.in.readNBytes(size));
			readLine();
		}
	}

	private String readLine() throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int b = this.in.read();
		while (b != '\n') {
			if (b == -1) {
				throw new EOFException("Connection closed after " + line.size() + " bytes of a line");
			}
			if (b != '\r') {
				line.write(b);
			}
			b = this.in.read();
		}
		return line.toString(StandardCharsets.ISO_8859_1);
	}

	/**
	 * A response read off the connection.
	 *
	 * @param status the status code
	 * @param rawHeaders the header lines as received
	 * @param headers the headers by lower-case name
	 * @param body the body
	 */
	record Response(int status, List<String> rawHeaders, Map<String, String> headers, String body) {

		/**
		 * Return whether a {@code Connection} header asks to close the connection.
		 * @return whether it does
		 */
		boolean asksToClose() {
			String connection = this.headers.get("connection");
			return connection != null && connection.toLowerCase(Locale.ROOT).contains("close");
		}

	}

}
