package dev.gracefulshutdown.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * The messages the starter's code logs, read from its source: the argument of every
 * {@code logger.info(...)} (and the other levels) in {@code src/main/java}, as a glob.
 * String literals are the fixed text; a conditional between texts
 * ({@code (n > 1) ? "s" : ""}) is either text; a method of the starter that returns a
 * string, a string constant and a local string variable are followed to what they hold,
 * when the name is unambiguous; {@code System.lineSeparator()} ends the first line;
 * anything else (a count, a name, a duration) is a variable part. Reading the source
 * rather than copying its text keeps one source of truth: a changed message changes the
 * glob.
 */
final class LogMessageTemplates {

	private static final Pattern LOG_CALL = Pattern.compile("\\blogger\\s*\\.\\s*(trace|debug|info|warn|error)\\s*\\(");

	private static final Pattern CATEGORY = Pattern
		.compile("\\bLog\\s+logger\\s*=\\s*LogFactory\\.getLog\\(\\s*(\\w+)\\.class\\s*\\)");

	private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE);

	private static final Pattern MEMBER_CALL = Pattern
		.compile("^(?:this\\.)?[a-z]\\w*(?:\\(\\))?(?:\\.[a-z]\\w*(?:\\(\\))?)*\\.([a-z]\\w*)\\s*\\(");

	private static final Pattern METHOD_DECLARATION = Pattern
		.compile("([\\w.$]+(?:<[^;{}()=]*>)?(?:\\[\\])?)\\s+(\\w+)\\s*\\([^)]*\\)\\s*(?:throws\\s[^{;]*)?[{;]");

	private static final Pattern RECORD_HEADER = Pattern.compile("\\brecord\\s+\\w+(?:<[^>]*>)?\\s*\\(([^)]*)\\)");

	private static final Set<String> KEYWORDS = Set.of("return", "new", "throw", "else", "case", "yield");

	private static final Pattern CALL = Pattern.compile("^(?:(?:this\\.)?([A-Z]\\w*)\\s*\\.\\s*)?(\\w+)\\s*\\(");

	/**
	 * Fewer fixed characters than this in a message's first line and it says too little
	 * to check a quote against (a message that is only a variable, for example).
	 */
	private static final int MINIMUM_FIXED = 12;

	private final List<SourceFile> files = new ArrayList<>();

	/**
	 * The files by the simple name of their class; two classes of one name (in two
	 * packages) are left out, as a reference by simple name cannot tell them apart.
	 */
	private final Map<String, SourceFile> filesBySimpleName = new HashMap<>();

	private final Map<String, List<Declaration>> declarations = new HashMap<>();

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
		Map<String, Long> simpleNames = this.files.stream()
			.collect(Collectors.groupingBy(SourceFile::simpleName, Collectors.counting()));
		for (SourceFile file : this.files) {
			if (simpleNames.get(file.simpleName()) == 1) {
				this.filesBySimpleName.put(file.simpleName(), file);
			}
			indexDeclarations(file);
		}
		for (SourceFile file : this.files) {
			collect(file);
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

	private void collect(SourceFile file) {
		Matcher category = CATEGORY.matcher(file.text());
		if (!category.find()) {
			return;
		}
		SourceFile categoryFile = this.filesBySimpleName.get(category.group(1));
		String categoryName = (categoryFile != null) ? categoryFile.className() : category.group(1);
		Matcher call = LOG_CALL.matcher(file.text());
		while (call.find()) {
			int open = call.end() - 1;
			int close = matchingParenthesis(file.text(), open);
			List<String> arguments = splitTopLevel(file.text().substring(open + 1, close), ',');
			Part message = parse(arguments.get(0), file, 0);
			String level = call.group(1).toUpperCase(Locale.ROOT);
			int line = lineOf(file.text(), call.start());
			Template template = new Template(categoryName, level, file.path() + ":" + line, message);
			if (template.fixedCharacters() >= MINIMUM_FIXED) {
				this.templates.add(template);
			}
		}
	}

	private Part parse(String expression, SourceFile file, int depth) {
		String expr = unwrap(expression.trim());
		int question = topLevelQuestionMark(expr);
		if (question >= 0) {
			int colon = matchingColon(expr, question);
			return new Alternatives(List.of(parse(expr.substring(question + 1, colon), file, depth),
					parse(expr.substring(colon + 1), file, depth)));
		}
		List<String> operands = splitTopLevel(expr, '+');
		if (operands.size() > 1) {
			List<Part> parts = new ArrayList<>();
			for (String operand : operands) {
				parts.add(parse(operand, file, depth));
			}
			return new Sequence(parts);
		}
		if (expr.startsWith("\"") && expr.endsWith("\"") && expr.length() >= 2) {
			return new Text(unescape(expr.substring(1, expr.length() - 1)));
		}
		if (expr.startsWith("'") && expr.endsWith("'") && expr.length() >= 3) {
			return new Text(unescape(expr.substring(1, expr.length() - 1)));
		}
		if (expr.equals("System.lineSeparator()")) {
			return new Text("\n");
		}
		if (depth < 3) {
			Part resolved = resolve(expr, file, depth + 1);
			if (resolved != null) {
				return resolved;
			}
		}
		return Variable.INSTANCE;
	}

	private @Nullable Part resolve(String expr, SourceFile file, int depth) {
		if (expr.matches("[A-Z][A-Z0-9_]*")) {
			Matcher constant = Pattern.compile("static\\s+final\\s+String\\s+" + expr + "\\s*=\\s*([^;]+);")
				.matcher(file.text());
			return constant.find() ? parse(constant.group(1), file, depth) : null;
		}
		if (expr.matches("[a-z]\\w*")) {
			// A local variable (String descendants = ...): followed when the file
			// declares
			// one string of that name only.
			List<MatchResult> declarations = Pattern.compile("\\bString\\s+" + expr + "\\s*=\\s*")
				.matcher(file.text())
				.results()
				.toList();
			if (declarations.size() != 1) {
				return null;
			}
			int start = declarations.get(0).end();
			return parse(file.text().substring(start, endOfStatement(file.text(), start)), file, depth);
		}
		Matcher call = CALL.matcher(expr);
		if (call.find() && matchingParenthesis(expr, call.end() - 1) == expr.length() - 1) {
			SourceFile target = (call.group(1) != null) ? this.filesBySimpleName.get(call.group(1)) : file;
			return (target != null) ? returnsOf(target, call.group(2), depth) : null;
		}
		Matcher member = MEMBER_CALL.matcher(expr);
		if (member.find() && matchingParenthesis(expr, member.end() - 1) == expr.length() - 1) {
			// A method of another object (tree.count(...)): followed when the starter
			// declares one method or record component of that name, and it is a string.
			List<Declaration> declared = this.declarations.getOrDefault(member.group(1), List.of());
			return (declared.size() == 1 && declared.get(0).type().equals("String"))
					? returnsOf(declared.get(0).file(), member.group(1), depth) : null;
		}
		return null;
	}

	/**
	 * Index the methods and record components of every class by name, with their types: a
	 * call on another object is followed only when its name is declared once.
	 */
	private void indexDeclarations(SourceFile file) {
		Matcher method = METHOD_DECLARATION.matcher(file.text());
		while (method.find()) {
			if (!KEYWORDS.contains(method.group(1))) {
				this.declarations.computeIfAbsent(method.group(2), (name) -> new ArrayList<>())
					.add(new Declaration(file, method.group(1)));
			}
		}
		Matcher record = RECORD_HEADER.matcher(file.text());
		while (record.find()) {
			for (String component : splitTopLevel(record.group(1), ',')) {
				String[] words = component.trim().split("\\s+");
				if (words.length >= 2) {
					this.declarations.computeIfAbsent(words[words.length - 1], (name) -> new ArrayList<>())
						.add(new Declaration(file, words[words.length - 2]));
				}
			}
		}
	}

	private static Matcher declaration(SourceFile file, String method) {
		return Pattern.compile("\\bString\\s+" + Pattern.quote(method) + "\\s*\\([^)]*\\)[^{;]*\\{")
			.matcher(file.text());
	}

	private @Nullable Part returnsOf(SourceFile target, String method, int depth) {
		Matcher declaration = declaration(target, method);
		if (!declaration.find()) {
			return null;
		}
		int bodyStart = declaration.end() - 1;
		String body = target.text().substring(bodyStart + 1, matchingBrace(target.text(), bodyStart));
		List<Part> returns = new ArrayList<>();
		Matcher returned = Pattern.compile("\\breturn\\s+").matcher(body);
		while (returned.find()) {
			int end = endOfStatement(body, returned.end());
			returns.add(parse(body.substring(returned.end(), end), target, depth));
		}
		return returns.isEmpty() ? null : new Alternatives(returns);
	}

	private static String unwrap(String expr) {
		String current = expr;
		while (current.startsWith("(") && matchingParenthesis(current, 0) == current.length() - 1) {
			current = current.substring(1, current.length() - 1).trim();
		}
		return current;
	}

	private static int topLevelQuestionMark(String expr) {
		int[] found = { -1 };
		scan(expr, (index, c, level) -> {
			if (found[0] < 0 && level == 0 && c == '?') {
				found[0] = index;
			}
		});
		return found[0];
	}

	private static int matchingColon(String expr, int question) {
		int[] state = { 0, -1 };
		scan(expr, (index, c, level) -> {
			if (index <= question || level != 0 || state[1] >= 0) {
				return;
			}
			if (c == '?') {
				state[0]++;
			}
			else if (c == ':' && !isMethodReference(expr, index)) {
				if (state[0] == 0) {
					state[1] = index;
				}
				else {
					state[0]--;
				}
			}
		});
		if (state[1] < 0) {
			throw new IllegalStateException("No ':' for the '?' in " + expr);
		}
		return state[1];
	}

	private static boolean isMethodReference(String expr, int index) {
		return (index > 0 && expr.charAt(index - 1) == ':')
				|| (index + 1 < expr.length() && expr.charAt(index + 1) == ':');
	}

	private static List<String> splitTopLevel(String expr, char separator) {
		List<String> parts = new ArrayList<>();
		int[] start = { 0 };
		scan(expr, (index, c, level) -> {
			if (level == 0 && c == separator) {
				parts.add(expr.substring(start[0], index));
				start[0] = index + 1;
			}
		});
		parts.add(expr.substring(start[0]));
		return parts;
	}

	private static int matchingParenthesis(String text, int open) {
		return matching(text, open, '(', ')');
	}

	private static int matchingBrace(String text, int open) {
		return matching(text, open, '{', '}');
	}

	private static int matching(String text, int open, char opening, char closing) {
		int[] result = { -1 };
		int[] depth = { 0 };
		scan(text.substring(open), (index, c, level) -> {
			if (result[0] >= 0) {
				return;
			}
			if (c == opening) {
				depth[0]++;
			}
			else if (c == closing && --depth[0] == 0) {
				result[0] = open + index;
			}
		});
		if (result[0] < 0) {
			throw new IllegalStateException("Unbalanced '" + opening + "' at " + open);
		}
		return result[0];
	}

	private static int endOfStatement(String text, int from) {
		int[] result = { -1 };
		scan(text.substring(from), (index, c, level) -> {
			if (result[0] < 0 && level == 0 && c == ';') {
				result[0] = from + index;
			}
		});
		return result[0];
	}

	/**
	 * Call the visitor for every character outside string and character literals, with
	 * the nesting level of brackets before it (a bracket itself is at the outer level).
	 */
	private static void scan(String text, CharVisitor visitor) {
		int level = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '"' || c == '\'') {
				i = endOfLiteral(text, i);
				continue;
			}
			if (c == ')' || c == ']' || c == '}') {
				level--;
			}
			visitor.visit(i, c, Math.max(level, 0));
			if (c == '(' || c == '[' || c == '{') {
				level++;
			}
		}
	}

	private static int endOfLiteral(String text, int start) {
		char quote = text.charAt(start);
		for (int i = start + 1; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '\\') {
				i++;
			}
			else if (c == quote) {
				return i;
			}
		}
		return text.length() - 1;
	}

	private static String stripComments(String text) {
		StringBuilder result = new StringBuilder(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '"' || c == '\'') {
				int end = endOfLiteral(text, i);
				result.append(text, i, end + 1);
				i = end;
			}
			else if (text.startsWith("//", i)) {
				while (i < text.length() && text.charAt(i) != '\n') {
					i++;
				}
				result.append('\n');
			}
			else if (text.startsWith("/*", i)) {
				int end = text.indexOf("*/", i + 2);
				// Keep the line breaks, so that line numbers stay right.
				text.substring(i, end + 2).chars().filter((ch) -> ch == '\n').forEach((ch) -> result.append('\n'));
				i = end + 1;
			}
			else {
				result.append(c);
			}
		}
		return result.toString();
	}

	private static String unescape(String literal) {
		StringBuilder result = new StringBuilder();
		for (int i = 0; i < literal.length(); i++) {
			char c = literal.charAt(i);
			if (c == '\\' && i + 1 < literal.length()) {
				char next = literal.charAt(++i);
				switch (next) {
					case 'n' -> result.append('\n');
					case 't' -> result.append('\t');
					case 'u' -> {
						result.append((char) Integer.parseInt(literal.substring(i + 1, i + 5), 16));
						i += 4;
					}
					default -> result.append(next);
				}
			}
			else {
				result.append(c);
			}
		}
		return result.toString();
	}

	private static int lineOf(String text, int index) {
		int line = 1;
		for (int i = 0; i < index; i++) {
			if (text.charAt(i) == '\n') {
				line++;
			}
		}
		return line;
	}

	@FunctionalInterface
	private interface CharVisitor {

		void visit(int index, char c, int level);

	}

	private record SourceFile(String path, String className, String text) {

		String simpleName() {
			return this.className.substring(this.className.lastIndexOf('.') + 1);
		}

	}

	private record Declaration(SourceFile file, String type) {

	}

	/**
	 * A part of a message.
	 */
	sealed interface Part permits Text, Variable, Sequence, Alternatives {

		/**
		 * Return the first lines of the messages of this part, as globs: fixed text, with
		 * {@link #ANY} for a variable part, one glob for each choice of text.
		 * @return the globs
		 */
		List<Glob> firstLines();

		/**
		 * Return the number of fixed characters that every message of this part has, in
		 * its first line.
		 * @return the number
		 */
		default int fixedCharacters() {
			return firstLines().stream()
				.mapToInt((glob) -> glob.text().replace(String.valueOf(ANY), "").length())
				.min()
				.orElse(0);
		}

	}

	/**
	 * The character that stands for any text in a glob.
	 */
	static final char ANY = '\u0000';

	/**
	 * Messages are short and have few choices; a cap keeps a mistake from exploding.
	 */
	private static final int MAX_GLOBS = 256;

	/**
	 * The first line of a message, or the start of it.
	 *
	 * @param text the text, with {@link #ANY} for a variable part
	 * @param ended whether a line break ended it
	 */
	record Glob(String text, boolean ended) {

	}

	record Text(String text) implements Part {

		@Override
		public List<Glob> firstLines() {
			int lineBreak = this.text.indexOf('\n');
			return List
				.of((lineBreak < 0) ? new Glob(this.text, false) : new Glob(this.text.substring(0, lineBreak), true));
		}

	}

	enum Variable implements Part {

		INSTANCE;

		@Override
		public List<Glob> firstLines() {
			return List.of(new Glob(String.valueOf(ANY), false));
		}

	}

	record Sequence(List<Part> parts) implements Part {

		@Override
		public List<Glob> firstLines() {
			List<Glob> globs = List.of(new Glob("", false));
			for (Part part : this.parts) {
				List<Glob> next = new ArrayList<>();
				for (Glob glob : globs) {
					if (glob.ended()) {
						next.add(glob);
						continue;
					}
					for (Glob continuation : part.firstLines()) {
						if (next.size() < MAX_GLOBS) {
							next.add(new Glob(glob.text() + continuation.text(), continuation.ended()));
						}
					}
				}
				globs = next;
			}
			return globs;
		}

	}

	record Alternatives(List<Part> choices) implements Part {

		@Override
		public List<Glob> firstLines() {
			return this.choices.stream().flatMap((choice) -> choice.firstLines().stream()).limit(MAX_GLOBS).toList();
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
	record Template(String category, String level, String location, Part message) {

		/**
		 * Return the first lines this call can log, as globs.
		 * @return the globs, with {@link LogMessageTemplates#ANY} for a variable part
		 */
		List<String> globs() {
			return this.message.firstLines().stream().map(Glob::text).distinct().toList();
		}

		String display() {
			return globs().stream()
				.map((glob) -> glob.replace(String.valueOf(ANY), "{}"))
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
