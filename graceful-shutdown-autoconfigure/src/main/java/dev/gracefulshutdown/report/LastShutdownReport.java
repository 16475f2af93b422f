package dev.gracefulshutdown.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import dev.gracefulshutdown.ShutdownReport;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The report of the previous shutdown, read once from the report file when the
 * application starts, so that the endpoint and the metrics can show how the previous
 * instance ended although nothing could observe it while it did. A missing, unreadable or
 * corrupt file, or one that is not a regular file, is logged once and leaves it empty.
 * Temporary files left by a write that a halt cut short are removed first.
 */
public final class LastShutdownReport {

	private static final Log logger = LogFactory.getLog(LastShutdownReport.class);

	private final @Nullable ShutdownReport report;

	private LastShutdownReport(@Nullable ShutdownReport report) {
		this.report = report;
	}

	/**
	 * Read the report in the given file, logging what became of it.
	 * @param file the report file
	 * @return the last report, empty if there is none that can be read
	 */
	public static LastShutdownReport readFrom(ShutdownReportFile file) {
		for (Path leftover : file.removeLeftovers()) {
			logger.info("Removed " + leftover + ", left by a write of the shutdown report that did not finish");
		}
		try {
			Optional<ShutdownReport> read = file.read();
			if (read.isEmpty()) {
				logger.info("No report of a previous shutdown in " + file.path()
						+ " yet; the next shutdown writes one there");
				return new LastShutdownReport(null);
			}
			ShutdownReport report = read.get();
			logger.info("Previous shutdown " + report.id() + " (" + report.reason().noun() + ", " + report.origin()
					+ ") at " + report.requestedAt() + ": " + report.outcome() + " in " + report.duration().toMillis()
					+ " ms" + ((report.exitCode() != null) ? ", exit code " + report.exitCode() : "") + "; read from "
					+ file.path());
			return new LastShutdownReport(report);
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Ignoring the report of the previous shutdown in " + file.path() + ": "
					+ ((ex instanceof InvalidShutdownReportException) ? ex.getMessage() : ex.toString())
					+ "; the next shutdown replaces it");
			return new LastShutdownReport(null);
		}
	}

	/**
	 * Return an empty instance: no report file is configured.
	 * @return the empty instance
	 */
	public static LastShutdownReport none() {
		return new LastShutdownReport(null);
	}

	/**
	 * Create an instance that holds a given report.
	 * @param report the report
	 * @return the instance
	 */
	public static LastShutdownReport of(ShutdownReport report) {
		return new LastShutdownReport(report);
	}

	/**
	 * Return the report of the previous shutdown.
	 * @return the report, or empty
	 */
	public Optional<ShutdownReport> report() {
		return Optional.ofNullable(this.report);
	}

}
