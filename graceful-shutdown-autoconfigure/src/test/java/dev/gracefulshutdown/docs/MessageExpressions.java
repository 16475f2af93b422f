package dev.gracefulshutdown.docs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.gracefulshutdown.docs.MessagePart.Alternatives;
import dev.gracefulshutdown.docs.MessagePart.Sequence;
import dev.gracefulshutdown.docs.MessagePart.Text;
import dev.gracefulshutdown.docs.MessagePart.Variable;
import org.jspecify.annotations.Nullable;

import static dev.gracefulshutdown.docs.JavaSourceText.endOfStatement;
import static dev.gracefulshutdown.docs.JavaSourceText.matchingBrace;
import static dev.gracefulshutdown.docs.JavaSourceText.matchingColon;
import static dev.gracefulshutdown.docs.JavaSourceText.matchingParenthesis;
import static dev.gracefulshutdown.docs.JavaSourceText.splitTopLevel;
import static dev.gracefulshutdown.docs.JavaSourceText.topLevelQuestionMark;
import static dev.gracefulshutdown.docs.JavaSourceText.unescape;
import static dev.gracefulshutdown.docs.JavaSourceText.unwrap;

/**
 * Turns the Java expression of a log message into a {@link MessagePart}. String literals
 * are the fixed text; a conditional between texts ({@code (n > 1) ? "s" : ""}) is either
 * text; a method of the starter that returns a string, a string constant and a local
 * string variable are followed to what they hold, when the name is unambiguous;
 * {@code System.lineSeparator()} ends the first line; anything else (a count, a name, a
 * duration) is a variable part.
 */
final class MessageExpressions {

	private static final Pattern MEMBER_CALL = Pattern
		.compile("^(?:this\\.)?[a-z]\\w*(?:\\(\\))?(?:\\.[a-z]\\w*(?:\\(\\))?)*\\.([a-z]\\w*)\\s*\\(");

	private static final Pattern METHOD_DECLARATION = Pattern
		.compile("([\\w.$]+(?:<[^;{}()=]*>)?(?:\\[\\])?)\\s+(\\w+)\\s*\\([^)]*\\)\\s*(?:throws\\s[^{;]*)?[{;]");

	private static final Pattern RECORD_HEADER = Pattern.compile("\\brecord\\s+\\w+(?:<[^>]*>)?\\s*\\(([^)]*)\\)");

	private static final Set<String> KEYWORDS = Set.of("return", "new", "throw", "else", "case", "yield");

	private static final Pattern CALL = Pattern.compile("^(?:(?:this\\.)?([A-Z]\\w*)\\s*\\.\\s*)?(\\w+)\\s*\\(");

	/**
	 * The files by the simple name of their class; two classes of one name (in two
	 * packages) are left out, as a reference by simple name cannot tell them apart.
	 */
	private final Map<String, SourceFile> filesBySimpleName = new HashMap<>();

	private final Map<String, List<Declaration>> declarations = new HashMap<>();

	/**
	 * Create an instance that follows names into the given files.
	 * @param files the source files of the starter
	 */
	MessageExpressions(List<SourceFile> files) {
		Map<String, Long> simpleNames = files.stream()
			.collect(Collectors.groupingBy(SourceFile::simpleName, Collectors.counting()));
		for (SourceFile file : files) {
			if (simpleNames.get(file.simpleName()) == 1) {
				this.filesBySimpleName.put(file.simpleName(), file);
			}
			indexDeclarations(file);
		}
	}

	/**
	 * Return the file of the class of the given simple name, {@code null} when there is
	 * none or more than one.
	 * @param simpleName the simple name of the class
	 * @return the file or {@code null}
	 */
	@Nullable SourceFile fileOf(String simpleName) {
		return this.filesBySimpleName.get(simpleName);
	}

	/**
	 * Return the message part of the given expression.
	 * @param expression the expression, as written in the source
	 * @param file the file it is written in
	 * @return the part
	 */
	MessagePart parse(String expression, SourceFile file) {
		return parse(expression, file, 0);
	}

	private MessagePart parse(String expression, SourceFile file, int depth) {
		String expr = unwrap(expression.trim());
		int question = topLevelQuestionMark(expr);
		if (question >= 0) {
			int colon = matchingColon(expr, question);
			return new Alternatives(List.of(parse(expr.substring(question + 1, colon), file, depth),
					parse(expr.substring(colon + 1), file, depth)));
		}
		List<String> operands = splitTopLevel(expr, '+');
		if (operands.size() > 1) {
			List<MessagePart> parts = new ArrayList<>();
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
			MessagePart resolved = resolve(expr, file, depth + 1);
			if (resolved != null) {
				return resolved;
			}
		}
		return Variable.INSTANCE;
	}

	private @Nullable MessagePart resolve(String expr, SourceFile file, int depth) {
		if (expr.matches("[A-Z][A-Z0-9_]*")) {
			Matcher constant = Pattern.compile("static\\s+final\\s+String\\s+" + expr + "\\s*=\\s*([^;]+);")
				.matcher(file.text());
			return constant.find() ? parse(constant.group(1), file, depth) : null;
		}
		if (expr.matches("[a-z]\\w*")) {
			// A local variable (String descendants = ...): followed when the file
			// declares one string of that name only.
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

	private @Nullable MessagePart returnsOf(SourceFile target, String method, int depth) {
		Matcher declaration = declaration(target, method);
		if (!declaration.find()) {
			return null;
		}
		int bodyStart = declaration.end() - 1;
		String body = target.text().substring(bodyStart + 1, matchingBrace(target.text(), bodyStart));
		List<MessagePart> returns = new ArrayList<>();
		Matcher returned = Pattern.compile("\\breturn\\s+").matcher(body);
		while (returned.find()) {
			int end = endOfStatement(body, returned.end());
			returns.add(parse(body.substring(returned.end(), end), target, depth));
		}
		return returns.isEmpty() ? null : new Alternatives(returns);
	}

	private record Declaration(SourceFile file, String type) {

	}

}
