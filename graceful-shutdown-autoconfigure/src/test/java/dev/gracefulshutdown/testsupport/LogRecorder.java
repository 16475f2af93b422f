package dev.gracefulshutdown.testsupport;

import java.util.stream.Collectors;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/**
 * Records what one class logs, straight from its Logback logger: unlike captured console
 * output, it does not depend on what earlier tests in the same JVM did to the logging
 * system (a shutdown that flushes the logs stops Logback's console appender).
 */
public final class LogRecorder implements AutoCloseable {

	private final Logger logger;

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	/**
	 * Start recording what the logger of the given class logs.
	 * @param type the class
	 */
	public LogRecorder(Class<?> type) {
		this.logger = (Logger) LoggerFactory.getLogger(type);
		this.appender.start();
		this.logger.addAppender(this.appender);
	}

	/**
	 * Return the events so far, one per line: the level, the message and the message of
	 * the exception, if any.
	 * @return the text
	 */
	public String text() {
		return this.appender.list.stream()
			.map((event) -> event.getLevel() + " " + event.getFormattedMessage()
					+ ((event.getThrowableProxy() != null) ? " " + event.getThrowableProxy().getClassName() + ": "
							+ event.getThrowableProxy().getMessage() : ""))
			.collect(Collectors.joining(System.lineSeparator()));
	}

	@Override
	public void close() {
		this.logger.detachAppender(this.appender);
		this.appender.stop();
	}

}
