package dev.gracefulshutdown.test;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.gracefulshutdown.GracefulShutdown;
import dev.gracefulshutdown.ShutdownReason;
import dev.gracefulshutdown.ShutdownReport;
import dev.gracefulshutdown.ShutdownReportListener;
import dev.gracefulshutdown.ShutdownRequest;
import dev.gracefulshutdown.core.ProcessExit;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.Assert;

/**
 * The starter's shutdown sequence run inside a test's application context, for fast
 * tests: registered as an initializer, it replaces the starter's {@link ProcessExit} with
 * one that records the exit instead of ending the JVM, and keeps the report;
 * {@link #shutdown()} then requests a shutdown through {@link GracefulShutdown}, as a
 * {@code SIGTERM} does, waits for the recorded exit and returns the same
 * {@link ShutdownResult} as a process does (without a log).
 *
 * <pre class="code">
 * &#064;SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
 * &#064;ContextConfiguration(initializers = InProcessShutdown.class)
 * class MyApplicationInProcessShutdownTests {
 *
 *     &#064;Autowired
 *     InProcessShutdown shutdown;
 *
 *     &#064;Test
 *     void shutdownCompletes() throws Exception {
 *         assertThat(this.shutdown.shutdown()).exitedWith(0).completed().hook("cache.flush").completed();
 *     }
 *
 * }
 * </pre>
 *
 * With an {@code ApplicationContextRunner}:
 * {@code runner.withInitializer(new InProcessShutdown())}, then
 * {@code InProcessShutdown.of(context)}. The context is closed by the shutdown; a test
 * context closed so leaves Spring's test context cache after the test
 * ({@link InProcessShutdownTestExecutionListener}).
 */
