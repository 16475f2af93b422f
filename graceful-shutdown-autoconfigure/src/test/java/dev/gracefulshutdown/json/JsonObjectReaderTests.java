package dev.gracefulshutdown.json;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.gracefulshutdown.json.JsonObjectReader.MalformedJsonException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link JsonObjectReader}.
 */
class JsonObjectReaderTests {

	@Test
	void emptyObjectIsRead() {
		assertThat(JsonObjectReader.readObject("{}")).isEmpty();
	}

	@Test
	void whitespaceAroundAndInsideTheObjectIsAllowed() {
		assertThat(JsonObjectReader.readObject(" \t\r\n{ \"reason\" :\n\"deploy\" , \"exitCode\"\t: 3 }\n "))
			.containsExactly(Map.entry("reason", "deploy"), Map.entry("exitCode", 3L));
	}

	@Test
	void membersAreReadInOrder() {
		assertThat(JsonObjectReader.readObject("{\"b\":1,\"a\":2,\"c\":3}")).containsExactly(Map.entry("b", 1L),
				Map.entry("a", 2L), Map.entry("c", 3L));
	}

	@Test
	void literalsAreRead() {
		Map<String, Object> object = JsonObjectReader.readObject("{\"t\":true,\"f\":false,\"n\":null}");
		assertThat(object).containsEntry("t", Boolean.TRUE).containsEntry("f", Boolean.FALSE).containsKey("n");
		assertThat(object.get("n")).isNull();
	}

	@Test
	void escapesInStringsAreDecoded() {
		assertThat(JsonObjectReader.readObject("{\"s\":\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t\"}")).containsEntry("s",
				"q\" b\\ s/ \b\f\n\r\t");
	}

	@Test
	void unicodeEscapesAreDecoded() {
		assertThat(JsonObjectReader.readObject("{\"s\":\"\\u00e9t\\u00C9 \\u0041\"}")).containsEntry("s",
				"\u00e9t\u00c9 A");
	}

	@Test
	void surrogatePairEscapeIsDecoded() {
		assertThat(JsonObjectReader.readObject("{\"s\":\"\\ud83d\\ude00\"}")).containsEntry("s", "\uD83D\uDE00");
	}

	@Test
	void unescapedNonAsciiCharactersAreKept() {
		assertThat(JsonObjectReader.readObject("{\"s\":\"d\u00e9ploiement \uD83D\uDE80\"}")).containsEntry("s",
				"d\u00e9ploiement \uD83D\uDE80");
	}

	@Test
	void escapedFieldNamesAreDecoded() {
		assertThat(JsonObjectReader.readObject("{\"a\\\"b\":1}")).containsOnlyKeys("a\"b");
	}

	@Test
	void nestedValuesAreRead() {
		Map<String, Object> object = JsonObjectReader
			.readObject("{\"o\":{\"a\":[1,\"x\",{\"b\":null}],\"e\":{}},\"l\":[],\"ll\":[[true]]}");
		Map<String, Object> inner = new LinkedHashMap<>();
		inner.put("b", null);
		assertThat(object).containsEntry("o", Map.of("a", List.of(1L, "x", inner), "e", Map.of()))
			.containsEntry("l", List.of())
			.containsEntry("ll", List.of(List.of(true)));
	}

	@Test
	void integralNumbersAreLongs() {
		assertThat(JsonObjectReader.readObject("{\"a\":0,\"b\":-0,\"c\":42,\"d\":-7,\"e\":9223372036854775807}"))
			.containsExactly(Map.entry("a", 0L), Map.entry("b", 0L), Map.entry("c", 42L), Map.entry("d", -7L),
					Map.entry("e", Long.MAX_VALUE));
	}

	@Test
	void numbersWithAFractionOrAnExponentAreDoubles() {
		assertThat(JsonObjectReader.readObject("{\"a\":3.5,\"b\":-0.25,\"c\":1e3,\"d\":2E-2,\"e\":1.5e+2}"))
			.containsExactly(Map.entry("a", 3.5), Map.entry("b", -0.25), Map.entry("c", 1000.0), Map.entry("d", 0.02),
					Map.entry("e", 150.0));
	}

	@Test
	void integerTooBigForALongIsADouble() {
		assertThat(JsonObjectReader.readObject("{\"a\":99999999999999999999}")).containsEntry("a", 1.0E20);
	}

	@Test
	void nestingUpToTheLimitIsAccepted() {
		// The object itself is level 0; sixteen arrays inside it reach the limit.
		String json = "{\"a\":" + "[".repeat(16) + "]".repeat(16) + "}";
		assertThat(JsonObjectReader.readObject(json)).containsKey("a");
	}

	@Test
	void nestingBeyondTheLimitIsRejectedWithItsOffset() {
		String json = "{\"a\":" + "[".repeat(17) + "]".repeat(17) + "}";
		// The seventeenth '[' is at offset 5 + 16.
		assertMalformed(json, "nested too deeply", 21);
	}

	@Test
	void deeplyNestedObjectsAreRejectedWithoutOverflowingTheStack() {
		String json = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
		assertThatExceptionOfType(MalformedJsonException.class).isThrownBy(() -> JsonObjectReader.readObject(json))
			.withMessageContaining("nested too deeply");
	}

