package dev.gracefulshutdown.web.servlet;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.gracefulshutdown.core.internal.Deadline;
import dev.gracefulshutdown.core.internal.DrainSettings;
import dev.gracefulshutdown.core.internal.InFlightTracker;
import jakarta.servlet.FilterChain;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockAsyncContext;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link InFlightRequestFilter}.
 */
class InFlightRequestFilterTests {

	private static final List<String> PROBES = List.of("/actuator/health");

	private final InFlightTracker tracker = new InFlightTracker();

	private final InFlightRequestFilter filter = new InFlightRequestFilter(this.tracker, true, PROBES);

	private final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	@Test
	void synchronousRequestIsCountedDuringTheChainAndReleasedAfter() throws Exception {
		AtomicLong inFlightDuringChain = new AtomicLong(-1);
		this.filter.doFilter(this.request, this.response,
				(request, response) -> inFlightDuringChain.set(this.tracker.inFlight()));
		assertThat(inFlightDuringChain).hasValue(1);
		assertThat(this.tracker.inFlight()).isZero();
	}

	@Test
	void requestIsPassedDownTheChain() throws Exception {
		MockFilterChain chain = new MockFilterChain();
		this.filter.doFilter(this.request, this.response, chain);
		assertThat(chain.getRequest()).isSameAs(this.request);
		assertThat(chain.getResponse()).isSameAs(this.response);
		assertThat(this.tracker.inFlight()).isZero();
	}

