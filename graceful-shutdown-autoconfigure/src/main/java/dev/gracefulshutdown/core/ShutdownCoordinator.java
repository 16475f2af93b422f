package dev.gracefulshutdown.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import dev.gracefulshutdown.DrainFinishedEvent;
import dev.gracefulshutdown.DrainStartedEvent;
import dev.gracefulshutdown.Lease;
import dev.gracefulshutdown.Registration;
import dev.gracefulshutdown.ShutdownHandle;
import dev.gracefulshutdown.ShutdownOutcome;
import dev.gracefulshutdown.ShutdownReason;
import dev.gracefulshutdown.ShutdownReport;
import dev.gracefulshutdown.ShutdownReport.BeanTiming;
import dev.gracefulshutdown.ShutdownReport.ChildProcess;
import dev.gracefulshutdown.ShutdownReport.PhaseTiming;
import dev.gracefulshutdown.ShutdownReportListener;
import dev.gracefulshutdown.ShutdownRequest;
import dev.gracefulshutdown.ShutdownRequestedEvent;
import dev.gracefulshutdown.ShutdownSignal;
import dev.gracefulshutdown.ShutdownStage;
import dev.gracefulshutdown.ShutdownState;
import dev.gracefulshutdown.ShutdownStatus;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * Runs the shutdown sequence exactly once, whatever started it: announce, drain, stop,
 * release, finish, all within one deadline set at the first trigger.
 * <p>
 * The first {@link ShutdownRequest} starts the sequence and arms the watchdog; later ones
 * join it. The drain runs on the thread that closes the context, from the
 * {@code ContextClosedEvent}, which Spring publishes before any lifecycle phase stops:
 * that is what "above every other phase" means in practice, since every
 * {@link SmartLifecycle} that does not choose a phase already sits at
 * {@link Integer#MAX_VALUE}.
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

	private final ProcessExit processExit;

	private final ShutdownWatchdog watchdog = new ShutdownWatchdog();

	private final HaltBackstop backstop;

	private final LifecycleStopRecorder lifecycleStops = new LifecycleStopRecorder();

	private final ShutdownHookRunner hooks = new ShutdownHookRunner();

	private final ChildProcessReaper childProcesses = new ChildProcessReaper();

	private final DefaultShutdownSignal signal = new DefaultShutdownSignal();

	private final LeaseRegistry leases = new LeaseRegistry();

	private final WorkerRegistry workers = new WorkerRegistry();

	private final List<String> stragglers = new CopyOnWriteArrayList<>();

	private final AtomicBoolean reportEnded = new AtomicBoolean();

	private final AtomicBoolean halting = new AtomicBoolean();

	private final AtomicBoolean requestPublished = new AtomicBoolean();

	/**
	 * The final report as handed to the listeners when the sequence completed, to be
	 * revised if a halt follows.
	 */
	private volatile @Nullable ShutdownReport endedReport;

	private volatile long completedNanos;

	private volatile List<ShutdownReportListener> reportListeners = List.of();

	private volatile @Nullable String destroyingBean;

	private volatile long destroyingSinceNanos;

	private volatile boolean timedOut;

	private volatile ShutdownOutcome finalOutcome = ShutdownOutcome.IN_PROGRESS;

	private final StageTimeline timeline = new StageTimeline();

	private final List<Runnable> completionCallbacks = new CopyOnWriteArrayList<>();

	/**
	 * The first request that asked for the process to end: it decides the exit status.
	 */
	private final AtomicReference<@Nullable ShutdownRequest> exitRequest = new AtomicReference<>();

	private final AtomicBoolean finished = new AtomicBoolean();

	private final AtomicReference<Ending> ending = new AtomicReference<>(Ending.UNDECIDED);

	private final Object triggerLock = new Object();

	private final CompletableFuture<Integer> completion = new CompletableFuture<>();

	private volatile @Nullable ShutdownRequest request;

	private volatile @Nullable String id;

	private volatile @Nullable Deadline deadline;

	private volatile ShutdownState state = ShutdownState.RUNNING;

	private volatile @Nullable Thread closingThread;

	private volatile DrainOutcome drainOutcome = new DrainOutcome(0, 0, 0, false);

	private volatile boolean running;

	private volatile boolean closingStarted;

	/**
	 * Create a new coordinator.
	 * @param context the application context whose close is the shutdown
	 * @param settings the deadline, drain and exit settings
	 * @param inFlight the tracker of work in flight
	 * @param processExit how the process is ended
	 */
	public ShutdownCoordinator(ConfigurableApplicationContext context, ShutdownSettings settings,
			InFlightTracker inFlight, ProcessExit processExit) {
		Assert.notNull(context, "'context' must not be null");
		Assert.notNull(settings, "'settings' must not be null");
		Assert.notNull(inFlight, "'inFlight' must not be null");
		Assert.notNull(processExit, "'processExit' must not be null");
		this.context = context;
		this.settings = settings;
		this.inFlight = inFlight;
		this.processExit = processExit;
		this.backstop = new HaltBackstop(processExit, settings.exitCodes().timeout());
		new BlockingStopWatch(this.lifecycleStops, this::blockingOverrun);
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
		boolean jvmExiting = this.exitRequest.get() == null && this.processExit.isJvmExiting();
		// Recorded before the trigger makes the request visible: a repeated signal on
		// another handler thread that sees the request must also see that the process is
		// exiting, or its escalation would leave the JVM running.
		boolean exiting = !jvmExiting && this.exitRequest.compareAndSet(null, request);
		boolean first = trigger(request, jvmExiting);
		if (!first && (exiting || jvmExiting)) {
			// A plain close under way now ends the process, or the JVM has begun to exit
			// during it.
			this.backstop.arm();
		}
		if (!first) {
			logger.info("Shutdown " + currentId() + " already in progress (" + currentRequest().describe() + "); "
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
		startExitSequence(request);
		return Optional.of(handle());
	}

	private void startExitSequence(ShutdownRequest request) {
		if (this.exitRequest.compareAndSet(null, request)) {
			this.backstop.arm();
			startSequenceThread();
		}
	}

	private void startSequenceThread() {
		Thread sequence = new Thread(this::closeAndExit, SEQUENCE_THREAD_NAME);
		// Signal handler threads are daemons, and a thread inherits that: this one must
		// keep the JVM alive until it has chosen the exit code.
		sequence.setDaemon(false);
		sequence.setContextClassLoader(ShutdownCoordinator.class.getClassLoader());
		sequence.start();
	}

	/**
	 * Return the handle of the shutdown under way.
	 * @return the handle
	 * @throws IllegalStateException if no shutdown has been requested
	 */
	public ShutdownHandle handle() {
		return new ShutdownHandle(currentId(), currentRequest(), this.completion);
	}

	/**
	 * Return a snapshot of where the application stands.
	 * @return the status
	 */
	public ShutdownStatus status() {
		ShutdownRequest current = this.request;
		Deadline currentDeadline = this.deadline;
		long inFlightNow = this.inFlight.inFlight();
		if (current == null || currentDeadline == null) {
			return new ShutdownStatus(null, ShutdownState.RUNNING, null, null, null, null, null, null, inFlightNow,
					null, null);
		}
		return new ShutdownStatus(this.id, this.state, this.timeline.current(), current.reason(), current.origin(),
				current.detail(), current.requestedAt(), current.requestedAt().plus(currentDeadline.budget()),
				inFlightNow, currentDeadline.elapsed(), currentDeadline.remaining());
	}

	/**
	 * Return the exit status a shutdown started by the given request ends the process
	 * with, if it completes within the deadline.
	 * @param request the request
	 * @return the exit status
	 */
	public int exitCodeFor(ShutdownRequest request) {
		if (hasTimedOut()) {
			return this.settings.exitCodes().timeout();
		}
		Integer requested = request.exitCode();
		if (requested != null) {
			return requested;
		}
		return (request.reason() == ShutdownReason.ERROR) ? this.settings.exitCodes().error()
				: this.settings.exitCodes().graceful();
	}

	/**
	 * Return the exit status of the shutdown under way, so that
	 * {@code SpringApplication.exit} agrees with the starter: the timeout status once the
	 * deadline has passed, 0 while no shutdown that ends the process is under way.
	 * @return the exit status
	 */
	@Override
	public int getExitCode() {
		if (this.ending.get() == Ending.TIMEOUT) {
			return this.settings.exitCodes().timeout();
		}
		ShutdownRequest exiting = this.exitRequest.get();
		return (exiting != null) ? exitCodeFor(exiting) : 0;
	}

	/**
	 * Return where the application stands.
	 * @return the state
	 */
	public ShutdownState state() {
		return this.state;
	}

	/**
	 * Return the request that started the shutdown, if one did.
	 * @return the first request
	 */
	public Optional<ShutdownRequest> request() {
		return Optional.ofNullable(this.request);
	}

	/**
	 * Return whether this coordinator will end the process once the sequence is over (a
	 * signal or a request asked for that).
	 * @return whether a process exit is pending
	 */
	public boolean isProcessExitPending() {
		return this.exitRequest.get() != null;
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
		return this.closingStarted;
	}

	/**
	 * Return the settings in force.
	 * @return the settings
	 */
	public ShutdownSettings settings() {
		return this.settings;
	}

	/**
	 * Return the monitor that records how the lifecycle phases stop.
	 * @return the monitor
	 */
	public LifecycleStopRecorder lifecycleStops() {
		return this.lifecycleStops;
	}

	/**
	 * Return the runner of the application's shutdown hooks.
	 * @return the runner
	 */
	public ShutdownHookRunner hooks() {
		return this.hooks;
	}

	/**
	 * Return the tracker of work in flight.
	 * @return the tracker
	 */
	public InFlightTracker inFlightTracker() {
		return this.inFlight;
	}

	/**
	 * Return the signal that wakes worker loops when a shutdown is requested.
	 * @return the signal
	 */
	public ShutdownSignal signal() {
		return this.signal;
	}

	/**
	 * Open a lease that the shutdown waits for after the drain.
	 * @param name the lease's name
	 * @return the lease
	 * @throws dev.gracefulshutdown.LeaseRefusedException if the drain is over
	 */
	public Lease acquireLease(String name) {
		Assert.hasText(name, "'name' must not be empty");
		return this.leases.acquire(name);
	}

	/**
	 * Register a worker thread that the shutdown joins after the drain.
	 * @param name the worker's name
	 * @param thread the thread
	 * @return the registration
	 */
	public Registration registerWorker(String name, Thread thread) {
		Assert.hasText(name, "'name' must not be empty");
		Assert.notNull(thread, "'thread' must not be null");
		return this.workers.register(name, thread);
	}

	/**
	 * Record work that was abandoned because it did not finish in time (an executor's
	 * tasks, for example): it is named in the report, and the process exits with the
	 * timeout exit code.
	 * @param description what was abandoned
	 */
	public void workAbandoned(String description) {
		this.timedOut = true;
		this.stragglers.add(description);
	}

	/**
	 * Return whether a lifecycle phase or a hook overran its timeout during the shutdown.
	 * @return whether something timed out
	 */
	public boolean hasTimedOut() {
		return this.timedOut || this.hooks.anyTimedOut();
	}

	/**
	 * Register an action to run once the sequence has finished, before the process exits.
	 * @param callback the action
	 */
	public void onCompletion(Runnable callback) {
		this.completionCallbacks.add(callback);
	}

	/**
	 * Wait until the sequence has finished.
	 * @param timeout the longest time to wait
	 * @return whether it finished in time
	 * @throws InterruptedException if interrupted while waiting
	 */
	public boolean awaitCompletion(Duration timeout) throws InterruptedException {
		try {
			this.completion.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
			return true;
		}
		catch (TimeoutException ex) {
			return false;
		}
		catch (ExecutionException ex) {
			// Never completed exceptionally; completion is what was asked about.
			return true;
		}
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
		if (this.closingStarted) {
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
		Deadline started;
		synchronized (this.triggerLock) {
			if (this.request != null) {
				return false;
			}
			started = Deadline.startingNow(this.settings.deadline());
			// First, before anything that can block (the first log line, a listener):
			// from here on the process ends a little after the deadline, whatever
			// blocks.
			this.backstop.start(started.endNanos() + HaltBackstop.GRACE.toNanos(),
					jvmExiting || this.exitRequest.get() != null);
			this.deadline = started;
			this.id = UUID.randomUUID().toString();
			this.request = request;
			// Requested means leaving: whoever asks next is told so, even before the
			// closing thread has announced it.
			this.state = ShutdownState.DRAINING;
		}
		this.watchdog.arm(started, this::deadlinePassed);
		this.lifecycleStops.origin(started.startNanos());
		this.signal.fire();
		// Registered now, after every listener bean: a shutdown requested during startup
		// must not see readiness flip back when SpringApplication.run completes.
		this.context.addApplicationListener(new ReadinessGuard(this.context, currentId()));
		this.reportListeners = findReportListeners();
		return true;
	}

	/**
	 * Publish the {@link ShutdownRequestedEvent}, once, on the thread that runs the
	 * sequence: not on the thread that asked, which may be a signal handler that a
	 * listener that blocks would keep from handling the next signal.
	 */
	private void publishRequested() {
		if (this.requestPublished.compareAndSet(false, true)) {
			publish(new ShutdownRequestedEvent(this, currentId(), currentRequest()));
		}
	}

	/**
	 * The context is closing: announce and drain, on the closing thread, before any
	 * lifecycle phase stops.
	 */
	void contextClosing() {
		if (this.request == null) {
			boolean jvmExiting = this.processExit.isJvmExiting();
			trigger(ShutdownRequest.now(jvmExiting ? ShutdownReason.JVM_EXIT : ShutdownReason.CONTEXT_CLOSED,
					jvmExiting ? "JVM shutdown hook" : "ApplicationContext.close()"), jvmExiting);
		}
		publishRequested();
		ShutdownRequest current = currentRequest();
		Deadline currentDeadline = currentDeadline();
		this.closingThread = Thread.currentThread();
		this.closingStarted = true;
		this.timeline.enter(ShutdownStage.ANNOUNCE);
		// Before anyone hears of the shutdown: a request sent on the news already gets
		// "Connection: close" and counts as served during the drain.
		this.inFlight.startDrain();
		this.state = ShutdownState.DRAINING;
		refuseTraffic();
		publish(new DrainStartedEvent(this, currentId(), this.inFlight.inFlightAtDrainStart()));
		this.signal.runCallbacks();
		DrainSettings drain = this.settings.drain();
		// Entered before the line that says so: whoever reads it and acts at once (a
		// second signal, a hang report) finds the drain under way.
		this.timeline.enter(ShutdownStage.DRAIN);
		logger.info("Graceful shutdown started by " + current.describe()
				+ ": readiness is REFUSING_TRAFFIC, requests in flight: " + this.inFlight.inFlightAtDrainStart()
				+ "; draining for " + Durations.format(drain.minDelay()) + " to " + Durations.format(drain.maxDelay())
				+ " (quiet period " + Durations.format(drain.quietPeriod()) + "), deadline "
				+ Durations.format(currentDeadline.budget()) + "; shutdown id " + currentId());
		DrainOutcome outcome = this.inFlight.awaitDrain(drain, currentDeadline);
		this.drainOutcome = outcome;
		publish(new DrainFinishedEvent(this, currentId(), outcome.acceptedDuringDrain(), outcome.inFlightAtEnd(),
				outcome.cutShort()));
		if (outcome.cutShort() && outcome.inFlightAtEnd() > 0) {
			logger.warn("Drain ended at its limit with requests still in flight: " + outcome.inFlightAtEnd()
					+ "; the web server's graceful shutdown takes over");
		}
		else if (outcome.cutShort()) {
			logger.info("Drain ended at its limit: nothing was in flight, but requests kept arriving, so the quiet"
					+ " period (" + Durations.format(drain.quietPeriod()) + ") was never reached;"
					+ " load balancers may still be sending traffic");
		}
		// Intake has stopped: work that would start now must not.
		this.leases.stopIntake(currentId());
		this.timeline.enter(ShutdownStage.STOP);
		this.state = ShutdownState.STOPPING;
		this.hooks.runStage(ShutdownStage.STOP, currentDeadline);
		awaitWorkersAndLeases(currentDeadline);
		ShutdownReportPublisher.drainEnded(this.reportListeners,
				report(ShutdownOutcome.IN_PROGRESS, List.copyOf(this.stragglers)));
	}

	private void awaitWorkersAndLeases(Deadline currentDeadline) {
		WorkSettings work = this.settings.work();
		List<String> liveWorkers = this.workers.joinAll(work.workersWait(currentDeadline.remaining()));
		if (!liveWorkers.isEmpty()) {
			this.timedOut = true;
			this.stragglers.addAll(liveWorkers);
		}
		int open = this.leases.openCount();
		if (open == 0) {
			return;
		}
		Duration wait = work.leasesWait(currentDeadline.remaining());
		logger.info("Waiting up to " + Durations.format(wait) + " for " + open + " open lease" + ((open > 1) ? "s" : "")
				+ ": " + String.join(", ", this.leases.describeOpen()));
		if (!this.leases.awaitAll(wait)) {
			List<String> stillOpen = this.leases.describeOpen();
			logger.warn("Leases still open after " + Durations.format(wait) + ", going on without them: "
					+ String.join(", ", stillOpen));
			this.timedOut = true;
			this.stragglers.addAll(stillOpen);
		}
	}

	private void refuseTraffic() {
		// A servlet or reactive web server context has already done this; a plain context
		// has not, and its probes need it too.
		ApplicationAvailability availability = this.context.getBeanProvider(ApplicationAvailability.class)
			.getIfAvailable();
		if (availability == null || availability.getReadinessState() != ReadinessState.REFUSING_TRAFFIC) {
			AvailabilityChangeEvent.publish(this.context, ReadinessState.REFUSING_TRAFFIC);
		}
	}

	/**
	 * Every lifecycle phase has stopped; bean destruction begins.
	 */
	void phasesCompleted() {
		this.lifecycleStops.finish();
		if (this.request == null) {
			return;
		}
		logPhases();
		this.timeline.enter(ShutdownStage.RELEASE);
		this.hooks.runStage(ShutdownStage.RELEASE, currentDeadline());
		ShutdownReportPublisher.beforeRelease(this.reportListeners,
				report(ShutdownOutcome.IN_PROGRESS, List.copyOf(this.stragglers)));
	}

	private void logPhases() {
		List<PhaseTiming> phases = this.lifecycleStops.timings();
		if (phases.isEmpty() || !logger.isInfoEnabled()) {
			return;
		}
		StringJoiner line = new StringJoiner("; ", "Lifecycle phases stopped: ", "");
		for (PhaseTiming phase : phases) {
			StringJoiner beans = new StringJoiner(", ", " [", "]");
			for (BeanTiming bean : phase.beans()) {
				Duration took = bean.duration();
				beans.add(bean.name() + " " + ((took != null) ? took.toMillis() + " ms" : "still running"));
			}
			Duration took = phase.duration();
			line.add(PhaseNames.describe(phase.phase()) + " " + ((took != null) ? took.toMillis() + " ms" : "")
					+ (phase.timedOut() ? " TIMED OUT after " + Durations.format(phase.timeout()) : "") + beans);
		}
		logger.info(line.toString());
	}

	/**
	 * A lifecycle phase timed out with beans still running: Spring goes on with the next
	 * phase, as it always has; the stacks are logged and the process will exit with the
	 * timeout exit code.
	 * @param phase the phase
	 * @param timeout its timeout
	 * @param stillRunning the beans still running
	 */
	void phaseTimedOut(int phase, Duration timeout, List<String> stillRunning) {
		this.timedOut = true;
		if (this.request == null) {
			return;
		}
		logger.warn(HangReport.build("Hang report for shutdown phase " + PhaseNames.describe(phase) + " (timeout "
				+ Durations.format(timeout) + ")", where(), this.closingThread));
	}

	/**
	 * A bean's {@code stop()} has blocked the closing thread past its phase's timeout:
	 * nothing can move the sequence on, so the process halts now rather than at the
	 * deadline.
	 * @param overrun what overran
	 */
	private void blockingOverrun(LifecycleStopRecorder.Overrun overrun) {
		this.timedOut = true;
		String headline = "Shutdown phase " + PhaseNames.describe(overrun.phase()) + " overran its timeout of "
				+ Durations.format(overrun.timeout()) + ": stop() of bean '" + overrun.beanName() + "' ("
				+ overrun.beanType().getName() + ") has not returned, and nothing can go on while it blocks";
		end(ShutdownOutcome.TIMED_OUT, headline);
	}

	/**
	 * A bean is about to be destroyed: remembered for the hang report.
	 * @param beanName the bean's name
	 * @param type its class
	 */
	void destroying(String beanName, Class<?> type) {
		if (this.request != null) {
			this.destroyingSinceNanos = System.nanoTime();
			this.destroyingBean = "bean '" + beanName + "' (" + type.getName() + ") being destroyed";
		}
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
		end(ShutdownOutcome.ESCALATED,
				signal + " again during shutdown " + currentId()
						+ ": escalating, skipping the remaining waits (graceful-shutdown.signals.on-repeat." + name
						+ "=escalate)");
	}

	/**
	 * The last bean has been destroyed: log the summary and run the completion callbacks.
	 */
	void beansDestroyed() {
		if (this.request == null || !this.finished.compareAndSet(false, true)) {
			return;
		}
		this.destroyingBean = null;
		ShutdownRequest exitingBy = this.exitRequest.get();
		boolean exiting = exitingBy != null;
		boolean jvmExiting = !exiting && this.processExit.isJvmExiting();
		ChildProcessSettings children = this.settings.childProcesses();
		if (children.enabled() && (exiting || jvmExiting)) {
			this.childProcesses.stopChildren(min(children.timeout(), currentDeadline().remaining()));
		}
		this.timeline.finish();
		this.completedNanos = System.nanoTime();
		this.state = ShutdownState.STOPPED;
		ShutdownRequest current = currentRequest();
		int exitCode = exitCodeFor((exitingBy != null) ? exitingBy : current);
		String ending = exiting ? "exit code " + exitCode : jvmExiting ? "the JVM is exiting" : "the JVM keeps running";
		logger.info(ShutdownSummary.line(current, this.timeline, this.drainOutcome, currentDeadline().elapsed(), ending)
				+ (hasTimedOut() ? "; something overran its timeout (see the warnings above)" : "") + "; shutdown id "
				+ currentId());
		for (String message : current.finalMessages()) {
			if (current.reason() == ShutdownReason.ERROR) {
				logger.error(message);
			}
			else {
				logger.info(message);
			}
		}
		if (!exiting && !jvmExiting) {
			// Nobody ends this process: the application that closed its context owns it.
			this.watchdog.disarm();
			this.backstop.standDown();
		}
		for (Runnable callback : this.completionCallbacks) {
			try {
				callback.run();
			}
			catch (RuntimeException ex) {
				logger.warn("Shutdown completion callback failed", ex);
			}
		}
		ShutdownOutcome outcome = hasTimedOut() ? ShutdownOutcome.TIMED_OUT : ShutdownOutcome.COMPLETED;
		if (this.reportEnded.compareAndSet(false, true)) {
			this.finalOutcome = outcome;
			// When the JVM started the exit (a signal the starter does not handle,
			// System.exit), its status is not the starter's to choose, nor to know.
			ShutdownReport ended = report(outcome, exiting ? exitCode : null, List.copyOf(this.stragglers));
			this.endedReport = ended;
			ShutdownReportPublisher.shutdownEnded(this.reportListeners, ended);
		}
		this.completion.complete(exitCode);
	}

	private void closeAndExit() {
		publishRequested();
		try {
			this.context.close();
		}
		catch (RuntimeException ex) {
			logger.error("Closing the application context failed", ex);
		}
		if (!this.closingStarted) {
			// The context was not active, so nothing ran: nothing is left to wait for.
			beansDestroyed();
		}
		try {
			if (!awaitCompletion(currentDeadline().remaining())) {
				return;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		if (!this.ending.compareAndSet(Ending.UNDECIDED, Ending.GRACEFUL_EXIT)) {
			// The deadline passed first: the watchdog halts with the timeout code. Never
			// exit with the graceful code past the deadline.
			return;
		}
		ShutdownRequest exitingBy = this.exitRequest.get();
		int status = exitCodeFor((exitingBy != null) ? exitingBy : currentRequest());
		logger.info("Farewell: "
				+ (hasTimedOut() ? "shutdown done, something overran its timeout" : "graceful shutdown done")
				+ ", exiting with code " + status);
		this.processExit.exit(status);
		// Only a ProcessExit that does not end the JVM (a test's, an embedder's) returns:
		// the process is its own.
		this.backstop.standDown();
	}

	private void deadlinePassed() {
		end(ShutdownOutcome.DEADLINE_EXCEEDED, "Graceful shutdown deadline of "
				+ Durations.format(currentDeadline().budget()) + " passed (" + currentRequest().describe() + ")");
	}

	/**
	 * End the shutdown now, on the calling thread: the deadline passed, a phase blocked
	 * past its timeout, or a repeated signal escalated. Log the hang report, tell the
	 * report listeners, kill the child processes and halt, if the process is exiting. The
	 * backstop is pulled in first: whatever of that blocks or throws, the JVM halts a
	 * little later all the same.
	 * @param outcome why
	 * @param headline the first line of the hang report
	 */
	private void end(ShutdownOutcome outcome, String headline) {
		// Decided before anything slow (the report, flushing logs): from here on the
		// sequence thread cannot choose the graceful exit any more. A graceful exit
		// chosen earlier whose JVM shutdown hooks are still running is halted all the
		// same.
		this.ending.compareAndSet(Ending.UNDECIDED, Ending.TIMEOUT);
		boolean halt = this.exitRequest.get() != null || this.processExit.isJvmExiting();
		if (halt && !this.halting.compareAndSet(false, true)) {
			// Another thread is already reporting and halting: a storm of signals runs
			// one handler thread per signal, and the deadline may pass at the same
			// moment. One hang report is enough; the first caller halts.
			return;
		}
		int status = this.settings.exitCodes().timeout();
		if (halt) {
			this.backstop.haltBy(System.nanoTime() + HaltBackstop.GRACE.toNanos());
		}
		try {
			reportHang(outcome, headline, halt, status);
		}
		finally {
			if (halt) {
				this.processExit.halt(status);
				// Only a ProcessExit that does not end the JVM (a test's) returns.
				this.backstop.standDown();
			}
		}
	}

	private void reportHang(ShutdownOutcome outcome, String headline, boolean halt, int status) {
		HangReport.Snapshot where = where();
		List<ChildProcess> killed = halt ? this.childProcesses.killAll() : List.of();
		List<ChildProcess> children = new ArrayList<>(where.childProcesses());
		children.addAll(killed);
		HangReport.Snapshot reported = new HangReport.Snapshot(where.stage(), where.phase(), where.inFlight(),
				where.stillRunning(), where.types(), where.threads(), children, where.completed());
		logger.error(HangReport.build(headline + (halt ? "; halting the JVM with exit code " + status
				: "; the JVM is not exiting, so it is left running"), reported, this.closingThread));
		if (this.reportEnded.compareAndSet(false, true)) {
			this.finalOutcome = outcome;
			ShutdownReportPublisher.shutdownEnded(this.reportListeners,
					report(outcome, halt ? status : null, where.stillRunning(), children));
			return;
		}
		ShutdownReport ended = this.endedReport;
		if (halt && ended != null) {
			// The sequence had completed and said how the process would end; the JVM's
			// exit that followed did not end in time, so the halt decides instead.
			this.finalOutcome = outcome;
			ShutdownReportPublisher.shutdownRevised(this.reportListeners,
					revise(ended, outcome, status, where, killed));
		}
	}

	private ShutdownReport revise(ShutdownReport ended, ShutdownOutcome outcome, int status, HangReport.Snapshot where,
			List<ChildProcess> killed) {
		List<ChildProcess> children = new ArrayList<>(ended.childProcesses());
		children.addAll(killed);
		return new ShutdownReport(ended.id(), ended.reason(), ended.origin(), ended.detail(), ended.requestedAt(),
				ended.deadline(), currentDeadline().elapsed(), outcome, status, ended.stages(), ended.phases(),
				ended.hooks(), ended.requests(), where.stillRunning(), children);
	}

	private HangReport.Snapshot where() {
		List<String> stillRunning = new ArrayList<>(this.lifecycleStops.stillRunning());
		String hook = this.hooks.describeRunning();
		if (hook != null) {
			stillRunning.add(hook);
		}
		String destroying = this.destroyingBean;
		if (destroying != null && this.timeline.current() == ShutdownStage.RELEASE) {
			stillRunning.add(destroying + " for "
					+ Durations.format(Duration.ofNanos(System.nanoTime() - this.destroyingSinceNanos)));
		}
		if (this.timeline.current() == ShutdownStage.DRAIN && this.inFlight.inFlight() > 0) {
			stillRunning.add(this.inFlight.inFlight() + " requests in flight");
		}
		List<String> openNow = new ArrayList<>(this.leases.describeOpen());
		openNow.addAll(this.workers.describeLive());
		stillRunning.addAll(openNow);
		for (String straggler : this.stragglers) {
			// A lease or worker that outlived its own wait is a straggler, and if it is
			// still open now it is named once, as it is now.
			if (openNow.stream().noneMatch((open) -> straggler.startsWith(subjectOf(open)))) {
				stillRunning.add(straggler);
			}
		}
		List<Thread> threads = new ArrayList<>(this.workers.liveThreads());
		Thread hookThread = this.hooks.runningThread();
		if (hookThread != null) {
			threads.add(hookThread);
		}
		boolean completed = this.finished.get() && this.state == ShutdownState.STOPPED;
		if (completed) {
			stillRunning.add("the JVM's exit: its shutdown hooks (the application's own, other libraries') still"
					+ " running " + Durations.format(Duration.ofNanos(System.nanoTime() - this.completedNanos))
					+ " after the shutdown sequence completed");
		}
		return new HangReport.Snapshot(this.timeline.current(), this.lifecycleStops.currentPhase(),
				this.inFlight.inFlight(), stillRunning, this.lifecycleStops.stillRunningTypes(), threads,
				ChildProcessReaper.running(), completed);
	}

	private static String subjectOf(String description) {
		int since = description.indexOf(" open for ");
		return (since < 0) ? description : description.substring(0, since);
	}

	private ShutdownReport report(ShutdownOutcome outcome, List<String> stragglers) {
		ShutdownRequest exitingBy = this.exitRequest.get();
		return report(outcome, exitCodeFor((exitingBy != null) ? exitingBy : currentRequest()), stragglers,
				ChildProcessReaper.running());
	}

	private ShutdownReport report(ShutdownOutcome outcome, @Nullable Integer exitCode, List<String> stragglers) {
		return report(outcome, exitCode, stragglers, this.childProcesses.outcomes());
	}

	private ShutdownReport report(ShutdownOutcome outcome, @Nullable Integer exitCode, List<String> stragglers,
			List<ChildProcess> children) {
		return ShutdownReportPublisher.assemble(currentId(), currentRequest(), currentDeadline(), outcome, exitCode,
				this.timeline, this.lifecycleStops, this.hooks, this.inFlight, this.drainOutcome, stragglers, children);
	}

	/**
	 * Return how the shutdown ended, once it has.
	 * @return the outcome, {@link ShutdownOutcome#IN_PROGRESS} until then
	 */
	public ShutdownOutcome outcome() {
		return this.finalOutcome;
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

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	private void publish(ApplicationEvent event) {
		try {
			this.context.publishEvent(event);
		}
		catch (RuntimeException | Error ex) {
			// A failing listener must not stop the shutdown.
			logger.warn("Listener of " + event.getClass().getSimpleName() + " failed", ex);
		}
	}

	private String currentId() {
		String current = this.id;
		Assert.state(current != null, "No shutdown has been requested");
		return current;
	}

	private ShutdownRequest currentRequest() {
		ShutdownRequest current = this.request;
		Assert.state(current != null, "No shutdown has been requested");
		return current;
	}

	Deadline currentDeadline() {
		Deadline current = this.deadline;
		Assert.state(current != null, "No shutdown has been requested");
		return current;
	}

	/**
	 * How the process ends, decided once: by the sequence thread if it finished before
	 * the deadline, by the watchdog otherwise.
	 */
	private enum Ending {

		UNDECIDED, GRACEFUL_EXIT, TIMEOUT

	}

}