	@Test
	void trailingCommaInAnObjectIsRejectedWithItsOffset() {
		assertMalformed("{\"a\":1,}", "expected a field name in double quotes", 7);
	}

	@Test
	void trailingCommaInAnArrayIsRejectedWithItsOffset() {
		assertMalformed("{\"a\":[1,]}", "unexpected character ']'", 8);
	}

	@Test
	void missingColonIsRejectedWithItsOffset() {
		assertMalformed("{\"a\" 1}", "expected ':'", 5);
	}

	@Test
	void missingCommaIsRejectedWithItsOffset() {
		assertMalformed("{\"a\":1 \"b\":2}", "expected ',' or '}'", 7);
	}

	@Test
	void unterminatedStringIsRejectedWithItsOffset() {
		assertMalformed("{\"a\":\"abc", "unterminated string", 9);
	}

	@Test
	void unterminatedObjectIsRejectedWithItsOffset() {
		assertMalformed("{\"a\":1", "unexpected end of input", 6);
	}

	@Test
	void badEscapeIsRejectedWithItsOffset() {
		assertMalformed("{\"a\":\"\\x\"}", "invalid escape '\\x'", 7);
	}

	@Test
	void incompleteUnicodeEscapeIsRejectedWithItsOffset() {
		assertMalformed("{\"a\":\"\\u12", "incomplete \\u escape", 8);
	}

	@Test
	void unicodeEscapeWithANonHexDigitIsRejectedWithItsOffset() {
		assertMalformed("{\"a\":\"\\u12G4\"}", "invalid \\u escape '12G4'", 8);
	}

	@ParameterizedTest
	@ValueSource(strings = { "+041", "-041", "+7FF" })
	void unicodeEscapeWithASignIsRejected(String digits) {
		// RFC 8259: a \\u escape is followed by exactly four hexadecimal digits.
		// Integer.parseInt(_, 16) also accepts a leading sign.
		assertMalformed("{\"a\":\"\\u" + digits + "\"}", "invalid \\u escape '" + digits + "'", 8);
	}

	@Test
	void unescapedControlCharacterInAStringIsRejectedWithItsOffset() {
		assertMalformed("{\"a\":\"x\ty\"}", "control character in a string must be escaped", 7);
	}

	@Test
	void duplicateFieldIsRejectedWithItsOffset() {
		assertMalformed("{\"a\":1,\"a\":2}", "field 'a' appears twice", 11);
	}

	@Test
	void trailingGarbageIsRejectedWithItsOffset() {
		assertMalformed("{\"a\":1} x", "unexpected content after the JSON object", 8);
	}

	@Test
	void secondObjectIsRejectedWithItsOffset() {
		assertMalformed("{}{}", "unexpected content after the JSON object", 2);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "   ", "[]", "\"text\"", "42", "null" })
	void anythingButAnObjectIsRejected(String json) {
		assertThatExceptionOfType(MalformedJsonException.class).isThrownBy(() -> JsonObjectReader.readObject(json))
			.withMessageStartingWith("Malformed JSON: expected a JSON object starting with '{' at offset ");
	}

	@Test
	void unquotedFieldNameIsRejectedWithItsOffset() {
		assertMalformed("{a:1}", "expected a field name in double quotes", 1);
	}

	@Test
	void singleQuotedStringIsRejectedWithItsOffset() {
		assertMalformed("{\"a\":'x'}", "unexpected character '''", 5);
	}

	@Test
	void misspelledLiteralIsRejectedWithItsOffset() {
		assertMalformed("{\"a\":tru}", "unexpected token", 5);
	}

	@Test
	void formFeedIsNotWhitespace() {
		assertMalformed("{\f}", "expected a field name in double quotes", 1);
	}

	@Test
	void leadingZeroIsRejected() {
		// RFC 8259 forbids leading zeros; the message says so, at the offending digit.
		assertMalformed("{\"a\":01}", "leading zeros are not allowed in a number", 6);
		assertMalformed("{\"a\":-01}", "leading zeros are not allowed in a number", 7);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "-|6", "1.|7", ".5|5", "+1|5", "1e|7", "1e+|8", "-a|6" })
	void malformedNumberIsRejectedWithItsOffset(String number, int offset) {
		String json = "{\"a\":" + number + "}";
		assertThatExceptionOfType(MalformedJsonException.class).isThrownBy(() -> JsonObjectReader.readObject(json))
			.withMessageEndingWith(" at offset " + offset);
	}

	@Test
	void hugeNumberOfMembersIsReadWithoutRecursion() {
		String[] members = new String[500];
		Arrays.setAll(members, (i) -> "\"k" + i + "\":" + i);
		assertThat(JsonObjectReader.readObject("{" + String.join(",", members) + "}")).hasSize(500);
	}

	private static void assertMalformed(String json, String problem, int offset) {
		assertThatExceptionOfType(MalformedJsonException.class).isThrownBy(() -> JsonObjectReader.readObject(json))
			.withMessage("Malformed JSON: " + problem + " at offset " + offset);
	}

}
