package dev.gracefulshutdown.report;

import java.io.IOException;

import dev.gracefulshutdown.ShutdownReport;
import dev.gracefulshutdown.ShutdownReportListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.Assert;

/**
 * Rewrites the report file when the process is halted after the report was written: the
 * sequence had completed and the file said how the process would exit, but the JVM's exit
 * that followed (the application's own JVM shutdown hooks) outlived the deadline. The
 * file then states how the process really ended, so that the next start shows that too.
 */
public final class ShutdownReportFileReviser implements ShutdownReportListener {

	private static final Log logger = LogFactory.getLog(ShutdownReportFileReviser.class);

	private final ShutdownReportFile file;

	/**
	 * Create a new reviser.
	 * @param file the report file to rewrite
	 */
	public ShutdownReportFileReviser(ShutdownReportFile file) {
		Assert.notNull(file, "'file' must not be null");
		this.file = file;
	}

	@Override
	public void shutdownRevised(ShutdownReport report) {
		try {
			this.file.write(report);
			logger.info("Shutdown report in " + this.file.path() + " rewritten: " + report.outcome()
					+ ((report.exitCode() != null) ? ", exit code " + report.exitCode() : ""));
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Cannot rewrite the shutdown report in " + this.file.path() + ": " + ex);
		}
	}

	@Override
	public String toString() {
		return "ShutdownReportFileReviser " + this.file.path();
	}

}
