package dev.gracefulshutdown.docs;

import java.util.ArrayList;
import java.util.List;

/**
 * A part of a log message as the code builds it: fixed text, a variable part, parts one
 * after the other or a choice between parts. Turned into globs of the message's first
 * line, with {@link #ANY} for a variable part.
 */
sealed interface MessagePart
		permits MessagePart.Text, MessagePart.Variable, MessagePart.Sequence, MessagePart.Alternatives {

	/**
	 * The character that stands for any text in a glob.
	 */
	char ANY = '\u0000';

	/**
	 * Messages are short and have few choices; a cap keeps a mistake from exploding.
	 */
	int MAX_GLOBS = 256;

	/**
	 * Return the first lines of the messages of this part, as globs: fixed text, with
	 * {@link #ANY} for a variable part, one glob for each choice of text.
	 * @return the globs
	 */
	List<Glob> firstLines();

	/**
	 * Return the number of fixed characters that every message of this part has, in its
	 * first line.
	 * @return the number
	 */
	default int fixedCharacters() {
		return firstLines().stream()
			.mapToInt((glob) -> glob.text().replace(String.valueOf(ANY), "").length())
			.min()
			.orElse(0);
	}

	/**
	 * The first line of a message, or the start of it.
	 *
	 * @param text the text, with {@link #ANY} for a variable part
	 * @param ended whether a line break ended it
	 */
	record Glob(String text, boolean ended) {

	}

	record Text(String text) implements MessagePart {

		@Override
		public List<Glob> firstLines() {
			int lineBreak = this.text.indexOf('\n');
			return List
				.of((lineBreak < 0) ? new Glob(this.text, false) : new Glob(this.text.substring(0, lineBreak), true));
		}

	}

	enum Variable implements MessagePart {

		INSTANCE;

		@Override
		public List<Glob> firstLines() {
			return List.of(new Glob(String.valueOf(ANY), false));
		}

	}

	record Sequence(List<MessagePart> parts) implements MessagePart {

		@Override
		public List<Glob> firstLines() {
			List<Glob> globs = List.of(new Glob("", false));
			for (MessagePart part : this.parts) {
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

	record Alternatives(List<MessagePart> choices) implements MessagePart {

		@Override
		public List<Glob> firstLines() {
			return this.choices.stream().flatMap((choice) -> choice.firstLines().stream()).limit(MAX_GLOBS).toList();
		}

	}

}
