package dev.gracefulshutdown.docs;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.StringJoiner;

import dev.gracefulshutdown.autoconfigure.GracefulShutdownProperties;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps {@code docs/configuration-properties.md} in step with the configuration metadata
 * that the configuration processor writes at compile time: the property reference is
 * generated, never kept by hand.
 */
class ConfigurationPropertiesDocumentationTests {

	private static final String METADATA = "META-INF/spring-configuration-metadata.json";

	private static final String DOCUMENT = "configuration-properties.md";

	private static final String REGENERATE_COMMAND = "./mvnw -pl graceful-shutdown-autoconfigure test -Ddocs.regenerate=true";

	@Test
	void propertyReferenceMatchesConfigurationMetadata() throws IOException {
		String generated = render(readMetadata());
		Path document = docsDirectory().resolve(DOCUMENT);
		if (Boolean.getBoolean("docs.regenerate")) {
			Files.createDirectories(document.getParent());
			Files.writeString(document, generated, StandardCharsets.UTF_8);
			return;
		}
		assertThat(document).as("%s is missing; generate it with: %s", document, REGENERATE_COMMAND).isRegularFile();
		String existing = Files.readString(document, StandardCharsets.UTF_8).replace("\r\n", "\n");
		assertThat(existing)
			.as("%s is out of date with the configuration metadata; regenerate it with: %s", document,
					REGENERATE_COMMAND)
			.isEqualTo(generated);
	}

	@Test
	void everyPropertyHasADescription() {
		List<String> undocumented = new ArrayList<>();
		for (JsonNode property : readMetadata().path("properties").values()) {
			if (property.path("description").asString("").isBlank()) {
				undocumented.add(property.path("name").asString());
			}
		}
		assertThat(undocumented).as("properties without a description (add a field javadoc)").isEmpty();
	}

	private static JsonNode readMetadata() {
		// The metadata of this module, next to its classes: Boot's own jars carry a file
		// of the same name on the same class path.
		Path metadata = classesDirectory().resolve(METADATA);
		assertThat(metadata).as("%s is missing: compile the module first", metadata).isRegularFile();
		return new ObjectMapper().readTree(metadata);
	}

	private static Path classesDirectory() {
		URL location = GracefulShutdownProperties.class.getProtectionDomain().getCodeSource().getLocation();
		try {
			return Path.of(location.toURI());
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException("Unexpected location of the module's classes: " + location, ex);
		}
	}

	private static Path docsDirectory() {
		String configured = System.getProperty("docs.directory");
		// Without Maven (in an IDE) tests run in the module's directory.
		return (configured != null) ? Path.of(configured) : Path.of("..", "docs");
	}

	static String render(JsonNode metadata) {
		List<JsonNode> properties = new ArrayList<>(metadata.path("properties").values());
		properties.sort(Comparator.comparing((JsonNode property) -> property.path("name").asString()));
		StringBuilder markdown = new StringBuilder();
		markdown.append("<!-- Generated from the configuration metadata by ConfigurationPropertiesDocumentationTests:")
			.append(" do not edit. Regenerate with: ")
			.append(REGENERATE_COMMAND)
			.append(" -->\n");
		markdown.append("# Configuration properties\n\n");
		markdown.append("Every key the starter reads, as the IDE shows it (from `").append(METADATA).append("`).\n");
		markdown.append(
				"Durations take Spring Boot's formats (`500ms`, `5s`, `1m`); a number alone means milliseconds.\n\n");
		markdown.append("| Key | Type | Default | Description |\n");
		markdown.append("|---|---|---|---|\n");
		for (JsonNode property : properties) {
			markdown.append("| `")
				.append(property.path("name").asString())
				.append("` | `")
				.append(simpleType(property.path("type").asString("")))
				.append("` | ")
				.append(defaultValue(property.path("defaultValue")))
				.append(" | ")
				.append(cell(property.path("description").asString("")))
				.append(" |\n");
		}
		appendHints(markdown, metadata);
		return markdown.toString();
	}

	private static void appendHints(StringBuilder markdown, JsonNode metadata) {
		List<JsonNode> hints = new ArrayList<>(metadata.path("hints").values());
		if (hints.isEmpty()) {
			return;
		}
		hints.sort(Comparator.comparing((JsonNode hint) -> hint.path("name").asString()));
		markdown.append("\n## Accepted values\n");
		for (JsonNode hint : hints) {
			markdown.append("\n`").append(hint.path("name").asString()).append("`:\n\n");
			for (JsonNode value : hint.path("values").values()) {
				markdown.append("- `").append(value.path("value").asString()).append('`');
				String description = value.path("description").asString("");
				if (!description.isEmpty()) {
					markdown.append(": ").append(description);
				}
				markdown.append('\n');
			}
		}
	}

	/**
	 * Drop package names: {@code java.util.List<java.lang.String>} becomes
	 * {@code List<String>}.
	 * @param type the type as the metadata gives it
	 * @return the simple form
	 */
	static String simpleType(String type) {
		return type.replaceAll("\\b[a-z][a-z0-9_]*\\.", "").replace('$', '.').replace(",", ", ");
	}

	private static String defaultValue(JsonNode value) {
		if (value.isMissingNode() || value.isNull()) {
			return "";
		}
		if (value.isArray()) {
			StringJoiner items = new StringJoiner(", ", "`", "`");
			value.values().forEach((item) -> items.add(item.asString()));
			return items.toString();
		}
		return "`" + value.asString() + "`";
	}

	private static String cell(String text) {
		return text.replace("|", "\\|").replace("\r", "").replace("\n", " ");
	}

}
