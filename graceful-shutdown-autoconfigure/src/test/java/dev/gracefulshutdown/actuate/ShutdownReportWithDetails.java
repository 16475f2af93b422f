package dev.gracefulshutdown.actuate;

import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import dev.gracefulshutdown.ShutdownOutcome;
import dev.gracefulshutdown.ShutdownReason;
import dev.gracefulshutdown.ShutdownReport;
import dev.gracefulshutdown.ShutdownReport.ChildProcess;
import dev.gracefulshutdown.ShutdownReport.ChildProcessOutcome;
import dev.gracefulshutdown.ShutdownReport.HookOutcome;
import dev.gracefulshutdown.ShutdownReport.HookTiming;
import dev.gracefulshutdown.ShutdownReport.RequestCounts;
import dev.gracefulshutdown.ShutdownReport.StageTiming;
import dev.gracefulshutdown.ShutdownStage;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.SecurityContext;

/**
 * A report of a previous shutdown whose texts carry what only some may see, for the tests
 * of {@code management.endpoint.shutdown-graceful.show-details}.
 */
public final class ShutdownReportWithDetails {

	/**
	 * The report's detail: a failed worker's exception.
	 */
	public static final String DETAIL = "java.sql.SQLException: login failed for user 'billing' on db-7.internal";

	/**
	 * The failure of its first hook.
	 */
	public static final String FAILURE = "java.lang.IllegalStateException: cannot reach https://vault.internal/v1/x";

	/**
	 * What was still running.
	 */
	public static final List<String> STRAGGLERS = List.of("worker 'outbox' (thread \"relay-1\") still running",
			"lease 'flush /var/data/customer-42' open for 5s");

	/**
	 * The command line of its child process.
	 */
	public static final String COMMAND = "/usr/bin/agent --token=s3cr3t --endpoint=https://metrics.internal";

	/**
	 * What a hidden value reads.
	 */
	public static final String MASK = "******";

	private ShutdownReportWithDetails() {
	}

	/**
	 * Return the report.
	 * @return the report
	 */
	public static ShutdownReport report() {
		Instant requestedAt = Instant.parse("2026-11-22T03:41:51.442Z");
		return new ShutdownReport("0c5d1e0a-1111-2222-3333-444455556666", ShutdownReason.ERROR, "worker 'billing'",
				DETAIL, requestedAt, Duration.ofSeconds(25), Duration.ofMillis(4321), ShutdownOutcome.TIMED_OUT, 70,
				List.of(new StageTiming(ShutdownStage.ANNOUNCE, Duration.ZERO, Duration.ofMillis(3))), List.of(),
				List.of(new HookTiming("auditLog.flush", "STOP", Duration.ofMillis(12), HookOutcome.FAILED, FAILURE),
						new HookTiming("cache.persist", "STOP", Duration.ofMillis(5), HookOutcome.COMPLETED, null)),
				new RequestCounts(2, 3, 1, 0), STRAGGLERS,
				List.of(new ChildProcess(4242, COMMAND, ChildProcessOutcome.KILLED)));
	}

	/**
	 * Return the security context of an authenticated user.
	 * @param roles the user's roles
	 * @return the security context
	 */
	public static SecurityContext user(String... roles) {
		Set<String> granted = Set.of(roles);
		Principal principal = () -> "alice";
		return new SecurityContext() {

			@Override
			public @Nullable Principal getPrincipal() {
				return principal;
			}

			@Override
			public boolean isUserInRole(String role) {
				return granted.contains(role);
			}

		};
	}

}
