package dev.gracefulshutdown.json;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Writes maps, lists, strings, numbers, booleans and {@code null} as JSON (RFC 8259),
 * compact or indented. What {@link JsonObjectReader} reads back is what was written.
 */
public final class JsonWriter {

	private final StringBuilder out = new StringBuilder();

	private final boolean indent;

	private JsonWriter(boolean indent) {
		this.indent = indent;
	}

	/**
	 * Write a value as JSON.
	 * @param value a {@code Map} with {@code String} keys, a {@code List}, a
	 * {@code CharSequence}, a {@code Number}, a {@code Boolean} or {@code null}, nested
	 * as deep as needed
	 * @param indent whether to put every member and item on a line of its own, indented
	 * by two spaces per level
	 * @return the JSON text
	 * @throws IllegalArgumentException for a value of another type, or a number that JSON
	 * cannot hold (infinite or NaN)
	 */
	public static String write(@Nullable Object value, boolean indent) {
		JsonWriter writer = new JsonWriter(indent);
		writer.value(value, 0);
		return writer.out.toString();
	}

	private void value(@Nullable Object value, int depth) {
		if (value == null) {
			this.out.append("null");
		}
		else if (value instanceof Map<?, ?> map) {
			object(map, depth);
		}
		else if (value instanceof List<?> list) {
			array(list, depth);
		}
		else if (value instanceof CharSequence text) {
			string(text);
		}
		else if (value instanceof Boolean) {
			this.out.append(value);
		}
		else if (value instanceof Number number) {
			number(number);
		}
		else {
			throw new IllegalArgumentException("Cannot write a " + value.getClass().getName() + " as JSON");
		}
	}

	private void object(Map<?, ?> map, int depth) {
		if (map.isEmpty()) {
			this.out.append("{}");
			return;
		}
		this.out.append('{');
		Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator();
		while (entries.hasNext()) {
			Map.Entry<?, ?> entry = entries.next();
			if (!(entry.getKey() instanceof String key)) {
				throw new IllegalArgumentException("JSON object keys must be strings, not " + entry.getKey());
			}
			newLine(depth + 1);
			string(key);
			this.out.append(this.indent ? ": " : ":");
			value(entry.getValue(), depth + 1);
			if (entries.hasNext()) {
				this.out.append(',');
			}
		}
		newLine(depth);
		this.out.append('}');
	}

	private void array(List<?> list, int depth) {
		if (list.isEmpty()) {
			this.out.append("[]");
			return;
		}
		this.out.append('[');
		for (int i = 0; i < list.size(); i++) {
			newLine(depth + 1);
			value(list.get(i), depth + 1);
			if (i < list.size() - 1) {
				this.out.append(',');
			}
		}
		newLine(depth);
		this.out.append(']');
	}

	private void number(Number number) {
		if ((number instanceof Double d && (d.isNaN() || d.isInfinite()))
				|| (number instanceof Float f && (f.isNaN() || f.isInfinite()))) {
			throw new IllegalArgumentException("JSON cannot hold the number " + number);
		}
		this.out.append(number);
	}

	private void string(CharSequence text) {
		this.out.append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> this.out.append("\\\"");
				case '\\' -> this.out.append("\\\\");
				case '\n' -> this.out.append("\\n");
				case '\r' -> this.out.append("\\r");
				case '\t' -> this.out.append("\\t");
				case '\b' -> this.out.append("\\b");
				case '\f' -> this.out.append("\\f");
				default -> {
					if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
						this.out.append(String.format("\\u%04x", (int) c));
					}
					else {
						this.out.append(c);
					}
				}
			}
		}
		this.out.append('"');
	}

	private void newLine(int depth) {
		if (this.indent) {
			this.out.append('\n');
			this.out.append("  ".repeat(depth));
		}
	}

}
