package dev.gracefulshutdown.actuate;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import dev.gracefulshutdown.GracefulShutdown;
import dev.gracefulshutdown.ShutdownHandle;
import dev.gracefulshutdown.ShutdownReason;
import dev.gracefulshutdown.ShutdownRequest;
import dev.gracefulshutdown.ShutdownStatus;
import dev.gracefulshutdown.report.LastShutdownReport;
import dev.gracefulshutdown.report.ShutdownReportJson;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;

/**
 * {@code /actuator/shutdown-graceful}: {@code POST} starts the graceful shutdown (or
 * joins the one under way) and answers {@code 202}; {@code GET} tells where it stands,
 * and how the previous instance's shutdown went when a report file is configured. Off by
 * default, like Spring Boot's {@code shutdown} endpoint.
 * <p>
 * The id has no dash because Spring Boot warns about dashes in endpoint ids; the URL gets
 * one through {@link GracefulShutdownEndpointPathMapper}, and properties such as
 * {@code management.endpoint.shutdown-graceful.access} reach the id through relaxed
 * binding.
 * <p>
 * Texts that come from the application or from whoever asked (a request's {@code detail},
 * and in the last report hook failures, stragglers and child process command lines) are
 * shown as Spring Boot shows the values of the {@code env} endpoint: never, to authorized
 * users (with one of the roles, if any), or always. Hidden, they read {@code ******}. A
 * {@code POST} always gets its own reason back.
 */
@WebEndpoint(id = GracefulShutdownEndpoint.ID, defaultAccess = Access.NONE)
public class GracefulShutdownEndpoint {

	/**
	 * The endpoint id.
	 */
	public static final String ID = "shutdowngraceful";

	/**
	 * The default path below the actuator base path.
	 */
	public static final String PATH = "shutdown-graceful";

	/**
	 * The longest reason accepted.
	 */
	public static final int MAX_REASON_LENGTH = 200;

	/**
	 * The endpoint's path with Spring Boot's default base path and no path mapping.
	 */
	public static final String DEFAULT_PATH = "/actuator/" + PATH;

	private static final int STATUS_ACCEPTED = 202;

	private final GracefulShutdown gracefulShutdown;

	private final LastShutdownReport lastShutdown;

	private final Supplier<String> path;

	private final Show showDetails;

	private final Set<String> roles;

	/**
	 * Create a new endpoint.
	 * @param gracefulShutdown the API that starts shutdowns
	 * @param lastShutdown the report of the previous instance's shutdown, shown by
	 * {@code GET} as {@code lastShutdown}
	 * @param path the endpoint's path as the actuator maps it (base path and path mapping
	 * applied), asked for when a request comes: a shutdown it starts has the origin
	 * {@code POST <path>}
	 * @param showDetails when to show the texts that may carry sensitive data
	 * @param roles the roles of which a user needs one to be shown them under
	 * {@link Show#WHEN_AUTHORIZED}; empty for any authenticated user
	 */
	public GracefulShutdownEndpoint(GracefulShutdown gracefulShutdown, LastShutdownReport lastShutdown,
			Supplier<String> path, Show showDetails, Set<String> roles) {
		this.gracefulShutdown = gracefulShutdown;
		this.lastShutdown = lastShutdown;
		this.path = path;
		this.showDetails = showDetails;
		this.roles = Set.copyOf(roles);
	}

	/**
	 * Start a graceful shutdown, or join the one under way.
	 * @param securityContext who asks
	 * @param reason why, free text, at most {@value #MAX_REASON_LENGTH} characters
	 * @param exitCode the exit status, 0 to 255
	 * @return {@code 202} with the shutdown's id and state, or {@code 400} with what is
	 * wrong
	 */
	@WriteOperation
	public WebEndpointResponse<Map<String, Object>> shutdown(SecurityContext securityContext, @Nullable String reason,
			@Nullable String exitCode) {
		String problem = problemWithReason(reason);
		if (problem == null) {
			problem = problemWithExitCode(exitCode);
		}
		if (problem != null) {
			return EndpointErrors.badRequest(problem);
		}
		Integer code = (exitCode != null) ? Integer.valueOf(exitCode.trim()) : null;
		ShutdownRequest request = new ShutdownRequest(ShutdownReason.REQUESTED, "POST " + this.path.get(),
				(reason != null) ? reason : "", Instant.now(), code, List.of());
		ShutdownHandle handle = this.gracefulShutdown.requestShutdown(request);
		// The caller's own reason is no secret to the caller; the detail of a shutdown
		// this request only joined (a failed worker's exception, say) may be.
		boolean showDetail = handle.request() == request || isShown(securityContext);
		return new WebEndpointResponse<>(describe(handle.id(), this.gracefulShutdown.status(), showDetail),
				STATUS_ACCEPTED);
	}

