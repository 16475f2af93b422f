package dev.gracefulshutdown.test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.gracefulshutdown.ShutdownReport;
import org.jspecify.annotations.Nullable;

/**
 * How an application shut down: what a test asserts on, with
 * {@link GracefulShutdownAssertions#assertThat(ShutdownResult)}.
 *
 * @param trigger what started the shutdown, such as {@code SIGTERM}
 * @param exitCode the exit status of the process (for an in-process shutdown: of the
 * recorded exit or halt)
 * @param signalToExit the time from the signal (or the request) to the exit
 * @param report the starter's shutdown report, or {@code null} if none was written (the
 * process was killed, or the starter is not on its classpath)
 * @param reportSource where the report was read from: the report file, or
 * {@code in-process}
 * @param log the process's output, line by line (empty for an in-process shutdown)
 * @param logFile the file that holds the output, or {@code null} for an in-process
 * shutdown
 * @param requests every request sent through the {@link HttpLoad}, in the order sent
 */
public record ShutdownResult(String trigger, int exitCode, Duration signalToExit, @Nullable ShutdownReport report,
		String reportSource, List<String> log, @Nullable Path logFile, List<RequestOutcome> requests) {

	/**
	 * Create a new result.
	 * @param trigger what started the shutdown
	 * @param exitCode the exit status
	 * @param signalToExit the time from the signal to the exit
	 * @param report the report, or {@code null}
	 * @param reportSource where the report was read from
	 * @param log the output
	 * @param logFile the output's file, or {@code null}
	 * @param requests the requests
	 */
	public ShutdownResult {
		log = List.copyOf(log);
		requests = List.copyOf(requests);
	}

	/**
	 * Return the report, if one was written.
	 * @return the report
	 */
	public Optional<ShutdownReport> optionalReport() {
		return Optional.ofNullable(this.report);
	}

	/**
	 * Return the requests that were lost ({@link RequestOutcome#lost()}).
	 * @return the lost requests
	 */
	public List<RequestOutcome> lostRequests() {
		return this.requests.stream().filter(RequestOutcome::lost).toList();
	}

}
