package dev.gracefulshutdown.docs;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import dev.gracefulshutdown.docs.LogMessageTemplates.Template;

/**
 * Whether a quoted log line matches a message of the code or a line the code wrote, and
 * which candidate is closest when none matches. Times, ids, numbers, class names and
 * quoted names are not compared ({@link #normalize}); {@code ...} in a quoted line stands
 * for text left out.
 */
final class LogLineMatching {

	/**
	 * A template counts as a match only when its fixed text is at least this share of the
	 * quoted message: {@code "Shutdown budget: " + reason} would match any text after
	 * those words.
	 */
	private static final double MINIMUM_FIXED_SHARE = 0.15;

	/**
	 * An inline quote ({@code `Graceful shutdown started`}) is taken for a quote of a log
	 * message when it starts with this many characters of one. Fewer, and
	 * {@code Shutdown phase } would take Spring's own message for the starter's.
	 */
	private static final int INLINE_RECOGNIZED = 16;

	private static final Pattern UUID = Pattern
		.compile("\\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b");

	private static final Pattern SHORTENED_ID = Pattern.compile("\\b[0-9a-f]{4,}[0-9a-f-]*(?:\\.\\.\\.|…)");

	private static final Pattern CLASS_NAME = Pattern.compile("\\b[a-z][\\w]*(?:\\.[a-z_][\\w]*)+\\.[A-Z][\\w$]*");

	private static final Pattern QUOTED_NAME = Pattern.compile("(?<!\\w)'[^']*'(?!\\w)");

	private static final Pattern NUMBER = Pattern.compile("-?\\d+");

	private LogLineMatching() {
	}

	/**
	 * Return whether a quote starts like a message, enough to be taken for a quote of it.
	 * A placeholder of {@link #normalize} ({@code <n>}) is not text they share.
	 */
	static boolean sharesText(String quote, String message) {
		String lead = Globs.lead(quote);
		int placeholder = lead.indexOf('<');
		lead = (placeholder < 0) ? lead : lead.substring(0, placeholder);
		int common = 0;
		while (common < lead.length() && common < message.length() && lead.charAt(common) == message.charAt(common)) {
			common++;
		}
		return common >= INLINE_RECOGNIZED;
	}

	/**
	 * Return whether the message matches the template: its fixed text, with anything in
	 * place of its variable parts and of the text the quote left out.
	 */
	static boolean matches(Template template, String message) {
		String quote = Globs.ofQuote(message);
		return template.fixedCharacters() >= MINIMUM_FIXED_SHARE * message.length()
				&& template.globs().stream().anyMatch((glob) -> Globs.quotes(quote, glob));
	}

	/**
	 * Return whether a quoted line is a line the code wrote, but for the variable parts.
	 */
	static boolean sameLine(String quoted, String written) {
		return Globs.quotesLine(Globs.ofQuote(normalize(quoted)), normalize(written));
	}

	static String normalize(String line) {
		String result = UUID.matcher(line).replaceAll("<id>");
		result = SHORTENED_ID.matcher(result).replaceAll("<id>");
		result = CLASS_NAME.matcher(result).replaceAll("<class>");
		result = QUOTED_NAME.matcher(result).replaceAll("'<name>'");
		result = NUMBER.matcher(result).replaceAll("<n>");
		return result.replaceAll("\\s+", " ").trim();
	}

	static String firstLine(String message) {
		int lineBreak = message.indexOf('\n');
		return (lineBreak < 0) ? message : message.substring(0, lineBreak);
	}

	static <T> Optional<String> closest(String line, List<T> candidates, Function<T, String> text) {
		return candidates.stream()
			.min(Comparator
				.comparingDouble((T candidate) -> distance(normalize(line), normalize(text.apply(candidate)))))
			.map((candidate) -> (candidate instanceof Template template) ? template.toString()
					: "\"" + text.apply(candidate) + "\"");
	}

	/**
	 * Return the edit distance of two texts, as a share of the longer one's length, so
	 * that a short text is not the closest to everything.
	 */
	private static double distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()] / (double) Math.max(1, Math.max(a.length(), b.length()));
	}

}
