package dev.gracefulshutdown.benchmarks;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.gracefulshutdown.core.internal.InFlightTracker;
import dev.gracefulshutdown.web.servlet.InFlightRequestFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * What the starter adds to every request while the application runs (no drain): the
 * tracker's {@code started()}/{@code finished()} pair, and the whole servlet filter
 * around a chain that does nothing. {@code chainOnly} is the same call without the
 * filter, the baseline to subtract. Run with {@code -prof gc} for the bytes allocated per
 * operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class InFlightTrackingBenchmark {

	private final InFlightTracker tracker = new InFlightTracker();

	private final InFlightRequestFilter filter = new InFlightRequestFilter(this.tracker, true,
			List.of("/actuator/health", "/livez", "/readyz"));

	private final FilterChain chain = (request, response) -> {
	};

	private MockHttpServletRequest request;

	private MockHttpServletResponse response;

	@Setup
	public void setUp() {
		this.request = new MockHttpServletRequest("GET", "/hello");
		this.response = new MockHttpServletResponse();
	}

	@Benchmark
	public void trackerStartedFinished() {
		this.tracker.started();
		this.tracker.finished();
	}

	@Benchmark
	@Threads(2)
	public void trackerStartedFinishedTwoThreads() {
		this.tracker.started();
		this.tracker.finished();
	}

	@Benchmark
	public void filter() throws IOException, ServletException {
		this.filter.doFilter(this.request, this.response, this.chain);
	}

	@Benchmark
	public void chainOnly() throws IOException, ServletException {
		this.chain.doFilter(this.request, this.response);
	}

}
