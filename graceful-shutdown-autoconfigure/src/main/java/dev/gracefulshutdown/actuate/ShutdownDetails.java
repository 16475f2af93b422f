package dev.gracefulshutdown.actuate;

import java.util.List;

import dev.gracefulshutdown.ShutdownReport;
import dev.gracefulshutdown.ShutdownReport.ChildProcess;
import dev.gracefulshutdown.ShutdownReport.HookTiming;
import org.jspecify.annotations.Nullable;

/**
 * Masks the details of a shutdown that the endpoint shows only to those allowed to see
 * them ({@code management.endpoint.shutdown-graceful.show-details}): the texts that come
 * from the application or from whoever asked, which may carry host names, credentials or
 * personal data. What stays says how the shutdown went: who started it, counts, timings,
 * outcomes, exit code, bean and hook names, process ids.
 * <p>
 * A masked value reads {@value #MASK}, as in Spring Boot's sanitized values; a value that
 * was absent stays absent.
 */
final class ShutdownDetails {

	/**
	 * What a hidden value reads.
	 */
	static final String MASK = "******";

	private ShutdownDetails() {
	}

	/**
	 * Mask a free text: the {@code detail} of a request (a reason sent to the endpoint, a
	 * failed worker's exception).
	 * @param text the text
	 * @return the mask, or {@code null} if there was no text
	 */
	static @Nullable String mask(@Nullable String text) {
		return (text != null && !text.isEmpty()) ? MASK : text;
	}

	/**
	 * Mask the details of a report: its {@code detail}, each hook's {@code failure}, each
	 * straggler (the list keeps its length) and each child process's {@code command}.
	 * @param report the report
	 * @return the report with its details masked
	 */
	static ShutdownReport mask(ShutdownReport report) {
		List<HookTiming> hooks = report.hooks()
			.stream()
			.map((hook) -> new HookTiming(hook.name(), hook.when(), hook.duration(), hook.outcome(),
					mask(hook.failure())))
			.toList();
		List<String> stragglers = report.stragglers().stream().map((straggler) -> MASK).toList();
		List<ChildProcess> children = report.childProcesses()
			.stream()
			.map((child) -> new ChildProcess(child.pid(), MASK, child.outcome()))
			.toList();
		return new ShutdownReport(report.id(), report.reason(), report.origin(), mask(report.detail()),
				report.requestedAt(), report.deadline(), report.duration(), report.outcome(), report.exitCode(),
				report.stages(), report.phases(), hooks, report.requests(), stragglers, children);
	}

}
