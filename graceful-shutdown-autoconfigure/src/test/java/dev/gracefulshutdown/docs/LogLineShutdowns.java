package dev.gracefulshutdown.docs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.gracefulshutdown.GracefulShutdown;
import dev.gracefulshutdown.OnShutdown;
import dev.gracefulshutdown.ShutdownReason;
import dev.gracefulshutdown.ShutdownRequest;
import dev.gracefulshutdown.ShutdownStage;
import dev.gracefulshutdown.actuate.CrossOriginCheck;
import dev.gracefulshutdown.actuate.ShutdownRequestBodyFilter;
import dev.gracefulshutdown.autoconfigure.GracefulShutdownAutoConfiguration;
import dev.gracefulshutdown.core.ProcessExit;
import dev.gracefulshutdown.core.internal.InFlightTracker;
import dev.gracefulshutdown.core.internal.ShutdownCoordinator;
import dev.gracefulshutdown.testsupport.RecordingProcessExit;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.SmartLifecycle;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real shutdowns, run in this JVM, that write the log lines whose text is assembled away
 * from the log call (the summary table, the phases line, hang reports and others), so
 * that {@link LogLinesDocumentationTests} can check quotes of them against what the code
 * wrote.
 */
final class LogLineShutdowns {

	private static final Duration UPPER_BOUND = Duration.ofSeconds(10);

	private static final String STARTER_PACKAGE = "dev.gracefulshutdown";

	private LogLineShutdowns() {
	}

	/**
	 * Run the shutdowns and return what the starter's loggers wrote.
	 * @param temp a directory for the files the shutdowns write
	 * @return the events, in the order they were logged
	 * @throws Exception if a shutdown fails
	 */
	static List<ILoggingEvent> run(Path temp) throws Exception {
		Logger logger = (Logger) LoggerFactory.getLogger(STARTER_PACKAGE);
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		logger.addAppender(appender);
		Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
		try {
			completedShutdown(temp.resolve("shutdown-report.json"));
			deadlinePassed();
			repeatedSignalDuringTheDrain();
			workerFailed();
			startupOnKubernetes();
			crossSitePostRefused();
		}
		finally {
			logger.detachAppender(appender);
			appender.stop();
			endStarterThreads(before);
		}
		return List.copyOf(appender.list);
	}

