package dev.gracefulshutdown.json;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link JsonWriter}.
 */
class JsonWriterTests {

	@Test
	void compactOutputHasNoWhitespace() {
		Map<String, Object> object = new LinkedHashMap<>();
		object.put("s", "x");
		object.put("n", 42L);
		object.put("d", 2.5);
		object.put("b", true);
		object.put("z", null);
		object.put("l", List.of(1, List.of(), Map.of()));
		assertThat(JsonWriter.write(object, false))
			.isEqualTo("{\"s\":\"x\",\"n\":42,\"d\":2.5,\"b\":true,\"z\":null,\"l\":[1,[],{}]}");
	}

	@Test
	void indentedOutputPutsEveryMemberOnALine() {
		Map<String, Object> object = new LinkedHashMap<>();
		object.put("a", List.of(1, 2));
		object.put("b", Map.of("c", "d"));
		assertThat(JsonWriter.write(object, true))
			.isEqualTo("{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {\n    \"c\": \"d\"\n  }\n}");
	}

	@Test
	void stringsAreEscapedAndReadBackAsWritten() {
		String text = "q\" b\\ \n\r\t\b\f \u0001 \u007f \u2028 \u00e9 \uD83D\uDE80 /";
		String json = JsonWriter.write(Map.of("s", text), false);
		assertThat(json).doesNotContain("\n").contains("\\u0001").contains("\\u2028");
		assertThat(JsonObjectReader.readObject(json)).containsEntry("s", text);
	}

	@Test
	void whatJsonCannotHoldIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> JsonWriter.write(Double.NaN, false));
		assertThatIllegalArgumentException().isThrownBy(() -> JsonWriter.write(new Object(), false));
		assertThatIllegalArgumentException().isThrownBy(() -> JsonWriter.write(Map.of(1, 2), false));
		assertThat(JsonWriter.write(Arrays.asList("a", null), false)).isEqualTo("[\"a\",null]");
	}

}
