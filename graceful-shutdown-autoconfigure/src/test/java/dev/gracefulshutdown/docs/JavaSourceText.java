package dev.gracefulshutdown.docs;

import java.util.ArrayList;
import java.util.List;

/**
 * Finding one's way in Java source text without a parser: matching brackets, top-level
 * separators, the end of a statement, literals and comments. String and character
 * literals are skipped, so that a bracket or a separator inside one does not count.
 */
final class JavaSourceText {

	private JavaSourceText() {
	}

	static String unwrap(String expr) {
		String current = expr;
		while (current.startsWith("(") && matchingParenthesis(current, 0) == current.length() - 1) {
			current = current.substring(1, current.length() - 1).trim();
		}
		return current;
	}

	static int topLevelQuestionMark(String expr) {
		int[] found = { -1 };
		scan(expr, (index, c, level) -> {
			if (found[0] < 0 && level == 0 && c == '?') {
				found[0] = index;
			}
		});
		return found[0];
	}

	static int matchingColon(String expr, int question) {
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

	static List<String> splitTopLevel(String expr, char separator) {
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

	static int matchingParenthesis(String text, int open) {
		return matching(text, open, '(', ')');
	}

	static int matchingBrace(String text, int open) {
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

	static int endOfStatement(String text, int from) {
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

	static String stripComments(String text) {
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

	static String unescape(String literal) {
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

	static int lineOf(String text, int index) {
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

}
