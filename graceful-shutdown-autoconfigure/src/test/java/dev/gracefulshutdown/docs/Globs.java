package dev.gracefulshutdown.docs;

/**
 * Texts with parts left open ({@link LogMessageTemplates#ANY}): a message of the code,
 * whose variable parts are open, and a quote of it, whose left-out parts ({@code ...})
 * are open. They agree when one text can be both.
 */
final class Globs {

	private static final char ANY = LogMessageTemplates.ANY;

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
	 * Return whether some text matches both globs.
	 * @param a a glob
	 * @param b another
	 * @return whether they agree
	 */
	static boolean agree(String a, String b) {
		if (!endsAgree(a, b)) {
			return false;
		}
		int la = a.length();
		int lb = b.length();
		// agree[i][j]: whether a from i and b from j agree.
		boolean[][] agree = new boolean[la + 1][lb + 1];
		agree[la][lb] = true;
		for (int i = la; i >= 0; i--) {
			for (int j = lb; j >= 0; j--) {
				if (i == la && j == lb) {
					continue;
				}
				if (i < la && a.charAt(i) == ANY) {
					agree[i][j] = agree[i + 1][j] || (j < lb && agree[i][j + 1]);
				}
				else if (j < lb && b.charAt(j) == ANY) {
					agree[i][j] = agree[i][j + 1] || (i < la && agree[i + 1][j]);
				}
				else {
					agree[i][j] = i < la && j < lb && a.charAt(i) == b.charAt(j) && agree[i + 1][j + 1];
				}
			}
		}
		return agree[0][0];
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
