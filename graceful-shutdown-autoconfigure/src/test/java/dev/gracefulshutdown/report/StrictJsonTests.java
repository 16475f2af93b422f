package dev.gracefulshutdown.report;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.gracefulshutdown.report.StrictJson.MalformedJsonException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link StrictJson}.
 */
class StrictJsonTests {

	@Test
	void emptyObjectIsRead() {
		assertThat(StrictJson.readObject("{}")).isEmpty();
	}

	@Test
	void whitespaceAroundAndInsideTheObjectIsAllowed() {
		assertThat(StrictJson.readObject(" \t\r\n{ \"reason\" :\n\"deploy\" , \"exitCode\"\t: 3 }\n "))
			.containsExactly(Map.entry("reason", "deploy"), Map.entry("exitCode", 3L));
	}

	@Test
	void membersAreReadInOrder() {
		assertThat(StrictJson.readObject("{\"b\":1,\"a\":2,\"c\":3}")).containsExactly(Map.entry("b", 1L),
				Map.entry("a", 2L), Map.entry("c", 3L));
	}

	@Test
	void literalsAreRead() {
		Map<String, Object> object = StrictJson.readObject("{\"t\":true,\"f\":false,\"n\":null}");
		assertThat(object).containsEntry("t", Boolean.TRUE).containsEntry("f", Boolean.FALSE).containsKey("n");
		assertThat(object.get("n")).isNull();
	}

	@Test
	void escapesInStringsAreDecoded() {
		assertThat(StrictJson.readObject("{\"s\":\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t\"}")).containsEntry("s",
				"q\" b\\ s/ \b\f\n\r\t");
	}

	@Test
	void unicodeEscapesAreDecoded() {
		assertThat(StrictJson.readObject("{\"s\":\"\\u00e9t\\u00C9 \\u0041\"}")).containsEntry("s", "\u00e9t\u00c9 A");
	}

	@Test
	void surrogatePairEscapeIsDecoded() {
		assertThat(StrictJson.readObject("{\"s\":\"\\ud83d\\ude00\"}")).containsEntry("s", "\uD83D\uDE00");
	}

	@Test
	void unescapedNonAsciiCharactersAreKept() {
		assertThat(StrictJson.readObject("{\"s\":\"d\u00e9ploiement \uD83D\uDE80\"}")).containsEntry("s",
				"d\u00e9ploiement \uD83D\uDE80");
	}

	@Test
	void escapedFieldNamesAreDecoded() {
		assertThat(StrictJson.readObject("{\"a\\\"b\":1}")).containsOnlyKeys("a\"b");
	}

	@Test
	void nestedValuesAreRead() {
		Map<String, Object> object = StrictJson
			.readObject("{\"o\":{\"a\":[1,\"x\",{\"b\":null}],\"e\":{}},\"l\":[],\"ll\":[[true]]}");
		Map<String, Object> inner = new LinkedHashMap<>();
		inner.put("b", null);
		assertThat(object).containsEntry("o", Map.of("a", List.of(1L, "x", inner), "e", Map.of()))
			.containsEntry("l", List.of())
			.containsEntry("ll", List.of(List.of(true)));
	}

	@Test
	void integralNumbersAreLongs() {
		assertThat(StrictJson.readObject("{\"a\":0,\"b\":-0,\"c\":42,\"d\":-7,\"e\":9223372036854775807}"))
			.containsExactly(Map.entry("a", 0L), Map.entry("b", 0L), Map.entry("c", 42L), Map.entry("d", -7L),
					Map.entry("e", Long.MAX_VALUE));
	}

	@Test
	void numbersWithAFractionOrAnExponentAreDoubles() {
		assertThat(StrictJson.readObject("{\"a\":3.5,\"b\":-0.25,\"c\":1e3,\"d\":2E-2,\"e\":1.5e+2}")).containsExactly(
				Map.entry("a", 3.5), Map.entry("b", -0.25), Map.entry("c", 1000.0), Map.entry("d", 0.02),
				Map.entry("e", 150.0));
	}

	@Test
	void integerTooBigForALongIsRejected() {
		assertMalformed("{\"a\":99999999999999999999}", "Numeric value (99999999999999999999) out of range of `long`",
				25);
	}

	@Test
	void nestingUpToTheLimitIsAccepted() {
		// The object itself is level 0; sixteen arrays inside it reach the limit.
		String json = "{\"a\":" + "[".repeat(16) + "]".repeat(16) + "}";
		assertThat(StrictJson.readObject(json)).containsKey("a");
	}

	@Test
	void nestingBeyondTheLimitIsRejectedWithItsOffset() {
		String json = "{\"a\":" + "[".repeat(17) + "]".repeat(17) + "}";
		// Just after the seventeenth '[', at offset 5 + 16.
		assertThatExceptionOfType(MalformedJsonException.class).isThrownBy(() -> StrictJson.readObject(json))
			.withMessage("Malformed JSON: nested too deeply at offset 22");
	}

