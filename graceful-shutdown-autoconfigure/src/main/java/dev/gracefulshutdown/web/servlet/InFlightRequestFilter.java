package dev.gracefulshutdown.web.servlet;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.gracefulshutdown.core.internal.InFlightTracker;
import dev.gracefulshutdown.core.internal.OpenStreams;
import dev.gracefulshutdown.core.internal.ProbePaths;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

/**
 * Counts requests in flight, including asynchronous ones until they complete, and asks
 * clients to close their connection once the drain has started, so that kept-alive
 * connections move to instances that stay.
 * <p>
 * An asynchronous response of type {@code text/event-stream} (Server-Sent Events) has no
 * end of its own: it is counted only until its handler returns, and is registered as an
 * open stream instead, which the shutdown ends at the end of the drain, with the action a
 * handler left in the request attribute {@link #STREAM_ENDER_ATTRIBUTE} (see
 * {@link SseEmitterEnding}) or else by completing the asynchronous request.
 * <p>
 * Registered for the {@code REQUEST} dispatch only: an async dispatch or an error forward
 * belongs to a request that is already counted.
 */
public final class InFlightRequestFilter implements Filter {

	private static final String CONNECTION = "Connection";

	private static final String CLOSE = "close";

	/**
	 * The request attribute that holds a {@link Runnable} that ends the request's event
	 * stream cleanly.
	 */
	public static final String STREAM_ENDER_ATTRIBUTE = InFlightRequestFilter.class.getName() + ".streamEnder";

	private static final String EVENT_STREAM = "text/event-stream";

	private final InFlightTracker tracker;

	private final boolean connectionClose;

	private final ProbePaths probePaths;

	private final @Nullable OpenStreams streams;

	/**
	 * Create a new filter that counts event streams as requests in flight.
	 * @param tracker the tracker to count requests with
	 * @param connectionClose whether to send {@code Connection: close} during the drain
	 * @param probePaths path prefixes of health checks, which are not traffic
	 */
	public InFlightRequestFilter(InFlightTracker tracker, boolean connectionClose, List<String> probePaths) {
		this(tracker, connectionClose, probePaths, null);
	}

	/**
	 * Create a new filter.
	 * @param tracker the tracker to count requests with
	 * @param connectionClose whether to send {@code Connection: close} during the drain
	 * @param probePaths path prefixes of health checks, which are not traffic
	 * @param streams where event streams are registered instead of being counted in
	 * flight, or {@code null} to count them in flight until they end
	 */
	public InFlightRequestFilter(InFlightTracker tracker, boolean connectionClose, List<String> probePaths,
			@Nullable OpenStreams streams) {
		this.tracker = tracker;
		this.connectionClose = connectionClose;
		this.probePaths = new ProbePaths(probePaths);
		this.streams = streams;
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		if (this.tracker.isDraining() && isProbe(request)) {
			this.tracker.startedProbe();
		}
		else {
			this.tracker.started();
		}
		boolean async = false;
		try {
			askToClose(response);
			chain.doFilter(request, response);
			if (request.isAsyncStarted()) {
				if (this.streams != null && isEventStream(response)) {
					registerStream(request, request.getAsyncContext(), this.streams);
				}
				else {
					request.getAsyncContext().addListener(new OnAsyncComplete(this.tracker::finished));
					async = true;
				}
			}
			else {
				askToClose(response);
			}
		}
		finally {
			if (!async) {
				this.tracker.finished();
			}
		}
	}

	private static boolean isEventStream(ServletResponse response) {
		String contentType = response.getContentType();
		return contentType != null && contentType.regionMatches(true, 0, EVENT_STREAM, 0, EVENT_STREAM.length());
	}

	private static void registerStream(ServletRequest request, AsyncContext async, OpenStreams streams) {
		Runnable ender = (request.getAttribute(STREAM_ENDER_ATTRIBUTE) instanceof Runnable own) ? own : async::complete;
		OpenStreams.Stream stream = streams.register(OpenStreams.SSE, ender);
		async.addListener(new OnAsyncComplete(stream::closed));
	}

	private boolean isProbe(ServletRequest request) {
		if (!(request instanceof HttpServletRequest http)) {
			return false;
		}
		return this.probePaths.matches(http.getRequestURI().substring(http.getContextPath().length()));
	}

	private void askToClose(ServletResponse response) {
		if (this.connectionClose && this.tracker.isDraining() && !response.isCommitted()
				&& response instanceof HttpServletResponse http) {
			http.setHeader(CONNECTION, CLOSE);
		}
	}

	/**
	 * Runs an action exactly once when an asynchronous request completes, however it
	 * ends: the container always calls {@code onComplete} last, after a timeout or an
	 * error too. Used to end the count of an asynchronous request, and to report the end
	 * of an event stream.
	 */
	private static final class OnAsyncComplete implements AsyncListener {

		private final Runnable action;

		private final AtomicBoolean done = new AtomicBoolean();

		OnAsyncComplete(Runnable action) {
			this.action = action;
		}

		@Override
		public void onComplete(AsyncEvent event) {
			if (this.done.compareAndSet(false, true)) {
				this.action.run();
			}
		}

		@Override
		public void onTimeout(AsyncEvent event) {
		}

		@Override
		public void onError(AsyncEvent event) {
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
			// A new async cycle on the same request: stay registered for its completion.
			event.getAsyncContext().addListener(this);
		}

	}

}
