package dev.gracefulshutdown.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.gracefulshutdown.docs.LogMessageTemplates.Template;
import dev.gracefulshutdown.docs.QuotedLogLines.QuotedEvent;
import dev.gracefulshutdown.docs.QuotedLogLines.QuotedLine;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.gracefulshutdown.docs.LogLineMatching.closest;
import static dev.gracefulshutdown.docs.LogLineMatching.firstLine;
import static dev.gracefulshutdown.docs.LogLineMatching.matches;
import static dev.gracefulshutdown.docs.LogLineMatching.normalize;
import static dev.gracefulshutdown.docs.LogLineMatching.sameLine;
import static dev.gracefulshutdown.docs.LogLineMatching.sharesText;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the log lines quoted in {@code README.md} and {@code docs/*.md} true: every line
 * of a {@code log} block that a logger of the starter wrote must be one the code can
 * still write. A line passes when it matches a message of the starter's source
 * ({@link LogMessageTemplates}), or a line that the code wrote for real here, in a few
 * shutdowns run in this JVM ({@link LogLineShutdowns}: the summary table, the phases
 * line, hang reports and others whose text is assembled away from the log call). Times,
 * ids, numbers, class names and quoted names are not compared ({@link LogLineMatching});
 * {@code ...} in a quoted line stands for text left out. A line that matches nothing
 * fails the test, naming the file, the line, the closest format string of the code and
 * the closest line written here.
 */
class LogLinesDocumentationTests {

	private static List<ILoggingEvent> produced = List.of();

	private static @Nullable LogMessageTemplates messages;

	@BeforeAll
	static void produceLogLines(@TempDir Path temp) throws Exception {
		messages = LogMessageTemplates.read(mainSources());
		produced = LogLineShutdowns.run(temp);
	}

	@AfterAll
	static void forget() {
		produced = List.of();
		messages = null;
	}

	@Test
	void everyQuotedLogLineOfTheStarterCanBeWrittenByTheCode() {
		Path docs = docsDirectory();
		LogMessageTemplates code = templates();
		List<QuotedEvent> quoted = QuotedLogLines.read(docs.getParent(), QuotedLogLines.markdownFiles(docs));
		assertThat(quoted).as("log lines quoted in log blocks").hasSizeGreaterThan(50);
		List<String> problems = new ArrayList<>();
		int checked = 0;
		for (QuotedEvent event : quoted) {
			String category = category(event, code, problems);
			if (category == null) {
				continue;
			}
			checked++;
			String problem = checkFirstLine(event, category, code, docs.getParent());
			if (problem != null) {
				problems.add(problem);
			}
			for (QuotedLine line : event.continuation()) {
				if (!QuotedLogLines.isStackLine(line.text()) && !producedContinuation(category, line.text())) {
					problems.add(line + "\n    no line that " + simpleName(category)
							+ " writes below a message looks like it; closest written here: "
							+ closest(line.text(), producedContinuations(category), Function.identity())
								.orElse("none"));
				}
			}
		}
		assertThat(checked).as("quoted log lines of the starter").isGreaterThan(40);
		assertThat(problems).as("quoted log lines that the code cannot write").isEmpty();
	}

	@Test
	void logLinesAreQuotedOnlyInLogBlocks() {
		Path docs = docsDirectory();
		assertThat(QuotedLogLines.headersOutsideLogBlocks(docs.getParent(), QuotedLogLines.markdownFiles(docs)))
			.as("log lines outside a ```log block, where nothing checks them")
			.isEmpty();
	}

	@Test
	void inlineQuotesOfLogMessagesMatchTheCode() {
		Path docs = docsDirectory();
		LogMessageTemplates code = templates();
		List<String> written = produced.stream()
			.map((event) -> normalize(firstLine(event.getFormattedMessage())))
			.distinct()
			.toList();
		List<String> problems = new ArrayList<>();
		int checked = 0;
		for (QuotedLine quote : QuotedLogLines.inlineQuotes(docs.getParent(), QuotedLogLines.markdownFiles(docs))) {
			// <id>, <n>: placeholders; and a quote may stop anywhere.
			String text = quote.text().replaceAll("<[^>]+>", "...");
			String glob = Globs.ofQuote(text) + MessagePart.ANY;
			String normalized = Globs.ofQuote(normalize(text)) + MessagePart.ANY;
			// Only the messages it starts like: one that starts with a variable part
			// would take any quote that may stop anywhere.
			List<Template> templates = code.templates()
				.stream()
				.filter((template) -> template.globs().stream().anyMatch((candidate) -> sharesText(glob, candidate)))
				.toList();
			List<String> lines = written.stream().filter((line) -> sharesText(normalized, line)).toList();
			if (templates.isEmpty() && lines.isEmpty()) {
				continue;
			}
			checked++;
			boolean matches = templates.stream()
				.flatMap((template) -> template.globs().stream())
				.anyMatch((candidate) -> Globs.quotes(glob, candidate))
					|| lines.stream().anyMatch((line) -> Globs.quotesLine(normalized, line));
			if (!matches) {
				problems.add(quote + "\n    starts like a log message of the starter but matches none."
						+ "\n    Closest format string in the code: "
						+ closest(quote.text(), templates.isEmpty() ? code.templates() : templates, Template::display)
							.orElse("none")
						+ "\n    Closest line the code wrote here: "
						+ closest(quote.text(), lines.isEmpty() ? written : lines, Function.identity()).orElse("none"));
			}
		}
		assertThat(checked).as("inline quotes of log messages").isGreaterThan(20);
		assertThat(problems).as("inline quotes of log messages that the code cannot write").isEmpty();
	}

	private static LogMessageTemplates templates() {
		LogMessageTemplates read = messages;
		assertThat(read).as("messages read from the source").isNotNull();
		return read;
	}

	/**
	 * Return the category of the starter that a quoted event is from, {@code null} for
	 * another logger's (the application's, the web server's).
	 */
	private static @Nullable String category(QuotedEvent event, LogMessageTemplates code, List<String> problems) {
		String logger = event.logger();
		if (logger == null) {
			return "";
		}
		String[] parts = logger.split("\\.");
		if (!parts[0].equals("d") && !parts[0].equals("dev")) {
			return null;
		}
		List<String> matches = code.classNames()
			.stream()
			.filter((name) -> abbreviates(parts, name.split("\\.")))
			.toList();
		if (matches.size() == 1) {
			return matches.get(0);
		}
		if (matches.isEmpty()
				&& (logger.contains(".sample.") || !logger.matches("d(ev)?\\.g(racefulshutdown)?\\..*"))) {
			// The sample application's loggers.
			return null;
		}
		problems.add(event.first() + "\n    logger " + logger + " is " + (matches.isEmpty() ? "no class" : matches)
				+ " of the starter");
		return null;
	}

	private static boolean abbreviates(String[] abbreviated, String[] name) {
		if (abbreviated.length != name.length || !abbreviated[name.length - 1].equals(name[name.length - 1])) {
			return false;
		}
		for (int i = 0; i < name.length - 1; i++) {
			if (!name[i].startsWith(abbreviated[i])) {
				return false;
			}
		}
		return true;
	}

	private static @Nullable String checkFirstLine(QuotedEvent event, String category, LogMessageTemplates code,
			Path root) {
		String message = event.message();
		List<Template> candidates = code.templates()
			.stream()
			.filter((template) -> category.isEmpty() || template.category().equals(category))
			.filter((template) -> event.level() == null || template.level().equals(event.level()))
			.toList();
		for (Template template : candidates) {
			if (matches(template, message)) {
				return null;
			}
		}
		for (ILoggingEvent written : produced) {
			if ((category.isEmpty() || written.getLoggerName().equals(category))
					&& (event.level() == null || written.getLevel().toString().equals(event.level()))
					&& sameLine(message, firstLine(written.getFormattedMessage()))) {
				return null;
			}
		}
		if (category.endsWith(".ShutdownCoordinator") && finalMessageOfTheExample(event, root)) {
			return null;
		}
		List<Template> sameLogger = code.templates()
			.stream()
			.filter((template) -> category.isEmpty() || template.category().equals(category))
			.toList();
		List<String> writtenHere = produced.stream()
			.filter((written) -> category.isEmpty() || written.getLoggerName().equals(category))
			.filter((written) -> event.level() == null || written.getLevel().toString().equals(event.level()))
			.map((written) -> written.getLevel() + " " + firstLine(written.getFormattedMessage()))
			.distinct()
			.toList();
		return event.first() + "\n    no message of " + (category.isEmpty() ? "the starter" : simpleName(category))
				+ " at " + ((event.level() != null) ? event.level() : "any level")
				+ " matches it.\n    Closest format string in the code: "
				+ closest(message, sameLogger.isEmpty() ? code.templates() : sameLogger, Template::display)
					.orElse("none")
				+ "\n    Closest line the code wrote here: "
				+ closest(message, writtenHere, Function.identity()).orElse("none");
	}

	/**
	 * A final message is the application's text ({@code ShutdownRequest}'s
	 * {@code finalMessages}): it is true when the doc's own example passes it.
	 */
	private static boolean finalMessageOfTheExample(QuotedEvent event, Path root) {
		try {
			String doc = Files.readString(root.resolve(event.first().file()));
			return "INFO".equals(event.level()) && doc.contains("\"" + event.message() + "\"");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static boolean producedContinuation(String category, String line) {
		return producedContinuations(category).stream().anyMatch((written) -> sameLine(line, written));
	}

	private static List<String> producedContinuations(String category) {
		return produced.stream()
			.filter((event) -> category.isEmpty() || event.getLoggerName().equals(category))
			.flatMap((event) -> event.getFormattedMessage().lines().skip(1))
			.distinct()
			.toList();
	}

	private static String simpleName(String className) {
		return className.substring(className.lastIndexOf('.') + 1);
	}

	private static Path docsDirectory() {
		String configured = System.getProperty("docs.directory");
		return ((configured != null) ? Path.of(configured) : Path.of("..", "docs")).toAbsolutePath().normalize();
	}

	private static Path mainSources() {
		return Path.of("src", "main", "java").toAbsolutePath();
	}

}
