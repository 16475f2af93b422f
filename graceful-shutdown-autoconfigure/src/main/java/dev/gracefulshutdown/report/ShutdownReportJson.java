package dev.gracefulshutdown.report;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.gracefulshutdown.ShutdownOutcome;
import dev.gracefulshutdown.ShutdownReason;
import dev.gracefulshutdown.ShutdownReport;
import dev.gracefulshutdown.ShutdownReport.BeanTiming;
import dev.gracefulshutdown.ShutdownReport.ChildProcess;
import dev.gracefulshutdown.ShutdownReport.ChildProcessOutcome;
import dev.gracefulshutdown.ShutdownReport.HookOutcome;
import dev.gracefulshutdown.ShutdownReport.HookTiming;
import dev.gracefulshutdown.ShutdownReport.PhaseTiming;
import dev.gracefulshutdown.ShutdownReport.RequestCounts;
import dev.gracefulshutdown.ShutdownReport.StageTiming;
import dev.gracefulshutdown.ShutdownStage;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.json.JsonWriter;

/**
 * The JSON form of a {@link ShutdownReport}, as the report file holds it and the endpoint
 * shows it. Durations and offsets are whole milliseconds, instants ISO-8601 in UTC, enums
 * their constant names; absent values are left out. See {@code docs/report.md}.
 * <p>
 * Longer than most classes here because it maps every field of the report both ways:
 * written with Spring Boot's {@code JsonWriter}, and read back with a check of each
 * field's type, so that a damaged file is refused with a message that names the field.
 */
public final class ShutdownReportJson {

	/**
	 * The version of the format, written as {@code "format"}; a reader refuses a higher
	 * one.
	 */
	public static final int FORMAT = 1;

	private static final JsonWriter<Map<String, Object>> WRITER = JsonWriter.standard();

	private ShutdownReportJson() {
	}

	/**
	 * Return the report as JSON text, on one line.
	 * @param report the report
	 * @return the JSON text
	 */
	public static String write(ShutdownReport report) {
		// JSON allows U+2028 and U+2029 unescaped, but some log viewers break lines
		// there:
		// the report is one line of the log too.
		return WRITER.writeToString(toMap(report)).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
	}

	/**
	 * Read a report from JSON text.
	 * @param json the JSON text
	 * @return the report
	 * @throws InvalidShutdownReportException if the text is not a report of a known
	 * format
	 */
	public static ShutdownReport read(String json) {
		Map<String, @Nullable Object> object;
		try {
			object = StrictJson.readObject(json);
		}
		catch (StrictJson.MalformedJsonException ex) {
			throw new InvalidShutdownReportException(String.valueOf(ex.getMessage()), ex);
		}
		return fromMap(object);
	}

	/**
	 * Return the report as nested maps and lists, in the order of the JSON form.
	 * @param report the report
	 * @return the map
	 */
	public static Map<String, Object> toMap(ShutdownReport report) {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("format", FORMAT);
		map.put("id", report.id());
		map.put("reason", report.reason().name());
		map.put("origin", report.origin());
		putIfPresent(map, "detail", (report.detail() != null && !report.detail().isEmpty()) ? report.detail() : null);
		map.put("requestedAt", report.requestedAt().toString());
		map.put("deadlineMillis", report.deadline().toMillis());
		map.put("durationMillis", report.duration().toMillis());
		map.put("outcome", report.outcome().name());
		map.put("deadlineExceeded", report.deadlineExceeded());
		putIfPresent(map, "exitCode", report.exitCode());
		List<Object> stages = new ArrayList<>();
		for (StageTiming stage : report.stages()) {
			Map<String, Object> item = new LinkedHashMap<>();
			item.put("stage", stage.stage().name());
			item.put("startMillis", stage.start().toMillis());
			putIfPresent(item, "durationMillis", millis(stage.duration()));
			stages.add(item);
		}
		map.put("stages", stages);
		List<Object> phases = new ArrayList<>();
		for (PhaseTiming phase : report.phases()) {
			Map<String, Object> item = new LinkedHashMap<>();
			item.put("phase", phase.phase());
			putIfPresent(item, "name", phase.name());
			item.put("timeoutMillis", phase.timeout().toMillis());
			item.put("startMillis", phase.start().toMillis());
			putIfPresent(item, "durationMillis", millis(phase.duration()));
			item.put("timedOut", phase.timedOut());
			List<Object> beans = new ArrayList<>();
			for (BeanTiming bean : phase.beans()) {
				Map<String, Object> beanItem = new LinkedHashMap<>();
				beanItem.put("name", bean.name());
				beanItem.put("type", bean.type());
				putIfPresent(beanItem, "durationMillis", millis(bean.duration()));
				beans.add(beanItem);
			}
			item.put("beans", beans);
			phases.add(item);
		}
		map.put("phases", phases);
		List<Object> hooks = new ArrayList<>();
		for (HookTiming hook : report.hooks()) {
			Map<String, Object> item = new LinkedHashMap<>();
			item.put("name", hook.name());
			item.put("when", hook.when());
			putIfPresent(item, "durationMillis", millis(hook.duration()));
			item.put("outcome", hook.outcome().name());
			putIfPresent(item, "failure", hook.failure());
			hooks.add(item);
		}
		map.put("hooks", hooks);
		RequestCounts requests = report.requests();
		Map<String, Object> counts = new LinkedHashMap<>();
		counts.put("atDrainStart", requests.atDrainStart());
		counts.put("peak", requests.peak());
		counts.put("servedDuringDrain", requests.servedDuringDrain());
		counts.put("atDrainEnd", requests.atDrainEnd());
		map.put("requests", counts);
		map.put("stragglers", new ArrayList<Object>(report.stragglers()));
		List<Object> children = new ArrayList<>();
		for (ChildProcess child : report.childProcesses()) {
			Map<String, Object> item = new LinkedHashMap<>();
			item.put("pid", child.pid());
			item.put("command", child.command());
			item.put("outcome", child.outcome().name());
			children.add(item);
		}
		map.put("childProcesses", children);
		return map;
	}

