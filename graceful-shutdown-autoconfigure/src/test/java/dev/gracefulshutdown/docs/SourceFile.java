package dev.gracefulshutdown.docs;

/**
 * A Java source file of the starter, its comments stripped (line breaks kept).
 *
 * @param path the path relative to the source root
 * @param className the fully qualified name of its class
 * @param text the text without comments
 */
record SourceFile(String path, String className, String text) {

	String simpleName() {
		return this.className.substring(this.className.lastIndexOf('.') + 1);
	}

}
