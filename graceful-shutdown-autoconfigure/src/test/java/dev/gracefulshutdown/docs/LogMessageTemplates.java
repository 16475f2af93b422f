package dev.gracefulshutdown.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.gracefulshutdown.docs.MessagePart.Glob;

import static dev.gracefulshutdown.docs.JavaSourceText.lineOf;
import static dev.gracefulshutdown.docs.JavaSourceText.matchingParenthesis;
import static dev.gracefulshutdown.docs.JavaSourceText.splitTopLevel;
import static dev.gracefulshutdown.docs.JavaSourceText.stripComments;

/**
 * The messages the starter's code logs, read from its source: the argument of every
 * {@code logger.info(...)} (and the other levels) in {@code src/main/java}, as a glob
 * ({@link MessageExpressions} turns the argument into one). Reading the source rather
 * than copying its text keeps one source of truth: a changed message changes the glob.
 */
final class LogMessageTemplates {

	private static final Pattern LOG_CALL = Pattern.compile("\\blogger\\s*\\.\\s*(trace|debug|info|warn|error)\\s*\\(");

	private static final Pattern CATEGORY = Pattern
		.compile("\\bLog\\s+logger\\s*=\\s*LogFactory\\.getLog\\(\\s*(\\w+)\\.class\\s*\\)");

	private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE);

	/**
	 * Fewer fixed characters than this in a message's first line and it says too little
	 * to check a quote against (a message that is only a variable, for example).
	 */
	private static final int MINIMUM_FIXED = 12;

	private final List<SourceFile> files = new ArrayList<>();

	private final List<Template> templates = new ArrayList<>();

	private LogMessageTemplates(Path sourceRoot) {
		try (Stream<Path> paths = Files.walk(sourceRoot)) {
			for (Path path : paths.filter((p) -> p.toString().endsWith(".java")).toList()) {
				String text = Files.readString(path);
				Matcher pkg = PACKAGE.matcher(text);
				String packageName = pkg.find() ? pkg.group(1) : "";
				String simpleName = path.getFileName().toString().replace(".java", "");
				this.files.add(new SourceFile(sourceRoot.relativize(path).toString().replace('\\', '/'),
						packageName + "." + simpleName, stripComments(text)));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		MessageExpressions expressions = new MessageExpressions(this.files);
		for (SourceFile file : this.files) {
			collect(file, expressions);
		}
	}

	/**
	 * Read the templates of every log call under the given source root.
	 * @param sourceRoot {@code src/main/java}
	 * @return the templates
	 */
	static LogMessageTemplates read(Path sourceRoot) {
		return new LogMessageTemplates(sourceRoot);
	}

	/**
	 * Return the templates precise enough to check a quote against.
	 * @return the templates
	 */
	List<Template> templates() {
		return this.templates;
	}

	/**
	 * Return the fully qualified names of the classes of the starter.
	 * @return the names
	 */
	List<String> classNames() {
		return this.files.stream().map(SourceFile::className).sorted().toList();
	}

	private void collect(SourceFile file, MessageExpressions expressions) {
		Matcher category = CATEGORY.matcher(file.text());
		if (!category.find()) {
			return;
		}
		SourceFile categoryFile = expressions.fileOf(category.group(1));
		String categoryName = (categoryFile != null) ? categoryFile.className() : category.group(1);
		Matcher call = LOG_CALL.matcher(file.text());
		while (call.find()) {
			int open = call.end() - 1;
			int close = matchingParenthesis(file.text(), open);
			List<String> arguments = splitTopLevel(file.text().substring(open + 1, close), ',');
			MessagePart message = expressions.parse(arguments.get(0), file);
			String level = call.group(1).toUpperCase(Locale.ROOT);
			int line = lineOf(file.text(), call.start());
			Template template = new Template(categoryName, level, file.path() + ":" + line, message);
			if (template.fixedCharacters() >= MINIMUM_FIXED) {
				this.templates.add(template);
			}
		}
	}

	/**
	 * The message of one log call.
	 *
	 * @param category the logger's category (a class name)
	 * @param level the level
	 * @param location the source file and line of the call
	 * @param message the message
	 */
	record Template(String category, String level, String location, MessagePart message) {

		/**
		 * Return the first lines this call can log, as globs.
		 * @return the globs, with {@link MessagePart#ANY} for a variable part
		 */
		List<String> globs() {
			return this.message.firstLines().stream().map(Glob::text).distinct().toList();
		}

		String display() {
			return globs().stream()
				.map((glob) -> glob.replace(String.valueOf(MessagePart.ANY), "{}"))
				.collect(Collectors.joining("\" | \""));
		}

		int fixedCharacters() {
			return this.message.fixedCharacters();
		}

		@Override
		public String toString() {
			return this.location + " " + this.level + " \"" + display() + "\"";
		}

	}

}
