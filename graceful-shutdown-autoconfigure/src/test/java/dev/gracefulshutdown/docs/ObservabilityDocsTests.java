package dev.gracefulshutdown.docs;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.gracefulshutdown.metrics.ShutdownMetricNames;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the Grafana dashboard ({@code docs/grafana}) and the Prometheus alerting rules
 * ({@code docs/prometheus}) in step with the meters: every {@code graceful_shutdown_*}
 * name in their PromQL must be what Micrometer exports for a meter of
 * {@link ShutdownMetricNames} (of the type {@code docs/metrics.md} gives it), and every
 * label they use must be a tag of the meters of that expression, with one of the tag's
 * documented values, or a label of the scrape target.
 */
class ObservabilityDocsTests {

	private static final Path DASHBOARD = Path.of("grafana", "graceful-shutdown-dashboard.json");

	private static final Path RULES = Path.of("prometheus", "graceful-shutdown-rules.yml");

	private static final Path METRICS = Path.of("metrics.md");

	/**
	 * Labels that Prometheus adds to every scraped series.
	 */
	private static final Set<String> TARGET_LABELS = Set.of("job", "instance");

	private static final Pattern METRIC_NAME = Pattern.compile("\\bgraceful_shutdown_[a-z0-9_]+");

	private static final Pattern SELECTOR = Pattern.compile("\\b(graceful_shutdown_[a-z0-9_]+)\\s*\\{([^}]*)}");