	private static ApplicationContextRunner contextRunner(RecordingProcessExit processExit) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(GracefulShutdownAutoConfiguration.class))
			.withPropertyValues("graceful-shutdown.signals.enabled=false")
			.withBean(ProcessExit.class, () -> processExit);
	}

	/**
	 * A shutdown by SIGTERM that completes, with the phases of the sample application (a
	 * web server and a management server, a worker, the executors, logging) and a release
	 * hook: the lines of {@code README.md}, {@code report.md} and {@code drain.md}.
	 */
	private static void completedShutdown(Path reportFile) {
		RecordingProcessExit processExit = new RecordingProcessExit();
		contextRunner(processExit).withPropertyValues("graceful-shutdown.report.file=" + reportFile)
			.withBean("webServerGracefulShutdown", PhasedLifecycle.class,
					() -> new PhasedLifecycle(Integer.MAX_VALUE - 1024))
			.withBean("childManagementContextInitializer", PhasedLifecycle.class,
					() -> new PhasedLifecycle(Integer.MAX_VALUE - 1024 - 512))
			.withBean("webServerStartStop", PhasedLifecycle.class, () -> new PhasedLifecycle(Integer.MAX_VALUE - 2048))
			.withBean("jobWorker", PhasedLifecycle.class, () -> new PhasedLifecycle(Integer.MAX_VALUE - 2049))
			.withBean("springBootLoggingLifecycle", PhasedLifecycle.class,
					() -> new PhasedLifecycle(Integer.MIN_VALUE + 1))
			.withBean("applicationTaskExecutor", ThreadPoolTaskExecutor.class)
			.withBean("auditLog", AuditLog.class)
			.run((context) -> {
				context.getBean(ShutdownCoordinator.class)
					.requestProcessShutdown(ShutdownRequest.now(ShutdownReason.SIGNAL, "SIGTERM"));
				assertThat(processExit.exited.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
			});
	}

	/**
	 * A shutdown whose deadline passes while a bean's {@code stop()} hangs: the hang
	 * report of {@code deadline-and-hang-report.md}.
	 */
	private static void deadlinePassed() throws InterruptedException {
		RecordingProcessExit processExit = new RecordingProcessExit();
		StuckOnStopLifecycle stuck = new StuckOnStopLifecycle();
		try {
			contextRunner(processExit).withPropertyValues("graceful-shutdown.deadline=1s")
				.withBean("stuckOnStopLifecycle", StuckOnStopLifecycle.class, () -> stuck)
				.run((context) -> {
					context.getBean(ShutdownCoordinator.class)
						.requestProcessShutdown(ShutdownRequest.now(ShutdownReason.SIGNAL, "SIGTERM"));
					assertThat(processExit.halted.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
					stuck.release.countDown();
					assertThat(context.getBean(ShutdownCoordinator.class).awaitCompletion(UPPER_BOUND)).isTrue();
				});
		}
		finally {
			stuck.release.countDown();
		}
	}

	/**
	 * SIGINT again while a request is in flight in the drain: the escalation of
	 * {@code signals.md}.
	 */
	private static void repeatedSignalDuringTheDrain() {
		RecordingProcessExit processExit = new RecordingProcessExit();
		contextRunner(processExit).run((context) -> {
			InFlightTracker inFlight = context.getBean(InFlightTracker.class);
			ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
			inFlight.started();
			try {
				coordinator.requestProcessShutdown(ShutdownRequest.now(ShutdownReason.SIGNAL, "SIGINT"));
				// The drain's stage, not the announce's, which starts the drain too.
				await().atMost(UPPER_BOUND).until(() -> coordinator.status().stage() == ShutdownStage.DRAIN);
				coordinator.repeatedSignal("SIGINT");
				assertThat(processExit.halts).hasSize(1);
			}
			finally {
				inFlight.finished();
			}
			assertThat(coordinator.awaitCompletion(UPPER_BOUND)).isTrue();
		});
	}

	/**
	 * A worker that fails: the lines of {@code api.md}.
	 */
	private static void workerFailed() {
		RecordingProcessExit processExit = new RecordingProcessExit();
		contextRunner(processExit).run((context) -> {
			context.getBean(GracefulShutdown.class).shutdownOnError("job-worker", () -> {
				throw new IllegalStateException("poison job");
			}).run();
			assertThat(processExit.exited.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		});
	}

	/**
	 * Startups on Kubernetes: the cloud drain's line of {@code getting-started.md} and
	 * the budget warnings of {@code getting-started.md} and {@code phases-and-hooks.md}.
	 */
	private static void startupOnKubernetes() {
		RecordingProcessExit processExit = new RecordingProcessExit();
		contextRunner(processExit)
			.withPropertyValues("spring.main.cloud-platform=kubernetes", "graceful-shutdown.deadline=30s")
			.run((context) -> assertThat(context).hasNotFailed());
		contextRunner(processExit)
			.withPropertyValues("graceful-shutdown.phases.timeout=10s",
					"graceful-shutdown.child-processes.enabled=true", "graceful-shutdown.child-processes.timeout=3s")
			.withBean("defaultPhase", PhasedLifecycle.class, () -> new PhasedLifecycle(Integer.MAX_VALUE))
			.withBean("webServerGracefulShutdown", PhasedLifecycle.class,
					() -> new PhasedLifecycle(Integer.MAX_VALUE - 1024))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	/**
	 * A POST from another site to the endpoint: the warning of {@code endpoint.md}.
	 */
	private static void crossSitePostRefused() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/actuator/shutdown-graceful");
		request.addHeader("Sec-Fetch-Site", "cross-site");
		request.addHeader("Origin", "http://evil.example");
		MockHttpServletResponse response = new MockHttpServletResponse();
		new ShutdownRequestBodyFilter(new CrossOriginCheck(List.of())).doFilter(request, response,
				new MockFilterChain());
		assertThat(response.getStatus()).isEqualTo(403);
	}

	/**
	 * A real exit ends the watchdogs and the sequence threads; the recording one leaves
	 * them to be ended here, so that none fires into the tests that follow. Only the
	 * threads these runs started.
	 */
	private static void endStarterThreads(Set<Thread> before) throws InterruptedException {
		Set<String> names = Set.of("graceful-shutdown", "graceful-shutdown-watchdog", "graceful-shutdown-backstop");
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			if (!before.contains(thread) && names.contains(thread.getName()) && thread.isAlive()) {
				if (!thread.getName().equals("graceful-shutdown")) {
					thread.interrupt();
				}
				thread.join(UPPER_BOUND.toMillis());
			}
		}
	}

	static class PhasedLifecycle implements SmartLifecycle {

		private final int phase;

		private volatile boolean running;

		PhasedLifecycle(int phase) {
			this.phase = phase;
		}

		@Override
		public void start() {
			this.running = true;
		}

		@Override
		public void stop() {
			this.running = false;
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

		@Override
		public int getPhase() {
			return this.phase;
		}

	}

	static class StuckOnStopLifecycle implements SmartLifecycle {

		final CountDownLatch release = new CountDownLatch(1);

		private volatile boolean running;

		@Override
		public void start() {
			this.running = true;
		}

		@Override
		public void stop() {
			try {
				this.release.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.running = false;
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

	}

	static class AuditLog {

		@OnShutdown(stage = ShutdownStage.RELEASE)
		void close() {
		}

	}

}