	@Test
	void exceptionInTheChainStillReleasesTheRequest() {
		FilterChain failing = (request, response) -> {
			throw new IOException("broken pipe");
		};
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> this.filter.doFilter(this.request, this.response, failing));
		assertThat(this.tracker.inFlight()).isZero();
	}

	@Test
	void runtimeExceptionInTheChainStillReleasesTheRequest() {
		FilterChain failing = (request, response) -> {
			throw new IllegalStateException("boom");
		};
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> this.filter.doFilter(this.request, this.response, failing));
		assertThat(this.tracker.inFlight()).isZero();
	}

	@Test
	void asynchronousRequestStaysCountedUntilItCompletes() throws Exception {
		this.request.setAsyncSupported(true);
		this.filter.doFilter(this.request, this.response, (request, response) -> request.startAsync());
		assertThat(this.tracker.inFlight()).isOne();
		MockAsyncContext asyncContext = (MockAsyncContext) this.request.getAsyncContext();
		assertThat(asyncContext).isNotNull();
		asyncContext.complete();
		assertThat(this.tracker.inFlight()).isZero();
	}

	@Test
	void asynchronousRequestIsReleasedOnlyOnceWhenCompletionIsReportedTwice() throws Exception {
		this.tracker.started();
		this.request.setAsyncSupported(true);
		this.filter.doFilter(this.request, this.response, (request, response) -> request.startAsync());
		MockAsyncContext asyncContext = (MockAsyncContext) this.request.getAsyncContext();
		assertThat(asyncContext).isNotNull();
		asyncContext.complete();
		asyncContext.complete();
		assertThat(this.tracker.inFlight()).isOne();
	}

	@Test
	void asynchronousRequestCompletedWithinTheChainIsReleasedAtOnce() throws Exception {
		this.request.setAsyncSupported(true);
		this.filter.doFilter(this.request, this.response, (request, response) -> request.startAsync().complete());
		assertThat(this.tracker.inFlight()).isZero();
	}

	@Test
	void newAsynchronousCycleKeepsTheRequestCountedUntilTheLastOneCompletes() throws Exception {
		this.request.setAsyncSupported(true);
		this.filter.doFilter(this.request, this.response, (request, response) -> request.startAsync());
		// An async dispatch that starts another async cycle: the container tells the
		// listeners of the first cycle through onStartAsync.
		MockAsyncContext secondCycle = (MockAsyncContext) this.request.startAsync();
		assertThat(this.tracker.inFlight()).isOne();
		secondCycle.complete();
		assertThat(this.tracker.inFlight()).isZero();
	}

	@Test
	void responseBeforeTheDrainHasNoConnectionClose() throws Exception {
		this.filter.doFilter(this.request, this.response, new MockFilterChain());
		assertThat(this.response.getHeader("Connection")).isNull();
	}

	@Test
	void responseDuringTheDrainAsksTheClientToCloseTheConnection() throws Exception {
		startDraining(this.tracker);
		this.filter.doFilter(this.request, this.response, new MockFilterChain());
		assertThat(this.response.getHeader("Connection")).isEqualTo("close");
	}

	@Test
	void requestInFlightWhenTheDrainStartsAsksTheClientToCloseTheConnection() throws Exception {
		this.filter.doFilter(this.request, this.response, (request, response) -> {
			assertThat(this.response.getHeader("Connection")).isNull();
			startDraining(this.tracker);
		});
		assertThat(this.response.getHeader("Connection")).isEqualTo("close");
	}

	@Test
	void committedResponseIsLeftAloneWhenTheDrainStarts() throws Exception {
		this.filter.doFilter(this.request, this.response, (request, response) -> {
			response.flushBuffer();
			startDraining(this.tracker);
		});
		assertThat(this.response.isCommitted()).isTrue();
		assertThat(this.response.getHeader("Connection")).isNull();
	}

	@Test
	void asynchronousResponseDuringTheDrainAsksTheClientToCloseTheConnection() throws Exception {
		startDraining(this.tracker);
		this.request.setAsyncSupported(true);
		this.filter.doFilter(this.request, this.response, (request, response) -> request.startAsync());
		assertThat(this.response.getHeader("Connection")).isEqualTo("close");
	}

	@Test
	void responseDuringTheDrainKeepsTheConnectionWhenConnectionCloseIsOff() throws Exception {
		InFlightRequestFilter keepAlive = new InFlightRequestFilter(this.tracker, false, PROBES);
		startDraining(this.tracker);
		keepAlive.doFilter(this.request, this.response, (request, response) -> {
			assertThat(this.response.getHeader("Connection")).isNull();
		});
		assertThat(this.response.getHeader("Connection")).isNull();
		assertThat(this.tracker.inFlight()).isZero();
	}

	@Test
	void probeDuringTheDrainIsInFlightButNotServedDuringTheDrain() throws Exception {
		startDraining(this.tracker);
		MockHttpServletRequest probe = new MockHttpServletRequest("GET", "/actuator/health/readiness");
		AtomicLong inFlightDuringChain = new AtomicLong(-1);
		this.filter.doFilter(probe, this.response,
				(request, response) -> inFlightDuringChain.set(this.tracker.inFlight()));
		assertThat(inFlightDuringChain).hasValue(1);
		assertThat(this.tracker.inFlight()).isZero();
		assertThat(this.tracker.acceptedDuringDrain()).isZero();
	}

	@Test
	void probeUnderAContextPathIsRecognized() throws Exception {
		startDraining(this.tracker);
		MockHttpServletRequest probe = new MockHttpServletRequest("GET", "/shop/actuator/health");
		probe.setContextPath("/shop");
		this.filter.doFilter(probe, this.response, new MockFilterChain());
		assertThat(this.tracker.acceptedDuringDrain()).isZero();
	}

	@Test
	void otherRequestDuringTheDrainIsServedDuringTheDrain() throws Exception {
		startDraining(this.tracker);
		this.filter.doFilter(new MockHttpServletRequest("GET", "/orders"), this.response, new MockFilterChain());
		assertThat(this.tracker.acceptedDuringDrain()).isOne();
	}

	@Test
	void pathThatOnlySharesAPrefixWithAProbePathIsTraffic() throws Exception {
		startDraining(this.tracker);
		this.filter.doFilter(new MockHttpServletRequest("GET", "/actuator/healthcare-report"), this.response,
				new MockFilterChain());
		assertThat(this.tracker.acceptedDuringDrain()).isOne();
	}

	private static void startDraining(InFlightTracker tracker) {
		// A maximum delay of zero ends the drain at once, and the tracker stays draining.
		tracker.drain(new DrainSettings(Duration.ZERO, Duration.ZERO, Duration.ZERO, true),
				Deadline.startingNow(Duration.ofSeconds(30)));
		assertThat(tracker.isDraining()).isTrue();
	}

}