public final class InProcessShutdown implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	/**
	 * The name of the starter's watchdog threads: see {@link #shutdown(ShutdownRequest)}.
	 */
	private static final String WATCHDOG_THREAD_NAME = "graceful-shutdown-watchdog";

	private static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(25);

	private static final Duration MARGIN = Duration.ofSeconds(10);

	private final RecordingProcessExit processExit = new RecordingProcessExit();

	private final AtomicReference<@Nullable ShutdownReport> report = new AtomicReference<>();

	private volatile @Nullable ConfigurableApplicationContext context;

	private volatile @Nullable HttpLoad http;

	private volatile long requestNanos;

	private volatile boolean shutDown;

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		Assert.state(this.context == null, "An InProcessShutdown belongs to one application context");
		this.context = context;
		context.getBeanFactory().registerSingleton("inProcessShutdown", this);
		context.getBeanFactory().registerSingleton("inProcessShutdownProcessExit", this.processExit);
		context.getBeanFactory().registerSingleton("inProcessShutdownReportListener", new ShutdownReportListener() {

			@Override
			public void shutdownEnded(ShutdownReport report) {
				InProcessShutdown.this.report.set(report);
			}

			@Override
			public void shutdownRevised(ShutdownReport report) {
				InProcessShutdown.this.report.set(report);
			}

		});
	}

	/**
	 * Return the {@code InProcessShutdown} that initialized the given context.
	 * @param context the context
	 * @return its {@code InProcessShutdown}
	 */
	public static InProcessShutdown of(org.springframework.context.ApplicationContext context) {
		return context.getBean(InProcessShutdown.class);
	}

	/**
	 * Return an HTTP client bound to the context's web server
	 * ({@code local.server.port}), whose requests the result lists.
	 * @return the client
	 */
	public HttpLoad http() {
		HttpLoad http = this.http;
		if (http == null) {
			ConfigurableApplicationContext context = requiredContext();
			String port = context.getEnvironment().getProperty("local.server.port");
			Assert.state(port != null, "The context has no web server (local.server.port is not set)");
			http = new HttpLoad(URI.create("http://localhost:" + port), Duration.ofSeconds(30),
					() -> this.requestNanos);
			this.http = http;
		}
		return http;
	}

	/**
	 * Request a shutdown as a {@code SIGTERM} does, and wait for its end.
	 * @return the result
	 * @throws InterruptedException if interrupted while waiting
	 */
	public ShutdownResult shutdown() throws InterruptedException {
		return shutdown(ShutdownRequest.now(ShutdownReason.SIGNAL, "SIGTERM"));
	}

	/**
	 * Request a shutdown through
	 * {@link GracefulShutdown#requestShutdown(ShutdownRequest)}, and wait for the
	 * recorded exit (or halt), within the deadline ({@code graceful-shutdown.deadline})
	 * and 10 seconds more.
	 * <p>
	 * Once the exit is recorded, the starter's watchdog of this shutdown is stood down:
	 * in a process, the JVM's exit would end it, and in the test's JVM it would otherwise
	 * wake at the deadline and report the JVM's exit as hung.
	 * @param request the request
	 * @return the result
	 * @throws InterruptedException if interrupted while waiting
	 * @throws AssertionError if the shutdown does not end in time
	 */
	public ShutdownResult shutdown(ShutdownRequest request) throws InterruptedException {
		ConfigurableApplicationContext context = requiredContext();
		String deadlineProperty = context.getEnvironment().getProperty("graceful-shutdown.deadline");
		Duration deadline = (deadlineProperty != null) ? DurationStyle.detectAndParse(deadlineProperty)
				: DEFAULT_DEADLINE;
		GracefulShutdown gracefulShutdown = context.getBean(GracefulShutdown.class);
		Set<Thread> watchdogsBefore = watchdogs();
		this.shutDown = true;
		this.requestNanos = System.nanoTime();
		gracefulShutdown.requestShutdown(request);
		Set<Thread> watchdogs = watchdogs();
		watchdogs.removeAll(watchdogsBefore);
		Duration timeout = deadline.plus(MARGIN);
		if (!this.processExit.ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new AssertionError("The shutdown (" + request.describe() + ") did not end within " + timeout
					+ ": neither an exit nor a halt was recorded");
		}
		if (!this.processExit.halted()) {
			watchdogs.forEach(Thread::interrupt);
		}
		Duration took = Duration.ofNanos(this.processExit.endNanos.get() - this.requestNanos);
		List<RequestOutcome> requests = List.of();
		HttpLoad http = this.http;
		if (http != null) {
			http.settle(MARGIN);
			requests = http.outcomes();
		}
		return new ShutdownResult(request.origin(), this.processExit.status.get(), took, this.report.get(),
				"in-process", List.of(), null, requests);
	}

	/**
	 * Return whether {@link #shutdown} was called, so the context is closed or closing.
	 * @return whether the context was shut down
	 */
	public boolean hasShutDown() {
		return this.shutDown;
	}

	private ConfigurableApplicationContext requiredContext() {
		ConfigurableApplicationContext context = this.context;
		Assert.state(context != null, "InProcessShutdown has not initialized a context: register it as an "
				+ "initializer (@ContextConfiguration(initializers = InProcessShutdown.class))");
		return context;
	}

	private static Set<Thread> watchdogs() {
		Set<Thread> watchdogs = new HashSet<>();
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			if (WATCHDOG_THREAD_NAME.equals(thread.getName())) {
				watchdogs.add(thread);
			}
		}
		return watchdogs;
	}

	/**
	 * Records the first exit or halt instead of ending the JVM.
	 */
	private static final class RecordingProcessExit implements ProcessExit {

		private final CountDownLatch ended = new CountDownLatch(1);

		private final AtomicInteger status = new AtomicInteger(-1);

		private final AtomicLong endNanos = new AtomicLong();

		private volatile boolean halted;

		@Override
		public void exit(int status) {
			end(status, false);
		}

		@Override
		public void halt(int status) {
			end(status, true);
		}

		@Override
		public boolean isJvmExiting() {
			return false;
		}

		boolean halted() {
			return this.halted;
		}

		private void end(int status, boolean halt) {
			if (this.endNanos.compareAndSet(0, System.nanoTime())) {
				this.status.set(status);
				this.halted = halt;
				this.ended.countDown();
			}
		}

	}

}
