package dev.gracefulshutdown.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Reads a small JSON object strictly (RFC 8259) and says precisely what is wrong with a
 * malformed one: the endpoint's request bodies and the shutdown report file. The starter
 * must not depend on which JSON library the application happens to use.
 */
public final class JsonObjectReader {

	private static final int MAX_DEPTH = 16;

	private final String text;

	private int position;

	private JsonObjectReader(String text) {
		this.text = text;
	}

	/**
	 * Read a JSON object.
	 * @param text the JSON text
	 * @return the members, in order; values are {@code String}, {@code Number},
	 * {@code Boolean}, {@code null}, {@code List} or {@code Map}
	 * @throws MalformedJsonException if the text is not one JSON object
	 */
	public static Map<String, @Nullable Object> readObject(String text) {
		JsonObjectReader reader = new JsonObjectReader(text);
		reader.skipWhitespace();
		if (reader.peek() != '{') {
			throw reader.error("expected a JSON object starting with '{'");
		}
		@SuppressWarnings("unchecked")
		Map<String, @Nullable Object> object = (Map<String, @Nullable Object>) reader.readValue(0);
		reader.skipWhitespace();
		if (reader.position < text.length()) {
			throw reader.error("unexpected content after the JSON object");
		}
		return object;
	}

	private @Nullable Object readValue(int depth) {
		if (depth > MAX_DEPTH) {
			throw error("nested too deeply");
		}
		skipWhitespace();
		char c = peek();
		switch (c) {
			case '{':
				return readObjectBody(depth);
			case '[':
				return readArray(depth);
			case '"':
				return readString();
			case 't':
				return readLiteral("true", Boolean.TRUE);
			case 'f':
				return readLiteral("false", Boolean.FALSE);
			case 'n':
				return readLiteral("null", null);
			default:
				if (c == '-' || (c >= '0' && c <= '9')) {
					return readNumber();
				}
				throw error((c == 0) ? "unexpected end of input" : "unexpected character '" + c + "'");
		}
	}

	private Map<String, @Nullable Object> readObjectBody(int depth) {
		expect('{');
		Map<String, @Nullable Object> members = new LinkedHashMap<>();
		skipWhitespace();
		if (peek() == '}') {
			this.position++;
			return members;
		}
		while (true) {
			skipWhitespace();
			if (peek() != '"') {
				throw error("expected a field name in double quotes");
			}
			String name = readString();
			skipWhitespace();
			expect(':');
			if (members.containsKey(name)) {
				throw error("field '" + name + "' appears twice");
			}
			members.put(name, readValue(depth + 1));
			skipWhitespace();
			char c = next();
			if (c == '}') {
				return members;
			}
			if (c != ',') {
				throw error("expected ',' or '}'", -1);
			}
		}
	}

	private List<@Nullable Object> readArray(int depth) {
		expect('[');
		List<@Nullable Object> items = new ArrayList<>();
		skipWhitespace();
		if (peek() == ']') {
			this.position++;
			return items;
		}
		while (true) {
			items.add(readValue(depth + 1));
			skipWhitespace();
			char c = next();
			if (c == ']') {
				return items;
			}
			if (c != ',') {
				throw error("expected ',' or ']'", -1);
			}
		}
	}

	private String readString() {
		expect('"');
		StringBuilder value = new StringBuilder();
		while (true) {
			if (this.position >= this.text.length()) {
				throw error("unterminated string");
			}
			char c = this.text.charAt(this.position++);
			if (c == '"') {
				return value.toString();
			}
			if (c < 0x20) {
				throw error("control character in a string must be escaped", -1);
			}
			if (c != '\\') {
				value.append(c);
				continue;
			}
			char escaped = next();
			switch (escaped) {
				case '"', '\\', '/' -> value.append(escaped);
				case 'b' -> value.append('\b');
				case 'f' -> value.append('\f');
				case 'n' -> value.append('\n');
				case 'r' -> value.append('\r');
				case 't' -> value.append('\t');
				case 'u' -> value.append(readUnicodeEscape());
				default -> throw error("invalid escape '\\" + escaped + "'", -1);
			}
		}
	}

	private char readUnicodeEscape() {
		if (this.position + 4 > this.text.length()) {
			throw error("incomplete \\u escape");
		}
		String hex = this.text.substring(this.position, this.position + 4);
		int value = 0;
		for (int i = 0; i < hex.length(); i++) {
			int digit = Character.digit(hex.charAt(i), 16);
			if (digit < 0) {
				throw error("invalid \\u escape '" + hex + "'");
			}
			value = value * 16 + digit;
		}
		this.position += 4;
		return (char) value;
	}

	private Number readNumber() {
		int start = this.position;
		if (peek() == '-') {
			this.position++;
		}
		if (peek() == '0') {
			this.position++;
			if (peek() >= '0' && peek() <= '9') {
				throw error("leading zeros are not allowed in a number");
			}
		}
		else if (peek() >= '1' && peek() <= '9') {
			skipDigits();
		}
		else {
			throw error("invalid number");
		}
		boolean integral = true;
		if (peek() == '.') {
			integral = false;
			this.position++;
			requireDigit();
			skipDigits();
		}
		if (peek() == 'e' || peek() == 'E') {
			integral = false;
			this.position++;
			if (peek() == '+' || peek() == '-') {
				this.position++;
			}
			requireDigit();
			skipDigits();
		}
		String number = this.text.substring(start, this.position);
		if (integral) {
			try {
				return Long.parseLong(number);
			}
			catch (NumberFormatException ex) {
				return Double.parseDouble(number);
			}
		}
		return Double.parseDouble(number);
	}

	private void requireDigit() {
		if (!(peek() >= '0' && peek() <= '9')) {
			throw error("invalid number");
		}
	}

	private void skipDigits() {
		while (peek() >= '0' && peek() <= '9') {
			this.position++;
		}
	}

	private @Nullable Object readLiteral(String literal, @Nullable Object value) {
		if (!this.text.startsWith(literal, this.position)) {
			throw error("unexpected token");
		}
		this.position += literal.length();
		return value;
	}

	private void skipWhitespace() {
		while (this.position < this.text.length()) {
			char c = this.text.charAt(this.position);
			if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
				return;
			}
			this.position++;
		}
	}

	private void expect(char expected) {
		char c = next();
		if (c != expected) {
			throw error("expected '" + expected + "'", -1);
		}
	}

	private char peek() {
		return (this.position < this.text.length()) ? this.text.charAt(this.position) : 0;
	}

	private char next() {
		if (this.position >= this.text.length()) {
			throw error("unexpected end of input");
		}
		return this.text.charAt(this.position++);
	}

	private MalformedJsonException error(String problem) {
		return error(problem, 0);
	}

	private MalformedJsonException error(String problem, int offset) {
		return new MalformedJsonException("Malformed JSON: " + problem + " at offset " + (this.position + offset));
	}

	/**
	 * The text is not the JSON object expected.
	 */
	public static final class MalformedJsonException extends RuntimeException {

		MalformedJsonException(String message) {
			super(message);
		}

	}

}