	/**
	 * Read a report from the nested maps and lists of its JSON form. Members this version
	 * does not know are ignored.
	 * @param map the map
	 * @return the report
	 * @throws InvalidShutdownReportException if a member is missing or wrong
	 */
	public static ShutdownReport fromMap(Map<String, ?> map) {
		Fields root = new Fields(map, "");
		long format = root.requiredLong("format");
		if (format != FORMAT) {
			throw new InvalidShutdownReportException(
					"unknown format " + format + " (this version reads format " + FORMAT + ")");
		}
		List<StageTiming> stages = new ArrayList<>();
		for (Fields stage : root.objects("stages")) {
			stages.add(new StageTiming(stage.requiredEnum("stage", ShutdownStage.class),
					stage.requiredMillis("startMillis"), stage.optionalMillis("durationMillis")));
		}
		List<PhaseTiming> phases = new ArrayList<>();
		for (Fields phase : root.objects("phases")) {
			List<BeanTiming> beans = new ArrayList<>();
			for (Fields bean : phase.objects("beans")) {
				beans.add(new BeanTiming(bean.requiredString("name"), bean.requiredString("type"),
						bean.optionalMillis("durationMillis")));
			}
			long number = phase.requiredLong("phase");
			if (number < Integer.MIN_VALUE || number > Integer.MAX_VALUE) {
				throw new InvalidShutdownReportException(phase.path("phase") + " is not a lifecycle phase: " + number);
			}
			phases.add(new PhaseTiming((int) number, phase.optionalString("name"),
					phase.requiredMillis("timeoutMillis"), phase.requiredMillis("startMillis"),
					phase.optionalMillis("durationMillis"), phase.requiredBoolean("timedOut"), beans));
		}
		List<HookTiming> hooks = new ArrayList<>();
		for (Fields hook : root.objects("hooks")) {
			hooks.add(new HookTiming(hook.requiredString("name"), hook.requiredString("when"),
					hook.optionalMillis("durationMillis"), hook.requiredEnum("outcome", HookOutcome.class),
					hook.optionalString("failure")));
		}
		Fields counts = root.object("requests");
		RequestCounts requests = new RequestCounts(counts.requiredLong("atDrainStart"), counts.requiredLong("peak"),
				counts.requiredLong("servedDuringDrain"), counts.requiredLong("atDrainEnd"));
		List<ChildProcess> children = new ArrayList<>();
		for (Fields child : root.objects("childProcesses")) {
			children.add(new ChildProcess(child.requiredLong("pid"), child.requiredString("command"),
					child.requiredEnum("outcome", ChildProcessOutcome.class)));
		}
		Long exitCode = root.optionalLong("exitCode");
		return new ShutdownReport(root.requiredString("id"), root.requiredEnum("reason", ShutdownReason.class),
				root.requiredString("origin"), root.optionalString("detail"), root.requiredInstant("requestedAt"),
				root.requiredMillis("deadlineMillis"), root.requiredMillis("durationMillis"),
				root.requiredEnum("outcome", ShutdownOutcome.class), (exitCode != null) ? exitCode.intValue() : null,
				stages, phases, hooks, requests, root.strings("stragglers"), children);
	}

