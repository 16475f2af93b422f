package dev.gracefulshutdown.report;

import dev.gracefulshutdown.ShutdownReport;
import dev.gracefulshutdown.ShutdownReportListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.Assert;

/**
 * Logs the report when the shutdown ends, right after the coordinator's one-line summary:
 * a short table at {@code INFO}, or the whole report as one line of JSON, or nothing; the
 * whole report at {@code DEBUG} in every case but JSON.
 */
public final class ShutdownReportLogger implements ShutdownReportListener {

	private static final Log logger = LogFactory.getLog(ShutdownReportLogger.class);

	private final Format format;

	/**
	 * Create a new logger.
	 * @param format what to log at {@code INFO}
	 */
	public ShutdownReportLogger(Format format) {
		Assert.notNull(format, "'format' must not be null");
		this.format = format;
	}

	@Override
	public void shutdownEnded(ShutdownReport report) {
		if (this.format == Format.JSON) {
			if (logger.isInfoEnabled()) {
				logger.info("Shutdown report: " + ShutdownReportJson.write(report));
			}
			return;
		}
		if (this.format == Format.SUMMARY && logger.isInfoEnabled()) {
			logger.info(ShutdownReportSummary.format(report));
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Shutdown report: " + ShutdownReportJson.write(report));
		}
	}

	/**
	 * What the report looks like in the log.
	 */
	public enum Format {

		/**
		 * A headline and a table of the stages and phases.
		 */
		SUMMARY,

		/**
		 * The whole report as one line of JSON, for log pipelines.
		 */
		JSON,

		/**
		 * Nothing beyond the coordinator's one-line summary.
		 */
		NONE

	}

}
