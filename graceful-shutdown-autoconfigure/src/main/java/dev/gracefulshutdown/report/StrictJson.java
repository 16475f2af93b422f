package dev.gracefulshutdown.report;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.ClassUtils;

/**
 * Reads one small JSON object (a request body of the endpoint, the report file) with
 * Jackson (which the starter brings), and says what is wrong with a malformed one. The
 * reading is strict: a field twice, more than {@value #MAX_DEPTH} levels of nesting or
 * content after the object are refused, and whole numbers are {@code Long}s. Without
 * Jackson it refuses to read rather than fall back to Spring Boot's
 * {@code JsonParserFactory}, whose other parsers read numbers and literals loosely.
 */
public final class StrictJson {

	/**
	 * The deepest nesting accepted inside the object.
	 */
	static final int MAX_DEPTH = 16;

	private static final boolean JACKSON_PRESENT = ClassUtils.isPresent("tools.jackson.databind.json.JsonMapper",
			StrictJson.class.getClassLoader());

	private StrictJson() {
	}

	/**
	 * Read a JSON object.
	 * @param text the JSON text
	 * @return the members, in order; values are {@code String}, {@code Number},
	 * {@code Boolean}, {@code null}, {@code List} or {@code Map}
	 * @throws MalformedJsonException if the text is not one JSON object
	 */
	public static Map<String, @Nullable Object> readObject(String text) {
		if (!JACKSON_PRESENT) {
			// Spring Boot's JsonParserFactory would fall back to Gson (every number a
			// double) or its BasicJsonParser (literals as strings, escapes dropped):
			// neither reads what the starter must tell apart.
			throw new IllegalStateException("Reading JSON needs Jackson (tools.jackson.core:jackson-databind),"
					+ " which graceful-shutdown-spring-boot-starter brings: add it to the class path");
		}
		return Jackson.readObject(text);
	}

	/**
	 * The text is not the JSON object expected.
	 */
	public static final class MalformedJsonException extends IllegalArgumentException {

		MalformedJsonException(String message) {
			super(message);
		}

	}

	/**
	 * Jackson, configured to refuse what the starter must not guess at, its messages told
	 * in the words of {@code docs/endpoint.md}.
	 */
	private static final class Jackson {

		private static final String NOT_AN_OBJECT = "expected a JSON object starting with '{'";

		private static final JsonMapper MAPPER = JsonMapper
			.builder(JsonFactory.builder()
				.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
				// Jackson counts the object itself as a level.
				.streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH + 1).build())
				.build())
			.enable(DeserializationFeature.USE_LONG_FOR_INTS, DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			.build();

		@SuppressWarnings("unchecked")
		static Map<String, @Nullable Object> readObject(String text) {
			try (JsonParser parser = MAPPER.createParser(text)) {
				try {
					if (!(MAPPER.readValue(parser, Object.class) instanceof Map<?, ?> map)) {
						throw new MalformedJsonException("Malformed JSON: " + NOT_AN_OBJECT + " at offset 0");
					}
					return (Map<String, @Nullable Object>) map;
				}
				catch (JacksonException ex) {
					long offset = (ex.getLocation() != null) ? ex.getLocation().getCharOffset()
							: parser.currentLocation().getCharOffset();
					throw new MalformedJsonException("Malformed JSON: " + problem(ex) + " at offset " + offset);
				}
			}
		}

		private static String problem(JacksonException ex) {
			String message = String.valueOf(ex.getOriginalMessage());
			if (ex instanceof StreamConstraintsException && message.contains("nesting depth")) {
				return "nested too deeply";
			}
			if (ex instanceof UnexpectedEndOfInputException) {
				return "unexpected end of input";
			}
			if (message.startsWith("Duplicate Object property \"") && message.endsWith("\"")) {
				return "field '" + message.substring(27, message.length() - 1) + "' appears twice";
			}
			if (message.contains("was expecting double-quote to start property name")) {
				return "expected a field name in double quotes";
			}
			if (message.startsWith("Trailing token")) {
				return "unexpected content after the JSON object";
			}
			if (message.startsWith("No content to map")) {
				return NOT_AN_OBJECT;
			}
			int lineBreak = message.indexOf('\n');
			return (lineBreak >= 0) ? message.substring(0, lineBreak) : message;
		}

	}

}