	private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"([^\"]*)\"");

	private static final Pattern GROUPING = Pattern
		.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");

	private static final Pattern TAG_VALUE = Pattern.compile("[a-z0-9-]+");

	private static final Pattern BACKTICKED = Pattern.compile("`([^`]+)`");

	@Test
	void dashboardUsesOnlyExportedMetersAndTheirTags() throws IOException {
		List<String> expressions = dashboardExpressions();
		assertThat(expressions).as("PromQL expressions in %s", DASHBOARD).isNotEmpty();
		List<String> legends = new ArrayList<>();
		collect(readJson(DASHBOARD), "legendFormat", legends);
		assertThat(problems(expressions, legends, Pattern.compile("\\{\\{\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*}}")))
			.as("problems in %s", DASHBOARD)
			.isEmpty();
	}

	@Test
	void alertingRulesUseOnlyExportedMetersAndTheirTags() throws IOException {
		List<String> expressions = new ArrayList<>();
		List<String> annotations = new ArrayList<>();
		for (Map<String, Object> rule : rules()) {
			expressions.add((String) rule.get("expr"));
			Object ruleAnnotations = rule.get("annotations");
			if (ruleAnnotations instanceof Map<?, ?> map) {
				map.values().forEach((value) -> annotations.add(String.valueOf(value)));
			}
		}
		assertThat(expressions).as("rules in %s", RULES).isNotEmpty();
		assertThat(problems(expressions, annotations, Pattern.compile("\\$labels\\.([a-zA-Z_][a-zA-Z0-9_]*)")))
			.as("problems in %s", RULES)
			.isEmpty();
	}

	/**
	 * Return what is wrong with the given expressions and with the labels the texts that
	 * go with them (legends, annotations) refer to.
	 */
	private List<String> problems(List<String> expressions, List<String> texts, Pattern labelReference)
			throws IOException {
		Map<String, String> exported = exportedNames();
		Map<String, Map<String, @Nullable Set<String>>> tags = documentedTags();
		Set<String> meters = meterNames();
		List<String> problems = new ArrayList<>();
		Set<String> allLabels = new LinkedHashSet<>(TARGET_LABELS);
		int metricCount = 0;
		for (String expression : expressions) {
			Set<String> labels = new LinkedHashSet<>(TARGET_LABELS);
			for (String name : metricNames(expression)) {
				metricCount++;
				String meter = exported.get(name);
				if (meter == null) {
					problems
						.add(name + " is not what Prometheus shows for any meter of docs/metrics.md (expected one of "
								+ new TreeSet<>(exported.keySet()) + ") in: " + expression);
				}
				else if (!meters.contains(meter)) {
					problems.add(meter + " (" + name + ") is not a constant of ShutdownMetricNames");
				}
				else {
					labels.addAll(tags.get(meter).keySet());
				}
			}
			Matcher selector = SELECTOR.matcher(expression);
			while (selector.find()) {
				String meter = exported.get(selector.group(1));
				if (meter != null) {
					problems.addAll(matcherProblems(selector.group(1), tags.get(meter), selector.group(2)));
				}
			}
			Matcher grouping = GROUPING.matcher(expression);
			while (grouping.find()) {
				for (String label : grouping.group(1).split(",")) {
					if (!label.isBlank() && !labels.contains(label.strip())) {
						problems.add("'" + label.strip() + "' is not a tag of the meters of: " + expression);
					}
				}
			}
			allLabels.addAll(labels);
		}
		for (String text : texts) {
			Matcher reference = labelReference.matcher(text);
			while (reference.find()) {
				if (!allLabels.contains(reference.group(1))) {
					problems.add("'" + reference.group(1) + "' is not a tag of any meter used, in: " + text);
				}
			}
		}
		if (metricCount == 0) {
			problems.add("no graceful_shutdown_* meter in any expression");
		}
		return problems;
	}

	private static List<String> matcherProblems(String name, Map<String, @Nullable Set<String>> tags, String matchers) {
		List<String> problems = new ArrayList<>();
		Matcher matcher = MATCHER.matcher(matchers);
		while (matcher.find()) {
			String label = matcher.group(1);
			if (TARGET_LABELS.contains(label)) {
				continue;
			}
			if (!tags.containsKey(label)) {
				problems.add("'" + label + "' is not a tag of " + name + " (tags: " + tags.keySet() + ")");
				continue;
			}
			Set<String> values = tags.get(label);
			boolean positive = matcher.group(2).equals("=") || matcher.group(2).equals("=~");
			if (values != null && positive) {
				for (String value : matcher.group(3).split("\\|")) {
					if (TAG_VALUE.matcher(value).matches() && !values.contains(value)) {
						problems.add("'" + value + "' is not a value of the tag '" + label + "' of " + name
								+ " (values: " + values + ")");
					}
				}
			}
		}
		return problems;
	}

	private static Set<String> metricNames(String expression) {
		Set<String> names = new LinkedHashSet<>();
		Matcher matcher = METRIC_NAME.matcher(expression);
		while (matcher.find()) {
			names.add(matcher.group());
		}
		return names;
	}

	/**
	 * The names of the shutdown's meters: the public String constants of
	 * {@link ShutdownMetricNames}.
	 */
	private static Set<String> meterNames() {
		Set<String> names = new TreeSet<>();
		for (Field field : ShutdownMetricNames.class.getFields()) {
			if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
				try {
					names.add((String) field.get(null));
				}
				catch (IllegalAccessException ex) {
					throw new IllegalStateException(ex);
				}
			}
		}
		assertThat(names).as("constants of ShutdownMetricNames").isNotEmpty();
		return names;
	}

	/**
	 * The names Micrometer's Prometheus registry gives each meter of the tables of
	 * {@code docs/metrics.md}, by type: {@code _total} for a counter, {@code _seconds}
	 * for a gauge in seconds, {@code _seconds_count}, {@code _seconds_sum} and
	 * {@code _seconds_max} for a timer (no {@code _bucket}: the timers publish no
	 * histogram).
	 * @return the meter of each exported name
	 */
	private static Map<String, String> exportedNames() throws IOException {
		Map<String, String> exported = new LinkedHashMap<>();
		for (List<String> row : meterRows()) {
			String meter = backticked(row.get(0)).get(0);
			String base = meter.replace('.', '_');
			String type = row.get(1).strip();
			switch (type) {
				case "counter" -> exported.put(base + "_total", meter);
				case "gauge" -> exported.put(base, meter);
				case "gauge, seconds" -> exported.put(base + "_seconds", meter);
				case "timer" -> {
					for (String suffix : List.of("_seconds_count", "_seconds_sum", "_seconds_max")) {
						exported.put(base + suffix, meter);
					}
				}
				default ->
					throw new IllegalStateException("Unknown type '" + type + "' of " + meter + " in " + METRICS);
			}
		}
		return exported;
	}

	/**
	 * The tags of each meter of the tables of {@code docs/metrics.md}, with their values
	 * ({@code null} when any value goes, such as a phase's number). A tag "as above" has
	 * the values it was last given.
	 * @return the tags and values of each meter
	 */
	private static Map<String, Map<String, @Nullable Set<String>>> documentedTags() throws IOException {
		Map<String, Map<String, @Nullable Set<String>>> tags = new LinkedHashMap<>();
		Map<String, @Nullable Set<String>> lastValues = new LinkedHashMap<>();
		for (List<String> row : meterRows()) {
			String meter = backticked(row.get(0)).get(0);
			String cell = row.get(2);
			Map<String, @Nullable Set<String>> meterTags = new LinkedHashMap<>();
			if (!cell.contains(":")) {
				// `reason`, `outcome` (as above)
				for (String tag : backticked(cell)) {
					meterTags.put(tag, lastValues.get(tag));
				}
			}
			else {
				// `phase`: ... or its number; `outcome`: `completed`, `timed-out`
				for (String part : cell.split(";")) {
					List<String> words = backticked(part);
					if (words.isEmpty()) {
						continue;
					}
					String tag = words.get(0);
					Set<String> values = part.contains(":") ? new TreeSet<>(words.subList(1, words.size()))
							: lastValues.get(tag);
					if (part.contains("number")) {
						values = null;
					}
					meterTags.put(tag, values);
					lastValues.put(tag, values);
				}
			}
			tags.put(meter, meterTags);
		}
		return tags;
	}

	/**
	 * The rows of the tables of {@code docs/metrics.md} that describe a meter: name,
	 * type, tags.
	 */
	private static List<List<String>> meterRows() throws IOException {
		List<List<String>> rows = new ArrayList<>();
		for (String line : Files.readAllLines(docsDirectory().resolve(METRICS), StandardCharsets.UTF_8)) {
			if (line.startsWith("| `graceful.shutdown.")) {
				String[] cells = line.split("\\|", -1);
				rows.add(List.of(cells[1], cells[2], cells[3]));
			}
		}
		assertThat(rows).as("meters in the tables of %s", METRICS).isNotEmpty();
		return rows;
	}

	private static List<String> backticked(String text) {
		List<String> words = new ArrayList<>();
		Matcher matcher = BACKTICKED.matcher(text);
		while (matcher.find()) {
			words.add(matcher.group(1));
		}
		return words;
	}

	private static List<String> dashboardExpressions() throws IOException {
		JsonNode dashboard = readJson(DASHBOARD);
		List<String> expressions = new ArrayList<>();
		collect(dashboard, "expr", expressions);
		// label_values(...) of the template variables
		collect(dashboard.path("templating"), "definition", expressions);
		return expressions;
	}

	private static void collect(JsonNode node, String field, List<String> values) {
		if (node.isObject()) {
			JsonNode value = node.get(field);
			if (value != null && value.isString()) {
				values.add(value.asString());
			}
		}
		for (JsonNode child : node.values()) {
			collect(child, field, values);
		}
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> rules() throws IOException {
		Map<String, Object> document;
		try (Reader reader = Files.newBufferedReader(docsDirectory().resolve(RULES), StandardCharsets.UTF_8)) {
			document = new Yaml().load(reader);
		}
		List<Map<String, Object>> rules = new ArrayList<>();
		for (Map<String, Object> group : (List<Map<String, Object>>) document.get("groups")) {
			rules.addAll((List<Map<String, Object>>) group.get("rules"));
		}
		return rules;
	}

	private static JsonNode readJson(Path relative) {
		return new ObjectMapper().readTree(docsDirectory().resolve(relative).toFile());
	}

	private static Path docsDirectory() {
		String configured = System.getProperty("docs.directory");
		// Without Maven (in an IDE) tests run in the module's directory.
		return (configured != null) ? Path.of(configured) : Path.of("..", "docs");
	}

}
