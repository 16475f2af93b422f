package dev.gracefulshutdown.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * The log lines quoted in the docs: the lines of every fenced block with the language
 * {@code log} in {@code README.md} and {@code docs/*.md}. A line is one of:
 * <ul>
 * <li>a header: an optional time, a level, an optional {@code [thread]}, a logger name
 * and an optional {@code :}, then the message;</li>
 * <li>a continuation of the event above it: a line that starts with white space, a blank
 * line, an exception's class and message, or a stack frame;</li>
 * <li>a bare message: any other line. In a block without headers it is a message of the
 * starter shown without its header; in a block with headers it is output of something
 * else (the application's {@code System.out}) and not checked.</li>
 * </ul>
 * {@code ...} in a quoted line stands for text left out.
 */
final class QuotedLogLines {

	private static final Pattern FENCE = Pattern.compile("^\\s*```\\s*(\\S*)\\s*$");

	static final Pattern HEADER = Pattern
		.compile("^(?:\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{3})?\\s+)?(TRACE|DEBUG|INFO|WARN|ERROR)"
				+ "\\s+(?:\\[[^\\]]*\\]\\s+)?([A-Za-z_$][\\w$]*(?:\\.[\\w$]+)+)\\s+(?::\\s+)?(.*)$");

	private static final Pattern EXCEPTION = Pattern
		.compile("^(?:Caused by: )?[a-z][\\w$]*(?:\\.[\\w$]+)*\\.[A-Z][\\w$]*(?:Exception|Error|Throwable)(?::.*)?$");

	private QuotedLogLines() {
	}

	/**
	 * Read the log blocks of the given Markdown files.
	 * @param root the directory the names are relative to
	 * @param files the files
	 * @return the events quoted in them, in order
	 */
	static List<QuotedEvent> read(Path root, List<Path> files) {
		List<QuotedEvent> events = new ArrayList<>();
		for (Path file : files) {
			List<String> lines = lines(file);
			String name = root.relativize(file).toString().replace('\\', '/');
			int i = 0;
			while (i < lines.size()) {
				Matcher fence = FENCE.matcher(lines.get(i));
				if (!fence.matches()) {
					i++;
					continue;
				}
				int end = i + 1;
				while (end < lines.size() && !lines.get(end).trim().equals("```")) {
					end++;
				}
				if (fence.group(1).equals("log")) {
					events.addAll(block(name, lines, i + 1, end));
				}
				i = end + 1;
			}
		}
		return events;
	}

	/**
	 * Return the lines of the given Markdown files, outside the {@code log} blocks, that
	 * look like a log line's header.
	 * @param root the directory the names are relative to
	 * @param files the files
	 * @return the lines, as {@code file:line: text}
	 */
	static List<QuotedLine> headersOutsideLogBlocks(Path root, List<Path> files) {
		List<QuotedLine> found = new ArrayList<>();
		for (Path file : files) {
			List<String> lines = lines(file);
			String name = root.relativize(file).toString().replace('\\', '/');
			boolean inBlock = false;
			boolean logBlock = false;
			for (int i = 0; i < lines.size(); i++) {
				Matcher fence = FENCE.matcher(lines.get(i));
				if (fence.matches()) {
					if (!inBlock) {
						inBlock = true;
						logBlock = fence.group(1).equals("log");
					}
					else if (fence.group(1).isEmpty()) {
						inBlock = false;
					}
					continue;
				}
				if (!logBlock || !inBlock) {
					// Inline code too: `INFO ... d.g.core...` in a sentence.
					for (String candidate : inBlock ? List.of(lines.get(i)) : backticked(lines.get(i))) {
						if (HEADER.matcher(candidate.trim()).matches()) {
							found.add(new QuotedLine(name, i + 1, candidate.trim()));
						}
					}
				}
			}
		}
		return found;
	}

	/**
	 * Return the inline code of the given Markdown files, outside fenced blocks, with
	 * line breaks and indentation inside a span made single spaces.
	 * @param root the directory the names are relative to
	 * @param files the files
	 * @return the spans, each with the line it starts on
	 */
	static List<QuotedLine> inlineQuotes(Path root, List<Path> files) {
		List<QuotedLine> quotes = new ArrayList<>();
		for (Path file : files) {
			List<String> lines = lines(file);
			String name = root.relativize(file).toString().replace('\\', '/');
			StringBuilder prose = new StringBuilder();
			boolean inBlock = false;
			for (String line : lines) {
				boolean fence = FENCE.matcher(line).matches();
				if (fence) {
					inBlock = !inBlock;
				}
				// Blocks become empty lines, so that line numbers stay right.
				prose.append((fence || inBlock) ? "" : line).append('\n');
			}
			Matcher span = Pattern.compile("`([^`]+)`").matcher(prose);
			while (span.find()) {
				int number = (int) prose.substring(0, span.start()).chars().filter((c) -> c == '\n').count() + 1;
				quotes.add(new QuotedLine(name, number, span.group(1).replaceAll("\\s+", " ").trim()));
			}
		}
		return quotes;
	}

	private static List<String> backticked(String line) {
		List<String> spans = new ArrayList<>();
		Matcher span = Pattern.compile("`([^`]+)`").matcher(line);
		while (span.find()) {
			spans.add(span.group(1));
		}
		return spans;
	}

	private static List<QuotedEvent> block(String file, List<String> lines, int start, int end) {
		boolean headers = false;
		for (int i = start; i < end; i++) {
			headers |= HEADER.matcher(lines.get(i)).matches();
		}
		List<QuotedEvent> events = new ArrayList<>();
		QuotedEvent current = null;
		for (int i = start; i < end; i++) {
			String text = lines.get(i);
			Matcher header = HEADER.matcher(text);
			if (header.matches()) {
				current = new QuotedEvent(new QuotedLine(file, i + 1, text), header.group(1), header.group(2),
						header.group(3), new ArrayList<>());
				events.add(current);
			}
			else if (current != null && isContinuation(text)) {
				current.continuation().add(new QuotedLine(file, i + 1, text));
			}
			else if (!headers) {
				current = new QuotedEvent(new QuotedLine(file, i + 1, text), null, null, text.trim(),
						new ArrayList<>());
				events.add(current);
			}
			else {
				// Output of something else, between log lines.
				current = null;
			}
		}
		return events;
	}

	private static boolean isContinuation(String text) {
		return text.isBlank() || Character.isWhitespace(text.charAt(0)) || EXCEPTION.matcher(text).matches()
				|| text.trim().equals("...");
	}

	/**
	 * Return whether a continuation line is a part of a stack trace or thread dump (a
	 * frame, a thread, an elision), whose content is the JVM's, not the starter's.
	 * @param text the line
	 * @return whether it is
	 */
	static boolean isStackLine(String text) {
		String trimmed = text.trim();
		return trimmed.isEmpty() || trimmed.startsWith("at ") || trimmed.equals("...")
				|| (trimmed.startsWith("[") && trimmed.endsWith("]") && trimmed.contains("..."))
				|| trimmed.matches("\"[^\"]*\" [A-Z_]+( daemon)?") || trimmed.startsWith("- locked ")
				|| trimmed.startsWith("waiting on ") || trimmed.startsWith("holds ")
				|| trimmed.matches("\\.\\.\\. \\d+ more") || EXCEPTION.matcher(trimmed).matches();
	}

	private static List<String> lines(Path file) {
		try {
			return Files.readAllLines(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return the Markdown files of the project's docs.
	 * @param docs the {@code docs} directory
	 * @return {@code README.md} and {@code docs/*.md}
	 */
	static List<Path> markdownFiles(Path docs) {
		List<Path> files = new ArrayList<>();
		files.add(docs.resolveSibling("README.md"));
		try (Stream<Path> paths = Files.list(docs)) {
			paths.filter((path) -> path.toString().endsWith(".md")).sorted().forEach(files::add);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return files;
	}

	/**
	 * A line of a doc.
	 *
	 * @param file the file, relative to the project
	 * @param number the line number, from 1
	 * @param text the text
	 */
	record QuotedLine(String file, int number, String text) {

		@Override
		public String toString() {
			return this.file + ":" + this.number + ": " + this.text;
		}

	}

	/**
	 * A log event quoted in a doc.
	 *
	 * @param first its first line
	 * @param level its level, {@code null} for a bare message
	 * @param logger its logger, as printed (abbreviated), {@code null} for a bare message
	 * @param message the message's first line
	 * @param continuation the lines that follow it
	 */
	record QuotedEvent(QuotedLine first, @Nullable String level, @Nullable String logger, String message,
			List<QuotedLine> continuation) {

	}

}
