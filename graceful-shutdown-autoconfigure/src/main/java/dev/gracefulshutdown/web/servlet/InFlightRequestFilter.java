package dev.gracefulshutdown.web.servlet;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.gracefulshutdown.core.internal.InFlightTracker;
import dev.gracefulshutdown.core.internal.ProbePaths;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Counts requests in flight, including asynchronous ones until they complete, and asks
 * clients to close their connection once the drain has started, so that kept-alive
 * connections move to instances that stay.
 * <p>
 * Registered for the {@code REQUEST} dispatch only: an async dispatch or an error forward
 * belongs to a request that is already counted.
 */
public final class InFlightRequestFilter implements Filter {

	private static final String CONNECTION = "Connection";

	private static final String CLOSE = "close";

	private final InFlightTracker tracker;

	private final boolean connectionClose;

	private final ProbePaths probePaths;

	/**
	 * Create a new filter.
	 * @param tracker the tracker to count requests with
	 * @param connectionClose whether to send {@code Connection: close} during the drain
	 * @param probePaths path prefixes of health checks, which are not traffic
	 */
	public InFlightRequestFilter(InFlightTracker tracker, boolean connectionClose, List<String> probePaths) {
		this.tracker = tracker;
		this.connectionClose = connectionClose;
		this.probePaths = new ProbePaths(probePaths);
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
				request.getAsyncContext().addListener(new CompletionListener(this.tracker));
				async = true;
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
	 * Ends the count of an asynchronous request exactly once: the container always calls
	 * {@code onComplete} last, after a timeout or an error too.
	 */
	private static final class CompletionListener implements AsyncListener {

		private final InFlightTracker tracker;

		private final AtomicBoolean done = new AtomicBoolean();

		CompletionListener(InFlightTracker tracker) {
			this.tracker = tracker;
		}

		@Override
		public void onComplete(AsyncEvent event) {
			if (this.done.compareAndSet(false, true)) {
				this.tracker.finished();
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