	private static @Nullable Long millis(@Nullable Duration duration) {
		return (duration != null) ? duration.toMillis() : null;
	}

	private static void putIfPresent(Map<String, Object> map, String key, @Nullable Object value) {
		if (value != null) {
			map.put(key, value);
		}
	}

	/**
	 * The members of one JSON object, read with the path to them for error messages.
	 */
	private static final class Fields {

		private final Map<String, ?> map;

		private final String path;

		Fields(Map<String, ?> map, String path) {
			this.map = map;
			this.path = path;
		}

		String path(String key) {
			return "'" + this.path + key + "'";
		}

		private Object required(String key) {
			Object value = this.map.get(key);
			if (value == null) {
				throw new InvalidShutdownReportException(path(key) + " is missing");
			}
			return value;
		}

		private <T> T required(String key, Class<T> type, String what) {
			Object value = required(key);
			if (!type.isInstance(value)) {
				throw new InvalidShutdownReportException(path(key) + " must be " + what + ", not " + value);
			}
			return type.cast(value);
		}

		String requiredString(String key) {
			return required(key, String.class, "a string");
		}

		@Nullable String optionalString(String key) {
			return (this.map.get(key) != null) ? requiredString(key) : null;
		}

		boolean requiredBoolean(String key) {
			return required(key, Boolean.class, "true or false");
		}

		long requiredLong(String key) {
			Object value = required(key);
			if (!(value instanceof Long number)) {
				throw new InvalidShutdownReportException(path(key) + " must be a whole number, not " + value);
			}
			return number;
		}

		@Nullable Long optionalLong(String key) {
			return (this.map.get(key) != null) ? requiredLong(key) : null;
		}

		Duration requiredMillis(String key) {
			long millis = requiredLong(key);
			if (millis < 0) {
				throw new InvalidShutdownReportException(path(key) + " must not be negative, not " + millis);
			}
			return Duration.ofMillis(millis);
		}

		@Nullable Duration optionalMillis(String key) {
			return (this.map.get(key) != null) ? requiredMillis(key) : null;
		}

		Instant requiredInstant(String key) {
			String text = requiredString(key);
			try {
				return Instant.parse(text);
			}
			catch (DateTimeParseException ex) {
				throw new InvalidShutdownReportException(
						path(key) + " must be an ISO-8601 instant, not '" + text + "'");
			}
		}

		<E extends Enum<E>> E requiredEnum(String key, Class<E> type) {
			String text = requiredString(key);
			try {
				return Enum.valueOf(type, text);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidShutdownReportException(
						path(key) + " must be one of " + List.of(type.getEnumConstants()) + ", not '" + text + "'");
			}
		}

		Fields object(String key) {
			Map<?, ?> value = required(key, Map.class, "an object");
			return new Fields(stringKeys(value), this.path + key + ".");
		}

		List<Fields> objects(String key) {
			List<Fields> objects = new ArrayList<>();
			List<?> items = list(key);
			for (int i = 0; i < items.size(); i++) {
				String itemPath = this.path + key + "[" + i + "]";
				if (!(items.get(i) instanceof Map<?, ?> item)) {
					throw new InvalidShutdownReportException("'" + itemPath + "' must be an object");
				}
				objects.add(new Fields(stringKeys(item), itemPath + "."));
			}
			return objects;
		}

		List<String> strings(String key) {
			List<String> strings = new ArrayList<>();
			List<?> items = list(key);
			for (int i = 0; i < items.size(); i++) {
				if (!(items.get(i) instanceof String text)) {
					throw new InvalidShutdownReportException("'" + this.path + key + "[" + i + "]' must be a string");
				}
				strings.add(text);
			}
			return strings;
		}

		private List<?> list(String key) {
			Object value = this.map.get(key);
			if (value == null) {
				return List.of();
			}
			if (!(value instanceof List<?> list)) {
				throw new InvalidShutdownReportException(path(key) + " must be an array");
			}
			return list;
		}

		@SuppressWarnings("unchecked")
		private static Map<String, ?> stringKeys(Map<?, ?> map) {
			// JSON objects only ever have String keys.
			return (Map<String, ?>) map;
		}

	}

}
