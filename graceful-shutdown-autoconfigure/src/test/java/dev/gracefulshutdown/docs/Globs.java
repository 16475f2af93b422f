package dev.gracefulshutdown.docs;

/**
 * Texts with parts left open ({@link MessagePart#ANY}): a message of the code, whose
 * variable parts are open, and a quote of it, whose left-out parts ({@code ...}) are
 * open.
 */
final class Globs {

	private static final char ANY = MessagePart.ANY;

	private Globs() {
	}

	/**
	 * Return a quote as a glob: {@code ...} and {@code …} stand for text left out.
	 * @param quote the quote
	 * @return the glob
	 */
	static String ofQuote(String quote) {
		return quote.replace("...", String.valueOf(ANY)).replace("…", String.valueOf(ANY));
	}

	/**
	 * Return whether a quote can be of a message: some text matches both, where the text
	 * a quote leaves out is part of what the message leaves open (a variable part), or
	 * the rest of the message, when the quote stops there. A quote cannot leave out fixed
	 * text of the message in the middle: {@code Asking 1 child process ... waiting} is
	 * not a quote of {@code Asking {} offspring to stop (TERM): {}; waiting up to {}}.
	 * @param quote the quote
	 * @param message the message
	 * @return whether it can be a quote of it
	 */
	static boolean quotes(String quote, String message) {
		if (!endsAgree(quote, message)) {
			return false;
		}
		int lq = quote.length();
		int lm = message.length();
		// quotes[i][j]: whether the quote from i can be of the message from j.
		boolean[][] quotes = new boolean[lq + 1][lm + 1];
		for (int i = lq; i >= 0; i--) {
			for (int j = lm; j >= 0; j--) {
				if (i == lq && j == lm) {
					quotes[i][j] = true;
				}
				else if (i == lq - 1 && quote.charAt(i) == ANY) {
					quotes[i][j] = true;
				}
				else if (j < lm && message.charAt(j) == ANY) {
					quotes[i][j] = quotes[i][j + 1] || (i < lq && quotes[i + 1][j]);
				}
				else if (i < lq && quote.charAt(i) == ANY) {
					quotes[i][j] = quotes[i + 1][j];
				}
				else {
					quotes[i][j] = i < lq && j < lm && quote.charAt(i) == message.charAt(j) && quotes[i + 1][j + 1];
				}
			}
		}
		return quotes[0][0];
	}

	/**
	 * Return whether a quote can be of a line written here: the text it leaves out may be
	 * any text of the line (whose variable parts are not known).
	 * @param quote the quote
	 * @param line the line, with no open parts
	 * @return whether it can be a quote of it
	 */
	static boolean quotesLine(String quote, String line) {
		if (!endsAgree(quote, line)) {
			return false;
		}
		int lq = quote.length();
		int ll = line.length();
		boolean[][] quotes = new boolean[lq + 1][ll + 1];
		quotes[lq][ll] = true;
		for (int i = lq - 1; i >= 0; i--) {
			for (int j = ll; j >= 0; j--) {
				if (quote.charAt(i) == ANY) {
					quotes[i][j] = quotes[i + 1][j] || (j < ll && quotes[i][j + 1]);
				}
				else {
					quotes[i][j] = j < ll && quote.charAt(i) == line.charAt(j) && quotes[i + 1][j + 1];
				}
			}
		}
		return quotes[0][0];
	}

	/**
	 * A quick look at the fixed start and end, which settles most pairs.
	 */
	private static boolean endsAgree(String a, String b) {
		for (int i = 0; i < a.length() && i < b.length(); i++) {
			if (a.charAt(i) == ANY || b.charAt(i) == ANY) {
				break;
			}
			if (a.charAt(i) != b.charAt(i)) {
				return false;
			}
		}
		for (int i = 1; i <= a.length() && i <= b.length(); i++) {
			char x = a.charAt(a.length() - i);
			char y = b.charAt(b.length() - i);
			if (x == ANY || y == ANY) {
				break;
			}
			if (x != y) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Return the fixed text a glob starts with.
	 * @param glob the glob
	 * @return the text before its first open part
	 */
	static String lead(String glob) {
		int open = glob.indexOf(ANY);
		return (open < 0) ? glob : glob.substring(0, open);
	}

}
