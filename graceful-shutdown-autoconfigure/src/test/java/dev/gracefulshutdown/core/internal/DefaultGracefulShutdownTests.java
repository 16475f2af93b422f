package dev.gracefulshutdown.core.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.gracefulshutdown.DrainFinishedEvent;
import dev.gracefulshutdown.DrainStartedEvent;
import dev.gracefulshutdown.GracefulShutdown;
import dev.gracefulshutdown.ShutdownHandle;
import dev.gracefulshutdown.ShutdownReason;
import dev.gracefulshutdown.ShutdownRequest;
import dev.gracefulshutdown.ShutdownRequestedEvent;
import dev.gracefulshutdown.ShutdownStage;
import dev.gracefulshutdown.ShutdownState;
import dev.gracefulshutdown.ShutdownStatus;
import dev.gracefulshutdown.autoconfigure.GracefulShutdownAutoConfiguration;
import dev.gracefulshutdown.testsupport.RecordingProcessExit;
import dev.gracefulshutdown.core.ProcessExit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.ExitCodeEvent;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link DefaultGracefulShutdown}, the {@link GracefulShutdown} API, wired by
 * the auto-configuration, with a {@link ProcessExit} that records instead of ending the
 * JVM.
 */
@ExtendWith(OutputCaptureExtension.class)
class DefaultGracefulShutdownTests {

	private static final Duration UPPER_BOUND = Duration.ofSeconds(30);

	private static final Duration DEADLINE = Duration.ofSeconds(25);