	@Test
	void deeplyNestedObjectsAreRejectedWithoutOverflowingTheStack() {
		String json = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
		assertThatExceptionOfType(MalformedJsonException.class).isThrownBy(() -> StrictJson.readObject(json))
			.withMessageContaining("nested too deeply");
	}

	@Test
	void duplicateFieldIsRejectedWithItsOffset() {
		assertThatExceptionOfType(MalformedJsonException.class)
			.isThrownBy(() -> StrictJson.readObject("{\"a\":1,\"a\":2}"))
			.withMessage("Malformed JSON: field 'a' appears twice at offset 10");
	}

	@Test
	void duplicateFieldInANestedObjectIsRejected() {
		assertThatExceptionOfType(MalformedJsonException.class)
			.isThrownBy(() -> StrictJson.readObject("{\"o\":{\"b\":1,\"b\":2}}"))
			.withMessageStartingWith("Malformed JSON: field 'b' appears twice at offset ");
	}

	@Test
	void unterminatedObjectIsRejectedWithItsOffset() {
		assertThatExceptionOfType(MalformedJsonException.class).isThrownBy(() -> StrictJson.readObject("{\"a\":1"))
			.withMessage("Malformed JSON: unexpected end of input at offset 6");
	}

	@Test
	void secondObjectIsRejectedWithItsOffset() {
		assertThatExceptionOfType(MalformedJsonException.class).isThrownBy(() -> StrictJson.readObject("{}{}"))
			.withMessage("Malformed JSON: unexpected content after the JSON object at offset 2");
	}

	@Test
	void fieldNameWithoutQuotesIsRejectedWithItsOffset() {
		assertThatExceptionOfType(MalformedJsonException.class).isThrownBy(() -> StrictJson.readObject("{\"a\":1,}"))
			.withMessage("Malformed JSON: expected a field name in double quotes at offset 7");
		assertThatExceptionOfType(MalformedJsonException.class).isThrownBy(() -> StrictJson.readObject("{a:1}"))
			.withMessage("Malformed JSON: expected a field name in double quotes at offset 1");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "   ", "[]", "\"text\"", "42", "null" })
	void anythingButAnObjectIsRejected(String json) {
		assertThatExceptionOfType(MalformedJsonException.class).isThrownBy(() -> StrictJson.readObject(json))
			.withMessageStartingWith("Malformed JSON: expected a JSON object starting with '{' at offset ");
	}

	/**
	 * What else is not RFC 8259 JSON: refused with Jackson's words for the problem, at
	 * its offset.
	 * @param json the text
	 * @param problem what the message says
	 * @param offset where
	 */
	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '`',
			value = { "{\"a\":[1,]}|Unexpected character (']'|8", "{\"a\" 1}|was expecting a colon|5",
					"{\"a\":1 \"b\":2}|was expecting comma|7", "{\"a\":\"abc|end of input|9",
					"{\"a\":\"\\x\"}|Unrecognized character escape 'x'|7", "{\"a\":\"\\u12|end of input|10",
					"{\"a\":\"\\u12G4\"}|expected a hex-digit|10", "{\"a\":\"\\u+041\"}|expected a hex-digit|8",
					"{\"a\":\"\\u-041\"}|expected a hex-digit|8", "{\"a\":\"x\ty\"}|has to be escaped|7",
					"{\"a\":1} x|Unrecognized token 'x'|8", "{\"a\":'x'}|Unexpected character ('''|5",
					"{\"a\":tru}|Unrecognized token 'tru'|5", "{\f}|Illegal character ((CTRL-CHAR, code 12))|1",
					"{\"a\":01}|Leading zeroes not allowed|6", "{\"a\":-01}|Leading zeroes not allowed|7",
					"{\"a\":NaN}|Non-standard token 'NaN'|8" })
	void otherMalformedJsonIsRejectedWithWhatIsWrongAndItsOffset(String json, String problem, int offset) {
		assertMalformed(json, problem, offset);
	}

	@ParameterizedTest
	@ValueSource(strings = { "-", "1.", ".5", "+1", "1e", "1e+", "-a" })
	void malformedNumberIsRejected(String number) {
		String json = "{\"a\":" + number + "}";
		assertThatExceptionOfType(MalformedJsonException.class).isThrownBy(() -> StrictJson.readObject(json))
			.withMessageStartingWith("Malformed JSON: ")
			.withMessageMatching(".* at offset [5-8]");
	}

	@Test
	void hugeNumberOfMembersIsReadWithoutRecursion() {
		String[] members = new String[500];
		Arrays.setAll(members, (i) -> "\"k" + i + "\":" + i);
		assertThat(StrictJson.readObject("{" + String.join(",", members) + "}")).hasSize(500);
	}

	private static void assertMalformed(String json, String problem, int offset) {
		assertThatExceptionOfType(MalformedJsonException.class).isThrownBy(() -> StrictJson.readObject(json))
			.withMessageStartingWith("Malformed JSON: ")
			.withMessageContaining(problem)
			.withMessageEndingWith(" at offset " + offset);
	}

}