	/**
	 * Tell where the application stands.
	 * @param securityContext who asks
	 * @return the state, stage, requests in flight and time left, and the report of the
	 * previous instance's shutdown if there is one
	 */
	@ReadOperation
	public Map<String, Object> status(SecurityContext securityContext) {
		boolean showDetails = isShown(securityContext);
		ShutdownStatus status = this.gracefulShutdown.status();
		Map<String, Object> body = describe(status.id(), status, showDetails);
		this.lastShutdown.report()
			.map((report) -> showDetails ? report : ShutdownDetails.mask(report))
			.ifPresent((report) -> body.put("lastShutdown", ShutdownReportJson.toMap(report)));
		return body;
	}

	/**
	 * Tell where the application stands, as an unauthenticated caller sees it.
	 * @return the state, stage, requests in flight and time left, and the report of the
	 * previous instance's shutdown if there is one
	 * @see #status(SecurityContext)
	 */
	public Map<String, Object> status() {
		return status(SecurityContext.NONE);
	}

	private boolean isShown(SecurityContext securityContext) {
		return this.showDetails.isShown(securityContext, this.roles);
	}

	private static Map<String, Object> describe(@Nullable String id, ShutdownStatus status, boolean showDetail) {
		Map<String, Object> body = new LinkedHashMap<>();
		putIfPresent(body, "id", id);
		body.put("state", status.state().name());
		putIfPresent(body, "stage", (status.stage() != null) ? status.stage().name() : null);
		putIfPresent(body, "reason", (status.reason() != null) ? status.reason().name() : null);
		putIfPresent(body, "origin", status.origin());
		String detail = (status.detail() != null && !status.detail().isEmpty()) ? status.detail() : null;
		putIfPresent(body, "detail", showDetail ? detail : ShutdownDetails.mask(detail));
		putIfPresent(body, "requestedAt", (status.requestedAt() != null) ? status.requestedAt().toString() : null);
		putIfPresent(body, "deadlineAt", (status.deadlineAt() != null) ? status.deadlineAt().toString() : null);
		body.put("inFlight", status.inFlight());
		putIfPresent(body, "elapsedMillis", (status.elapsed() != null) ? status.elapsed().toMillis() : null);
		putIfPresent(body, "remainingMillis", (status.remaining() != null) ? status.remaining().toMillis() : null);
		return body;
	}

	private static void putIfPresent(Map<String, Object> body, String key, @Nullable Object value) {
		if (value != null) {
			body.put(key, value);
		}
	}

	private static @Nullable String problemWithReason(@Nullable String reason) {
		if (reason == null) {
			return null;
		}
		if (reason.length() > MAX_REASON_LENGTH) {
			return "'reason' must be at most " + MAX_REASON_LENGTH + " characters, not " + reason.length();
		}
		for (int i = 0; i < reason.length(); i++) {
			if (Character.isISOControl(reason.charAt(i))) {
				return "'reason' must not contain control characters (found U+"
						+ String.format("%04X", (int) reason.charAt(i)) + " at index " + i + ")";
			}
		}
		return null;
	}

	private static @Nullable String problemWithExitCode(@Nullable String exitCode) {
		if (exitCode == null) {
			return null;
		}
		int code;
		try {
			code = Integer.parseInt(exitCode.trim());
		}
		catch (NumberFormatException ex) {
			return "'exitCode' must be a whole number between 0 and 255, not '" + exitCode + "'";
		}
		if (code < 0 || code > 255) {
			return "'exitCode' must be between 0 and 255, not " + code;
		}
		return null;
	}

}