	private final RecordingProcessExit processExit = new RecordingProcessExit();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GracefulShutdownAutoConfiguration.class))
		.withPropertyValues("graceful-shutdown.signals.enabled=false")
		.withBean(ProcessExit.class, () -> this.processExit)
		.withBean(EventRecorder.class);

	@AfterEach
	void endWatchdogsThatARealExitWouldHaveEnded() throws InterruptedException {
		// The recording exit returns where the real one never does: the sequence thread
		// ends, but the watchdog armed for the exit would fire into later tests.
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			if (ShutdownWatchdog.THREAD_NAME.equals(thread.getName())) {
				thread.interrupt();
				thread.join(UPPER_BOUND.toMillis());
			}
		}
	}

	@Test
	void requestShutdownWithAReasonExitsWithTheGracefulCode() {
		this.contextRunner.run((context) -> {
			ShutdownHandle handle = gracefulShutdown(context).requestShutdown("maintenance window");
			assertThat(handle.id()).isNotBlank();
			assertThat(handle.request().reason()).isEqualTo(ShutdownReason.REQUESTED);
			assertThat(handle.request().origin()).isEqualTo("GracefulShutdown API");
			assertThat(handle.request().detail()).isEqualTo("maintenance window");
			assertThat(handle.request().exitCode()).isNull();
			assertThat(handle.completion()).succeedsWithin(UPPER_BOUND).isEqualTo(0);
			assertThat(this.processExit.awaitExit()).isTrue();
			assertThat(this.processExit.exits).containsExactly(0);
			assertThat(this.processExit.exitThreadName).hasValue(ShutdownCoordinator.SEQUENCE_THREAD_NAME);
			assertThat(this.processExit.halts).isEmpty();
			assertThat(context.getSourceApplicationContext().isActive()).isFalse();
		});
	}

	@Test
	void configuredGracefulCodeIsUsedWhenTheRequestHasNoExitCode() {
		this.contextRunner.withPropertyValues("graceful-shutdown.exit-code.graceful=9").run((context) -> {
			gracefulShutdown(context).requestShutdown("maintenance window");
			assertThat(this.processExit.awaitExit()).isTrue();
			assertThat(this.processExit.exits).containsExactly(9);
		});
	}

	@Test
	void requestShutdownWithAnExitCodeExitsWithItAndLogsTheFinalMessagesAtTheEnd(CapturedOutput output) {
		this.contextRunner.run((context) -> {
			ShutdownHandle handle = gracefulShutdown(context).requestShutdown("reindex done", 3,
					List.of("Goodbye from the reindexer", "See you"));
			assertThat(handle.request().exitCode()).isEqualTo(3);
			assertThat(handle.request().finalMessages()).containsExactly("Goodbye from the reindexer", "See you");
			assertThat(this.processExit.awaitExit()).isTrue();
			assertThat(this.processExit.exits).containsExactly(3);
			assertThat(handle.completion()).succeedsWithin(UPPER_BOUND).isEqualTo(3);
			String log = output.toString();
			int summary = log.indexOf("Graceful shutdown complete");
			int first = log.indexOf("Goodbye from the reindexer");
			int second = log.indexOf("See you");
			int farewell = log.indexOf("Farewell: graceful shutdown done, exiting with code 3");
			assertThat(summary).isNotNegative();
			assertThat(first).isGreaterThan(summary);
			assertThat(second).isGreaterThan(first);
			assertThat(farewell).isGreaterThan(second);
		});
	}

	@Test
	void statusTellsWhereTheShutdownStands() {
		this.contextRunner.run((context) -> {
			GracefulShutdown gracefulShutdown = gracefulShutdown(context);
			InFlightTracker tracker = context.getBean(InFlightTracker.class);
			assertThat(gracefulShutdown.isShuttingDown()).isFalse();
			assertThat(gracefulShutdown.status()).isEqualTo(
					new ShutdownStatus(null, ShutdownState.RUNNING, null, null, null, null, null, null, 0, null, null));
			// A request in flight holds the drain open until it finishes.
			tracker.started();
			ShutdownHandle handle = gracefulShutdown.requestShutdown("maintenance window");
			assertThat(gracefulShutdown.isShuttingDown()).isTrue();
			await().atMost(UPPER_BOUND).until(() -> gracefulShutdown.status().stage() == ShutdownStage.DRAIN);
			ShutdownStatus draining = gracefulShutdown.status();
			assertThat(draining.id()).isEqualTo(handle.id());
			assertThat(draining.state()).isEqualTo(ShutdownState.DRAINING);
			assertThat(draining.reason()).isEqualTo(ShutdownReason.REQUESTED);
			assertThat(draining.origin()).isEqualTo("GracefulShutdown API");
			assertThat(draining.detail()).isEqualTo("maintenance window");
			Instant requestedAt = handle.request().requestedAt();
			assertThat(draining.requestedAt()).isEqualTo(requestedAt);
			assertThat(draining.deadlineAt()).isEqualTo(requestedAt.plus(DEADLINE));
			assertThat(draining.inFlight()).isOne();
			assertThat(draining.elapsed()).isNotNull().isGreaterThanOrEqualTo(Duration.ZERO);
			assertThat(draining.remaining()).isPositive().isLessThanOrEqualTo(DEADLINE);
			assertThat(draining.elapsed().plus(draining.remaining())).isLessThanOrEqualTo(DEADLINE);
			assertThat(handle.completion()).isNotDone();
			assertThat(this.processExit.exits).isEmpty();
			tracker.finished();
			assertThat(this.processExit.awaitExit()).isTrue();
			ShutdownStatus stopped = gracefulShutdown.status();
			assertThat(stopped.id()).isEqualTo(handle.id());
			assertThat(stopped.state()).isEqualTo(ShutdownState.STOPPED);
			assertThat(stopped.stage()).isNull();
			assertThat(stopped.inFlight()).isZero();
			assertThat(gracefulShutdown.isShuttingDown()).isTrue();
		});
	}

	@Test
	void secondRequestJoinsTheFirst(CapturedOutput output) {
		this.contextRunner.run((context) -> {
			GracefulShutdown gracefulShutdown = gracefulShutdown(context);
			InFlightTracker tracker = context.getBean(InFlightTracker.class);
			EventRecorder recorder = context.getBean(EventRecorder.class);
			tracker.started();
			ShutdownHandle first = gracefulShutdown.requestShutdown("first");
			ShutdownHandle second = gracefulShutdown.requestShutdown("second", 5, List.of("Never logged"));
			assertThat(second.id()).isEqualTo(first.id());
			assertThat(second.request()).isEqualTo(first.request());
			assertThat(second.completion()).isSameAs(first.completion());
			tracker.finished();
			assertThat(this.processExit.awaitExit()).isTrue();
			ShutdownHandle late = gracefulShutdown.requestShutdown("late");
			assertThat(late.id()).isEqualTo(first.id());
			awaitSequenceThreadsEnded();
			assertThat(this.processExit.exits).containsExactly(0);
			assertThat(first.completion()).isCompletedWithValue(0);
			assertThat(recorder.events).filteredOn((event) -> event.startsWith("ShutdownRequestedEvent")).hasSize(1);
			assertThat(output).contains("already in progress").doesNotContain("Never logged");
		});
	}

	@Test
	void exitCodeOutOfRangeIsRejectedAndStartsNothing() {
		this.contextRunner.run((context) -> {
			GracefulShutdown gracefulShutdown = gracefulShutdown(context);
			assertThatIllegalArgumentException().isThrownBy(() -> gracefulShutdown.requestShutdown("r", 256, List.of()))
				.withMessageContaining("256");
			assertThatIllegalArgumentException().isThrownBy(() -> gracefulShutdown.requestShutdown("r", -1, List.of()))
				.withMessageContaining("-1");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> gracefulShutdown.requestShutdown(
						new ShutdownRequest(ShutdownReason.REQUESTED, "test", "", Instant.now(), 300, List.of())))
				.withMessageContaining("300");
			assertNothingStarted(context);
		});
	}

	@Test
	void emptyReasonIsRejectedAndStartsNothing() {
		this.contextRunner.run((context) -> {
			GracefulShutdown gracefulShutdown = gracefulShutdown(context);
			assertThatIllegalArgumentException().isThrownBy(() -> gracefulShutdown.requestShutdown(" "));
			assertThatIllegalArgumentException().isThrownBy(() -> gracefulShutdown.requestShutdown("", 3, List.of()));
			assertNothingStarted(context);
		});
	}

	@Test
	void eventsArePublishedOnceEachInOrder() {
		this.contextRunner.run((context) -> {
			EventRecorder recorder = context.getBean(EventRecorder.class);
			ShutdownHandle handle = gracefulShutdown(context).requestShutdown("maintenance window");
			assertThat(this.processExit.awaitExit()).isTrue();
			// Not on the caller's thread: a listener that blocks must not hold up whoever
			// asked (a signal handler, a request thread).
			String sequence = ShutdownCoordinator.SEQUENCE_THREAD_NAME;
			assertThat(recorder.events).containsExactly("ShutdownRequestedEvent " + handle.id() + " on " + sequence,
					"DrainStartedEvent " + handle.id() + " on " + sequence,
					"DrainFinishedEvent " + handle.id() + " on " + sequence);
		});
	}

	@Test
	void shutdownRequestedEventCarriesTheRequest() {
		this.contextRunner.run((context) -> {
			EventRecorder recorder = context.getBean(EventRecorder.class);
			ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
			ShutdownHandle handle = gracefulShutdown(context).requestShutdown("maintenance window");
			assertThat(this.processExit.awaitExit()).isTrue();
			assertThat(recorder.requested).singleElement().satisfies((event) -> {
				assertThat(event.getRequest()).isEqualTo(handle.request());
				assertThat(event.getSource()).isSameAs(coordinator);
			});
			assertThat(recorder.drainFinished).singleElement()
				.satisfies((event) -> assertThat(event.isCutShort()).isFalse());
		});
	}

	@Test
	void listenerThatThrowsDoesNotStopTheShutdown(CapturedOutput output) {
		this.contextRunner.withBean(ThrowingListener.class).run((context) -> {
			ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
			ShutdownHandle handle = gracefulShutdown(context).requestShutdown("maintenance window");
			assertThat(this.processExit.awaitExit()).isTrue();
			assertThat(this.processExit.exits).containsExactly(0);
			assertThat(this.processExit.halts).isEmpty();
			assertThat(handle.completion()).isCompletedWithValue(0);
			assertThat(coordinator.state()).isEqualTo(ShutdownState.STOPPED);
			assertThat(output).contains("Listener of ShutdownRequestedEvent failed")
				.contains("Listener of DrainStartedEvent failed")
				.contains("Listener of DrainFinishedEvent failed");
		});
	}

	@Test
	void exitCodeGeneratorReportsZeroWhenNothingWasRequested() {
		this.contextRunner.run((context) -> {
			ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
			assertThat(coordinator.getExitCode()).isZero();
			assertThat(SpringApplication.exit(context.getSourceApplicationContext())).isZero();
			assertThat(coordinator.request()).map(ShutdownRequest::reason).hasValue(ShutdownReason.CONTEXT_CLOSED);
			assertThat(coordinator.getExitCode()).isZero();
			assertThat(this.processExit.exits).isEmpty();
		});
	}

	@Test
	void exitCodeGeneratorReportsTheRequestedExitCode() {
		this.contextRunner.run((context) -> {
			ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
			InFlightTracker tracker = context.getBean(InFlightTracker.class);
			tracker.started();
			gracefulShutdown(context).requestShutdown("reindex done", 3, List.of());
			assertThat(coordinator.getExitCode()).isEqualTo(3);
			tracker.finished();
			assertThat(this.processExit.awaitExit()).isTrue();
			assertThat(coordinator.getExitCode()).isEqualTo(3);
			assertThat(this.processExit.exits).containsExactly(3);
		});
	}

	@Test
	void springApplicationExitAgreesWithTheRequestedExitCode() {
		this.contextRunner.run((context) -> {
			InFlightTracker tracker = context.getBean(InFlightTracker.class);
			EventRecorder recorder = context.getBean(EventRecorder.class);
			tracker.started();
			gracefulShutdown(context).requestShutdown("reindex done", 3, List.of());
			await().atMost(UPPER_BOUND).until(() -> gracefulShutdown(context).status().stage() == ShutdownStage.DRAIN);
			// SpringApplication.exit asks the generators, then closes the context: that
			// close waits for the one under way, so the request in flight ends on
			// another thread.
			CountDownLatch asked = new CountDownLatch(1);
			recorder.onExitCodeEvent = asked::countDown;
			Thread finisher = new Thread(() -> {
				try {
					if (asked.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
						tracker.finished();
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}, "test-finisher");
			finisher.start();
			assertThat(SpringApplication.exit(context.getSourceApplicationContext())).isEqualTo(3);
			finisher.join(UPPER_BOUND.toMillis());
			assertThat(this.processExit.awaitExit()).isTrue();
			assertThat(this.processExit.exits).containsExactly(3);
		});
	}

	@Test
	void failingRunnableLogsRunsOnErrorThenShutsDownWithTheErrorCode(CapturedOutput output) {
		this.contextRunner.run((context) -> {
			GracefulShutdown gracefulShutdown = gracefulShutdown(context);
			ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
			EventRecorder recorder = context.getBean(EventRecorder.class);
			IllegalStateException boom = new IllegalStateException("boom");
			Runnable failing = () -> {
				throw boom;
			};
			Runnable worker = gracefulShutdown.shutdownOnError("orders-poller", failing,
					(error) -> recorder.record("onError " + error.getMessage() + " while " + coordinator.state()));
			worker.run();
			assertThat(this.processExit.awaitExit()).isTrue();
			assertThat(this.processExit.exits).containsExactly(70);
			assertThat(recorder.events).hasSizeGreaterThan(1);
			assertThat(recorder.events.get(0)).isEqualTo("onError boom while RUNNING");
			assertThat(recorder.events.get(1)).startsWith("ShutdownRequestedEvent");
			assertThat(coordinator.request()).hasValueSatisfying((request) -> {
				assertThat(request.reason()).isEqualTo(ShutdownReason.ERROR);
				assertThat(request.origin()).isEqualTo("worker 'orders-poller'");
				assertThat(request.detail()).contains("boom");
			});
			assertThat(coordinator.getExitCode()).isEqualTo(70);
			String log = output.toString();
			int failed = log.indexOf("Worker 'orders-poller' failed");
			int summary = log.indexOf("Graceful shutdown complete");
			int finalMessage = log.indexOf("Worker 'orders-poller' failed: java.lang.IllegalStateException: boom");
			assertThat(failed).isNotNegative();
			assertThat(log.indexOf("java.lang.IllegalStateException: boom", failed)).isGreaterThan(failed);
			assertThat(summary).isGreaterThan(failed);
			assertThat(finalMessage).isGreaterThan(summary);
		});
	}

	@Test
	void errorExitCodeIsConfigurable() {
		this.contextRunner.withPropertyValues("graceful-shutdown.exit-code.error=17").run((context) -> {
			gracefulShutdown(context).shutdownOnError("orders-poller", () -> {
				throw new IllegalStateException("boom");
			}).run();
			assertThat(this.processExit.awaitExit()).isTrue();
			assertThat(this.processExit.exits).containsExactly(17);
		});
	}

	@Test
	void failingCallableShutsDownAndRethrowsToTheCaller(CapturedOutput output) {
		this.contextRunner.run((context) -> {
			GracefulShutdown gracefulShutdown = gracefulShutdown(context);
			EventRecorder recorder = context.getBean(EventRecorder.class);
			ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
			Exception boom = new Exception("report failed");
			Callable<String> worker = gracefulShutdown.shutdownOnError("report-builder", () -> {
				throw boom;
			}, (error) -> recorder.record("onError " + error.getMessage()));
			assertThatExceptionOfType(Exception.class).isThrownBy(worker::call).isSameAs(boom);
			assertThat(this.processExit.awaitExit()).isTrue();
			assertThat(this.processExit.exits).containsExactly(70);
			assertThat(recorder.events.get(0)).isEqualTo("onError report failed");
			assertThat(recorder.events.get(1)).startsWith("ShutdownRequestedEvent");
			assertThat(coordinator.request()).map(ShutdownRequest::origin).hasValue("worker 'report-builder'");
			assertThat(output).contains("Worker 'report-builder' failed")
				.contains("Worker 'report-builder' failed: java.lang.Exception: report failed");
		});
	}

	@Test
	void failingCallableFailsItsFutureWithTheError() {
		this.contextRunner.run((context) -> {
			IllegalStateException boom = new IllegalStateException("boom");
			Callable<Integer> worker = gracefulShutdown(context).shutdownOnError("report-builder", () -> {
				throw boom;
			}, (error) -> {
			});
			ExecutorService executor = Executors.newSingleThreadExecutor();
			try {
				Future<Integer> future = executor.submit(worker);
				assertThatExceptionOfType(ExecutionException.class)
					.isThrownBy(() -> future.get(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS))
					.havingCause()
					.isSameAs(boom);
			}
			finally {
				executor.shutdown();
			}
			assertThat(this.processExit.awaitExit()).isTrue();
			assertThat(this.processExit.exits).containsExactly(70);
		});
	}

	@Test
	void onErrorThatThrowsStillLeadsToTheShutdown(CapturedOutput output) {
		this.contextRunner.run((context) -> {
			Runnable failing = () -> {
				throw new IllegalStateException("boom");
			};
			gracefulShutdown(context).shutdownOnError("orders-poller", failing, (error) -> {
				throw new IllegalArgumentException("onError broken");
			}).run();
			assertThat(this.processExit.awaitExit()).isTrue();
			assertThat(this.processExit.exits).containsExactly(70);
			assertThat(output).contains("The onError callback of worker 'orders-poller' failed as well")
				.contains("onError broken");
		});
	}

	@Test
	void workThatSucceedsStartsNoShutdown() {
		this.contextRunner.run((context) -> {
			GracefulShutdown gracefulShutdown = gracefulShutdown(context);
			List<Throwable> errors = new CopyOnWriteArrayList<>();
			List<String> ran = new CopyOnWriteArrayList<>();
			gracefulShutdown.shutdownOnError("orders-poller", () -> {
				ran.add("runnable");
			}, errors::add).run();
			assertThat(gracefulShutdown.shutdownOnError("report-builder", () -> 42, errors::add).call()).isEqualTo(42);
			gracefulShutdown.shutdownOnError("cleaner", () -> ran.add("default onError")).run();
			assertThat(ran).containsExactly("runnable", "default onError");
			assertThat(errors).isEmpty();
			assertNothingStarted(context);
		});
	}

	@Test
	void wrappedRunnableOnAServicesOwnThreadShutsDownWithoutAnUncaughtException() {
		this.contextRunner.run((context) -> {
			ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
			AtomicReference<Throwable> uncaught = new AtomicReference<>();
			Runnable work = gracefulShutdown(context).shutdownOnError("orders-worker", () -> {
				throw new IllegalStateException("queue closed");
			});
			Thread worker = new Thread(work, "orders-worker");
			worker.setUncaughtExceptionHandler((thread, ex) -> uncaught.set(ex));
			worker.start();
			worker.join(UPPER_BOUND.toMillis());
			assertThat(worker.isAlive()).isFalse();
			assertThat(this.processExit.awaitExit()).isTrue();
			assertThat(this.processExit.exits).containsExactly(70);
			assertThat(uncaught).hasNullValue();
			assertThat(coordinator.request()).hasValueSatisfying((request) -> {
				assertThat(request.reason()).isEqualTo(ShutdownReason.ERROR);
				assertThat(request.origin()).isEqualTo("worker 'orders-worker'");
			});
		});
	}

	@Test
	void fatalErrorIsRethrownAfterTheShutdownStarted() {
		this.contextRunner.run((context) -> {
			InternalError fatal = new InternalError("fatal");
			Runnable worker = gracefulShutdown(context).shutdownOnError("orders-poller", () -> {
				throw fatal;
			});
			assertThatExceptionOfType(InternalError.class).isThrownBy(worker::run).isSameAs(fatal);
			assertThat(this.processExit.awaitExit()).isTrue();
			assertThat(this.processExit.exits).containsExactly(70);
		});
	}

	@Test
	void workerFailingWhileThePlainContextCloseDrainsDoesNotEndTheProcessWithTheGracefulCode() {
		// A plain close leaves the JVM to whoever closed the context (a test suite, a
		// DevTools restart); a worker that fails because its resources are going away
		// must not turn that close into System.exit(0).
		this.contextRunner.run((context) -> {
			GracefulShutdown gracefulShutdown = gracefulShutdown(context);
			ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
			InFlightTracker tracker = context.getBean(InFlightTracker.class);
			Runnable worker = gracefulShutdown.shutdownOnError("orders-poller", () -> {
				throw new IllegalStateException("queue closed");
			});
			tracker.started();
			Thread closer = new Thread(context.getSourceApplicationContext()::close, "test-closer");
			closer.start();
			await().atMost(UPPER_BOUND).until(() -> coordinator.status().stage() == ShutdownStage.DRAIN);
			worker.run();
			tracker.finished();
			closer.join(UPPER_BOUND.toMillis());
			assertThat(closer.isAlive()).isFalse();
			awaitSequenceThreadsEnded();
			assertThat(coordinator.request()).map(ShutdownRequest::reason).hasValue(ShutdownReason.CONTEXT_CLOSED);
			assertThat(this.processExit.exits).doesNotContain(0);
		});
	}

	@Test
	void workerFailingAfterAPlainContextCloseDoesNotEndTheProcessWithTheGracefulCode() {
		this.contextRunner.run((context) -> {
			GracefulShutdown gracefulShutdown = gracefulShutdown(context);
			ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
			Runnable worker = gracefulShutdown.shutdownOnError("orders-poller", () -> {
				throw new IllegalStateException("queue closed");
			});
			context.close();
			assertThat(coordinator.state()).isEqualTo(ShutdownState.STOPPED);
			worker.run();
			awaitSequenceThreadsEnded();
			assertThat(this.processExit.exits).doesNotContain(0);
		});
	}

	private static GracefulShutdown gracefulShutdown(AssertableApplicationContext context) {
		return context.getBean(GracefulShutdown.class);
	}

	private void assertNothingStarted(AssertableApplicationContext context) {
		assertThat(gracefulShutdown(context).isShuttingDown()).isFalse();
		assertThat(gracefulShutdown(context).status().state()).isEqualTo(ShutdownState.RUNNING);
		assertThat(context.getBean(ShutdownCoordinator.class).request()).isEmpty();
		assertThat(context.getBean(EventRecorder.class).events).isEmpty();
		assertThat(this.processExit.exits).isEmpty();
		assertThat(context.getSourceApplicationContext().isActive()).isTrue();
	}

	private static void awaitSequenceThreadsEnded() {
		await().atMost(UPPER_BOUND)
			.until(() -> Thread.getAllStackTraces()
				.keySet()
				.stream()
				.noneMatch((thread) -> ShutdownCoordinator.SEQUENCE_THREAD_NAME.equals(thread.getName())));
	}

	/**
	 * Records the shutdown events, and what the tests add, in the order they happen.
	 */
	static final class EventRecorder implements ApplicationListener<ApplicationEvent> {

		final List<String> events = new CopyOnWriteArrayList<>();

		final List<ShutdownRequestedEvent> requested = new CopyOnWriteArrayList<>();

		final List<DrainFinishedEvent> drainFinished = new CopyOnWriteArrayList<>();

		volatile Runnable onExitCodeEvent = () -> {
		};

		@Override
		public void onApplicationEvent(ApplicationEvent event) {
			String thread = " on " + Thread.currentThread().getName();
			if (event instanceof ShutdownRequestedEvent requestedEvent) {
				this.requested.add(requestedEvent);
				record("ShutdownRequestedEvent " + requestedEvent.getShutdownId() + thread);
			}
			else if (event instanceof DrainStartedEvent started) {
				record("DrainStartedEvent " + started.getShutdownId() + thread);
			}
			else if (event instanceof DrainFinishedEvent finished) {
				this.drainFinished.add(finished);
				record("DrainFinishedEvent " + finished.getShutdownId() + thread);
			}
			else if (event instanceof ExitCodeEvent) {
				this.onExitCodeEvent.run();
			}
		}

		void record(String entry) {
			this.events.add(entry);
		}

	}

	/**
	 * A listener that fails on every shutdown event.
	 */
	static final class ThrowingListener implements ApplicationListener<ApplicationEvent> {

		@Override
		public void onApplicationEvent(ApplicationEvent event) {
			if (event instanceof ShutdownRequestedEvent || event instanceof DrainStartedEvent
					|| event instanceof DrainFinishedEvent) {
				throw new IllegalStateException("listener failure on " + event.getClass().getSimpleName());
			}
		}

	}

}
