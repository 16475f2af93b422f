package dev.gracefulshutdown.core.internal;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.gracefulshutdown.ShutdownHandle;
import dev.gracefulshutdown.ShutdownOutcome;
import dev.gracefulshutdown.ShutdownReason;
import dev.gracefulshutdown.ShutdownReportListener;
import dev.gracefulshutdown.ShutdownRequest;
import dev.gracefulshutdown.ShutdownRequestedEvent;
import dev.gracefulshutdown.ShutdownState;
import dev.gracefulshutdown.ShutdownStatus;
import dev.gracefulshutdown.core.ProcessExit;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.ExitCodeGenerator;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * The request side of the shutdown: every trigger (a signal, the endpoint, the Java API,
 * a worker's error, the JVM's exit, {@code context.close()}) hands its
 * {@link ShutdownRequest} here. The first one starts the one {@link ShutdownSequence}
 * (announce, drain, stop, release, finish) within one deadline, and later ones join it;
 * the status and the id of the shutdown are read here too. How far the shutdown has got
 * is kept by a {@link ShutdownProgress}, the end of the process is decided by the
 * {@link ShutdownTermination}, and what holds it up is collected by the
 * {@link HangReportCollector}.
 * <p>
 * The drain runs on the thread that closes the context, from the
 * {@code ContextClosedEvent}, which Spring publishes before any lifecycle phase stops:
 * that is what "above every other phase" means in practice, since every
 * {@link SmartLifecycle} that does not choose a phase already sits at
 * {@link Integer#MAX_VALUE}. Internal, not API: applications use
 * {@link dev.gracefulshutdown.GracefulShutdown}; public for the auto-configuration and
 * the starter's integrations (signals, executors).
 * <p>
 * Longer than 300 lines because it is the one entry point that the triggers, the API, the
 * endpoint and the integrations share (request, join, status, exit code, leases, workers,
 * completion); each of those methods only delegates to the part that does the work.
 */
public final class ShutdownCoordinator implements SmartLifecycle, ExitCodeGenerator {

	/**
	 * The lifecycle phase of the coordinator: the highest there is.
	 */
	public static final int PHASE = Integer.MAX_VALUE;

	static final String SEQUENCE_THREAD_NAME = "graceful-shutdown";

	private static final Log logger = LogFactory.getLog(ShutdownCoordinator.class);

	private final ConfigurableApplicationContext context;

	private final ShutdownSettings settings;

	private final InFlightTracker inFlight;

	private final DefaultShutdownSignal signal;

	private final LifecycleStopRecorder lifecycleStops;

	private final ShutdownProgress progress = new ShutdownProgress();

	private final ShutdownReportPublisher reports;

	private final ShutdownTermination termination;

	private final ShutdownSequence sequence;

	private volatile boolean running;

	/**
	 * Create a new coordinator.
	 * @param context the application context whose close is the shutdown
	 * @param settings the deadline, drain and exit settings
	 * @param inFlight the tracker of work in flight
	 * @param processExit how the process is ended
	 * @param signal the signal that wakes worker loops when a shutdown is requested
	 * @param hooks the runner of the application's shutdown hooks
	 * @param lifecycleStops the record of how the lifecycle phases stop
	 * @param leases the leases the shutdown waits for
	 * @param workers the worker threads the shutdown joins
	 */
	public ShutdownCoordinator(ConfigurableApplicationContext context, ShutdownSettings settings,
			InFlightTracker inFlight, ProcessExit processExit, DefaultShutdownSignal signal, ShutdownHookRunner hooks,
			LifecycleStopRecorder lifecycleStops, LeaseRegistry leases, WorkerRegistry workers) {
		Assert.notNull(context, "'context' must not be null");
		Assert.notNull(settings, "'settings' must not be null");
		Assert.notNull(inFlight, "'inFlight' must not be null");
		Assert.notNull(processExit, "'processExit' must not be null");
		Assert.notNull(signal, "'signal' must not be null");
		Assert.notNull(hooks, "'hooks' must not be null");
		Assert.notNull(lifecycleStops, "'lifecycleStops' must not be null");
		Assert.notNull(leases, "'leases' must not be null");
		Assert.notNull(workers, "'workers' must not be null");
		this.context = context;
		this.settings = settings;
		this.inFlight = inFlight;
		this.signal = signal;
		this.lifecycleStops = lifecycleStops;
		StageTimeline timeline = new StageTimeline();
		ChildProcessReaper childProcesses = new ChildProcessReaper();
		this.reports = new ShutdownReportPublisher(this.progress, timeline, lifecycleStops, hooks, inFlight);
		HangReportCollector hangReports = new HangReportCollector(this.progress, timeline, lifecycleStops, hooks,
				inFlight, leases, workers, childProcesses, this.reports);
		this.termination = new ShutdownTermination(this.progress, settings.exitCodes(), processExit, hooks,
				hangReports);
		this.sequence = new ShutdownSequence(this, context, settings, this.progress,
				new ShutdownSequence.Parts(timeline, inFlight, signal, hooks, lifecycleStops, leases, workers,
						childProcesses, this.reports, hangReports),
				this.termination);
		new BlockingStopWatch(lifecycleStops, this.sequence::blockingOverrun);
	}

	/**
	 * Start the shutdown (or join the one under way) and end the process when the
	 * sequence is over. Returns at once: the sequence runs on a thread of its own.
	 * @param request what asks for the shutdown
	 * @return the handle of the shutdown, the same for every request that joins it
	 */
	public ShutdownHandle requestProcessShutdown(ShutdownRequest request) {
		// When the JVM has begun to exit (an unhandled signal, System.exit), its exit
		// status is decided: the request joins the close that its shutdown hooks run,
		// and no exit of ours would be carried out (System.exit blocks during them).
		boolean jvmExiting = this.progress.exitRequest() == null && this.termination.isJvmExiting();
		// Recorded before the trigger makes the request visible: a repeated signal on
		// another handler thread that sees the request must also see that the process is
		// exiting, or its escalation would leave the JVM running.
		boolean exiting = !jvmExiting && this.progress.claimExit(request);
		boolean first = trigger(request, jvmExiting);
		if (!first && (exiting || jvmExiting)) {
			// A plain close under way now ends the process, or the JVM has begun to exit
			// during it.
			this.termination.processEnding();
		}
		if (!first) {
			ShutdownProgress.Started started = this.progress.current();
			logger.info("Shutdown " + started.id() + " already in progress (" + started.request().describe() + "); "
					+ request.describe() + " joins it"
					+ (jvmExiting ? ", and the JVM, which started the exit, chooses its exit status" : ""));
		}
		if (exiting) {
			startSequenceThread();
		}
		return handle();
	}

	/**
	 * Start a shutdown that ends the process, unless a shutdown is already under way, in
	 * which case nothing changes: an error that happens while the application shuts down
	 * is most likely a consequence of it, and must not turn a plain context close (a
	 * test, a restart) into the end of the JVM.
	 * @param request what asks for the shutdown
	 * @return the handle of the new shutdown, or empty if one was already under way
	 */
	public Optional<ShutdownHandle> requestProcessShutdownUnlessShuttingDown(ShutdownRequest request) {
		if (!trigger(request, false)) {
			return Optional.empty();
		}
		if (this.progress.claimExit(request)) {
			this.termination.processEnding();
			startSequenceThread();
		}
		return Optional.of(handle());
	}

	private void startSequenceThread() {
		Thread sequence = new Thread(this::closeAndExit, SEQUENCE_THREAD_NAME);
		// Signal handler threads are daemons, and a thread inherits that: this one must
		// keep the JVM alive until it has chosen the exit code.
		sequence.setDaemon(false);
		sequence.setContextClassLoader(ShutdownCoordinator.class.getClassLoader());
		sequence.start();
	}

	private void closeAndExit() {
		publishRequested();
		try {
			this.context.close();
		}
		catch (RuntimeException ex) {
			logger.error("Closing the application context failed", ex);
		}
		if (!this.progress.isClosing()) {
			// The context was not active, so nothing ran: nothing is left to wait for.
			this.sequence.finish();
		}
		try {
			if (!this.sequence.awaitCompletion(this.progress.current().deadline().remaining())) {
				return;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		this.termination.exitGracefully();
	}

	/**
	 * Record the first request and arm the backstop and the watchdog. Nothing here waits
	 * for anything the application does: it runs on whatever thread asked (a signal
	 * handler, a request thread), and the {@link ShutdownRequestedEvent} is published
	 * later, by the thread that runs the sequence.
	 * @param request the request
	 * @param jvmExiting whether the JVM is known to be exiting already
	 * @return whether this request started the sequence
	 */
	boolean trigger(ShutdownRequest request, boolean jvmExiting) {
		// The backstop starts first, before anything that can block (the first log line,
		// a listener): from here on the process ends a little after the deadline.
		ShutdownProgress.Started started = this.progress.start(request,
				() -> Deadline.startingNow(this.settings.deadline()),
				(deadline) -> this.termination.started(deadline, jvmExiting || this.progress.exitRequest() != null));
		if (started == null) {
			return false;
		}
		this.termination.watch(started.deadline());
		this.lifecycleStops.origin(started.deadline().startNanos());
		this.signal.fire();
		// Registered now, after every listener bean: a shutdown requested during startup
		// must not see readiness flip back when SpringApplication.run completes.
		this.context.addApplicationListener(new ReadinessGuard(this.context, started.id()));
		this.reports.listeners(findReportListeners());
		return true;
	}

	/**
	 * Publish the {@link ShutdownRequestedEvent}, once, on the thread that runs the
	 * sequence: not on the thread that asked, which may be a signal handler that a
	 * listener that blocks would keep from handling the next signal.
	 */
	private void publishRequested() {
		if (this.progress.claimRequestPublication()) {
			ShutdownProgress.Started started = this.progress.current();
			this.sequence.publish(new ShutdownRequestedEvent(this, started.id(), started.request()));
		}
	}

	/**
	 * The context is closing: announce, drain and stop intake, on the closing thread,
	 * before any lifecycle phase stops. A close that no request started is its own
	 * request.
	 */
	void announceDrainAndStop() {
		if (this.progress.started() == null) {
			boolean jvmExiting = this.termination.isJvmExiting();
			trigger(ShutdownRequest.now(jvmExiting ? ShutdownReason.JVM_EXIT : ShutdownReason.CONTEXT_CLOSED,
					jvmExiting ? "JVM shutdown hook" : "ApplicationContext.close()"), jvmExiting);
		}
		publishRequested();
		this.sequence.announce();
		this.sequence.drain();
		this.sequence.stop();
	}

	/**
	 * Every lifecycle phase has stopped; bean destruction begins.
	 */
	void release() {
		this.sequence.release();
	}

	/**
	 * The last bean has been destroyed.
	 */
	void finish() {
		this.sequence.finish();
	}

	/**
	 * A bean is about to be destroyed: remembered for the hang report.
	 * @param beanName the bean's name
	 * @param type its class
	 */
	void destroying(String beanName, Class<?> type) {
		this.sequence.destroying(beanName, type);
	}

	/**
	 * A lifecycle phase timed out with beans still running.
	 * @param phase the phase
	 * @param timeout its timeout
	 * @param stillRunning the beans still running
	 */
	void phaseTimedOut(int phase, Duration timeout, List<String> stillRunning) {
		this.sequence.phaseTimedOut(phase, timeout, stillRunning);
	}

	/**
	 * A signal came again while shutting down and escalates the shutdown: skip every
	 * remaining wait, log the hang report and halt with the timeout exit code. Whether a
	 * repeated signal escalates or joins is the signal handler's decision
	 * ({@code graceful-shutdown.signals.on-repeat}).
	 * @param signal the signal, such as {@code SIGINT}
	 */
	public void repeatedSignal(String signal) {
		String name = signal.startsWith("SIG") ? signal.substring(3) : signal;
		this.termination.end(ShutdownOutcome.ESCALATED,
				signal + " again during shutdown " + this.progress.current().id()
						+ ": escalating, skipping the remaining waits (graceful-shutdown.signals.on-repeat." + name
						+ "=escalate)");
	}

	/**
	 * Return the handle of the shutdown under way.
	 * @return the handle
	 * @throws IllegalStateException if no shutdown has been requested
	 */
	public ShutdownHandle handle() {
		ShutdownProgress.Started started = this.progress.current();
		return new ShutdownHandle(started.id(), started.request(), this.sequence.completion());
	}

	/**
	 * Return a snapshot of where the application stands.
	 * @return the status
	 */
	public ShutdownStatus status() {
		ShutdownProgress.Started started = this.progress.started();
		long inFlightNow = this.inFlight.inFlight();
		if (started == null) {
			return new ShutdownStatus(null, ShutdownState.RUNNING, null, null, null, null, null, null, inFlightNow,
					null, null);
		}
		ShutdownRequest current = started.request();
		Deadline deadline = started.deadline();
		return new ShutdownStatus(started.id(), this.progress.state(), this.sequence.currentStage(), current.reason(),
				current.origin(), current.detail(), current.requestedAt(),
				current.requestedAt().plus(deadline.budget()), inFlightNow, deadline.elapsed(), deadline.remaining());
	}

	/**
	 * Return the exit status a shutdown started by the given request ends the process
	 * with, if it completes within the deadline.
	 * @param request the request
	 * @return the exit status
	 */
	public int exitCodeFor(ShutdownRequest request) {
		return this.termination.exitCodeFor(request);
	}

	/**
	 * Return the exit status of the shutdown under way, so that
	 * {@code SpringApplication.exit} agrees with the starter: the timeout status once the
	 * deadline has passed, 0 while no shutdown that ends the process is under way.
	 * @return the exit status
	 */
	@Override
	public int getExitCode() {
		return this.termination.exitCode();
	}

	/**
	 * Return where the application stands.
	 * @return the state
	 */
	public ShutdownState state() {
		return this.progress.state();
	}

	/**
	 * Return the request that started the shutdown, if one did.
	 * @return the first request
	 */
	public Optional<ShutdownRequest> request() {
		ShutdownProgress.Started started = this.progress.started();
		return Optional.ofNullable((started != null) ? started.request() : null);
	}

	/**
	 * Return whether this coordinator will end the process once the sequence is over (a
	 * signal or a request asked for that).
	 * @return whether a process exit is pending
	 */
	public boolean isProcessExitPending() {
		return this.progress.exitRequest() != null;
	}

	/**
	 * Return whether the application context has begun to close. Only then is the stop of
	 * a lifecycle bean part of a shutdown. Before, it comes from
	 * {@code ConfigurableApplicationContext.stop()} (or a checkpoint, or a startup that
	 * failed), which a later {@code start()} may undo. The starter's lifecycle beans then
	 * do nothing and stay running, so that the close still stops them: only a shutdown
	 * may shut executors down, run shutdown hooks and close the record of the phases.
	 * @return whether the context is closing
	 */
	public boolean isClosing() {
		return this.progress.isClosing();
	}

	/**
	 * Return the settings this coordinator runs with.
	 * @return the settings
	 */
	public ShutdownSettings settings() {
		return this.settings;
	}

	/**
	 * Return the deadline of the shutdown under way.
	 * @return the deadline
	 */
	Deadline currentDeadline() {
		return this.progress.current().deadline();
	}

	/**
	 * Record work that was abandoned because it did not finish in time (an executor's
	 * tasks, for example): it is named in the report, and the process exits with the
	 * timeout exit code.
	 * @param description what was abandoned
	 */
	public void workAbandoned(String description) {
		this.progress.abandoned(List.of(description));
	}

	/**
	 * Return whether a lifecycle phase or a hook overran its timeout during the shutdown.
	 * @return whether something timed out
	 */
	public boolean hasTimedOut() {
		return this.termination.hasTimedOut();
	}

	/**
	 * Return how the shutdown ended, once it has.
	 * @return the outcome, {@link ShutdownOutcome#IN_PROGRESS} until then
	 */
	public ShutdownOutcome outcome() {
		return this.progress.outcome();
	}

	/**
	 * Register an action to run once the sequence has finished, before the process exits.
	 * @param callback the action
	 */
	public void onCompletion(Runnable callback) {
		this.sequence.onCompletion(callback);
	}

	/**
	 * Wait until the sequence has finished.
	 * @param timeout the longest time to wait
	 * @return whether it finished in time
	 * @throws InterruptedException if interrupted while waiting
	 */
	public boolean awaitCompletion(Duration timeout) throws InterruptedException {
		return this.sequence.awaitCompletion(timeout);
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		throw new UnsupportedOperationException("Stop must not be invoked directly");
	}

	@Override
	public void stop(Runnable callback) {
		// The drain already ran from the ContextClosedEvent, before any phase stopped.
		// Outside a close (ConfigurableApplicationContext.stop()) nothing stops.
		if (this.progress.isClosing()) {
			this.running = false;
		}
		callback.run();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public boolean isPauseable() {
		// Its stop belongs to the shutdown: a pause leaves it alone.
		return false;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	private List<ShutdownReportListener> findReportListeners() {
		try {
			return this.context.getBeanProvider(ShutdownReportListener.class).orderedStream().toList();
		}
		catch (RuntimeException ex) {
			logger.debug("Cannot look up shutdown report listeners", ex);
			return List.of();
		}
	}

}
