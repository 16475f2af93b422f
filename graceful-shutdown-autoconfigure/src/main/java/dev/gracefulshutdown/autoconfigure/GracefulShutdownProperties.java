package dev.gracefulshutdown.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.gracefulshutdown.report.ShutdownReportLogger;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the graceful shutdown starter.
 * <p>
 * Longer than most classes here because every property has a field javadoc (the
 * description IDEs and the generated reference show) and an accessor pair, grouped in
 * nested classes as Spring Boot's own properties are.
 */
@ConfigurationProperties("graceful-shutdown")
public class GracefulShutdownProperties {

	/**
	 * Time from the first shutdown trigger to the end of the process. When it passes, the
	 * watchdog logs what is still running and halts the JVM with the timeout exit code.
	 * Keep it below the platform's grace period (Kubernetes
	 * terminationGracePeriodSeconds, Heroku's 30 seconds, systemd TimeoutStopSec).
	 */
	private Duration deadline = Duration.ofSeconds(25);

	private final Drain drain = new Drain();

	private final Streams streams = new Streams();

	private final ReactorNetty reactorNetty = new ReactorNetty();

	private final Signals signals = new Signals();

	private final ExitCode exitCode = new ExitCode();

	private final Phases phases = new Phases();

	private final Hooks hooks = new Hooks();

	private final ChildProcesses childProcesses = new ChildProcesses();

	private final Budget budget = new Budget();

	private final Executors executors = new Executors();

	private final Workers workers = new Workers();

	private final Leases leases = new Leases();

	private final Report report = new Report();

	private final Metrics metrics = new Metrics();

	private final Kafka kafka = new Kafka();

	private final Rabbit rabbit = new Rabbit();

	public Duration getDeadline() {
		return this.deadline;
	}

	public void setDeadline(Duration deadline) {
		this.deadline = deadline;
	}

	public Drain getDrain() {
		return this.drain;
	}

	public Streams getStreams() {
		return this.streams;
	}

	public ReactorNetty getReactorNetty() {
		return this.reactorNetty;
	}

	public Signals getSignals() {
		return this.signals;
	}

	public ExitCode getExitCode() {
		return this.exitCode;
	}

	public Phases getPhases() {
		return this.phases;
	}

	public Hooks getHooks() {
		return this.hooks;
	}

	public ChildProcesses getChildProcesses() {
		return this.childProcesses;
	}

	public Budget getBudget() {
		return this.budget;
	}

	public Executors getExecutors() {
		return this.executors;
	}

	public Workers getWorkers() {
		return this.workers;
	}

	public Leases getLeases() {
		return this.leases;
	}

	public Report getReport() {
		return this.report;
	}

	public Metrics getMetrics() {
		return this.metrics;
	}

	public Kafka getKafka() {
		return this.kafka;
	}

	public Rabbit getRabbit() {
		return this.rabbit;
	}

	/**
	 * The drain: serving on while load balancers notice that the instance is leaving.
	 */
	public static class Drain {

		/**
		 * Least time to keep serving after readiness went down, so that load balancers
		 * and endpoint lists catch up. Defaults to 5s on a cloud platform (Kubernetes,
		 * Heroku, Cloud Foundry, ...) when the application runs a web server, and to 0
		 * otherwise.
		 */
		private @Nullable Duration minDelay;

		/**
		 * Time with nothing in flight and no new request after which the drain ends: the
		 * sign that load balancers stopped sending. Defaults to 2s on a cloud platform
		 * when the application runs a web server, and to 0 otherwise.
		 */
		private @Nullable Duration quietPeriod;

		/**
		 * Most time to keep serving after readiness went down; then the web server's own
		 * graceful shutdown takes over.
		 */
		private Duration maxDelay = Duration.ofSeconds(15);

		/**
		 * Whether responses sent during the drain carry "Connection: close", so that
		 * clients open their next connection to an instance that stays.
		 */
		private boolean connectionClose = true;

		/**
		 * Path prefixes of health checks and probes. Their requests are served and
		 * counted in flight, but they are not traffic: they do not restart the quiet
		 * period, so a load balancer's health checks cannot hold the drain open. Defaults
		 * to the actuator's health endpoint under management.endpoints.web.base-path,
		 * plus /livez and /readyz when
		 * management.endpoint.health.probes.add-additional-paths is set.
		 */
		private @Nullable List<String> probePaths;

		public @Nullable List<String> getProbePaths() {
			return this.probePaths;
		}

		public void setProbePaths(@Nullable List<String> probePaths) {
			this.probePaths = probePaths;
		}

		public @Nullable Duration getMinDelay() {
			return this.minDelay;
		}

		public void setMinDelay(@Nullable Duration minDelay) {
			this.minDelay = minDelay;
		}

		public @Nullable Duration getQuietPeriod() {
			return this.quietPeriod;
		}

		public void setQuietPeriod(@Nullable Duration quietPeriod) {
			this.quietPeriod = quietPeriod;
		}

		public Duration getMaxDelay() {
			return this.maxDelay;
		}

		public void setMaxDelay(Duration maxDelay) {
			this.maxDelay = maxDelay;
		}

		public boolean isConnectionClose() {
			return this.connectionClose;
		}

		public void setConnectionClose(boolean connectionClose) {
			this.connectionClose = connectionClose;
		}

	}

	/**
	 * Long-lived connections (Server-Sent Events streams, WebSocket sessions of WebFlux),
	 * which the drain does not wait for: they are ended at the end of the drain.
	 */
	public static class Streams {

		/**
		 * Whether to end open Server-Sent Events streams (responses of type
		 * text/event-stream, with a last comment ":shutdown") and WebSocket sessions of
		 * WebFlux and of Spring WebSocket on Tomcat or Jetty (with close status 1001) at
		 * the end of the drain, after the grace period, instead of counting them as
		 * requests in flight. An open stream otherwise holds the drain until its
		 * max-delay and the web server's graceful shutdown for its whole phase.
		 */
		private boolean enabled = true;

		/**
		 * Time that open streams may go on after the drain has ended before they are
		 * ended, within the deadline. By default they are ended with the drain.
		 */
		private Duration gracePeriod = Duration.ZERO;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getGracePeriod() {
			return this.gracePeriod;
		}

		public void setGracePeriod(Duration gracePeriod) {
			this.gracePeriod = gracePeriod;
		}

	}

	/**
	 * Reactor Netty, the server of WebFlux applications.
	 */
	public static class ReactorNetty {

		/**
		 * Quiet period of Reactor Netty's event loops when they shut down, used when
		 * spring.reactor.netty.shutdown-quiet-period is not set. Reactor Netty's own 2s
		 * quiet period makes the process exit 2s after its last request.
		 */
		private Duration shutdownQuietPeriod = Duration.ofMillis(100);

		public Duration getShutdownQuietPeriod() {
			return this.shutdownQuietPeriod;
		}

		public void setShutdownQuietPeriod(Duration shutdownQuietPeriod) {
			this.shutdownQuietPeriod = shutdownQuietPeriod;
		}

	}

	/**
	 * Operating-system signals that start a graceful shutdown.
	 */
	public static class Signals {

		/**
		 * Whether to handle operating-system signals with a graceful shutdown. When off,
		 * the JVM's own handling applies (its shutdown hooks still run the sequence).
		 */
		private boolean enabled = true;

		/**
		 * Signals to handle, among TERM, INT, HUP and USR1; the "SIG" prefix is optional.
		 */
		private List<String> names = new ArrayList<>(List.of("TERM", "INT"));

		/**
		 * What a handled signal does when it comes again during the shutdown, by signal
		 * name ("SIG" prefix optional): 'join' lets the shutdown go on, 'escalate' skips
		 * every remaining wait, logs the hang report and halts with the timeout exit
		 * code. Signals not listed join, except INT, which escalates (Ctrl-C pressed
		 * again).
		 */
		private Map<String, RepeatedSignal> onRepeat = new LinkedHashMap<>();

		/**
		 * Time after the first signal of a shutdown within which a signal that would
		 * escalate joins instead: it is taken for the same signal delivered twice, as a
		 * terminal's process group and a forwarding parent both deliver one Ctrl-C.
		 */
		private Duration repeatWindow = Duration.ofMillis(500);

		public Map<String, RepeatedSignal> getOnRepeat() {
			return this.onRepeat;
		}

		public void setOnRepeat(Map<String, RepeatedSignal> onRepeat) {
			this.onRepeat = onRepeat;
		}

		public Duration getRepeatWindow() {
			return this.repeatWindow;
		}

		public void setRepeatWindow(Duration repeatWindow) {
			this.repeatWindow = repeatWindow;
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public List<String> getNames() {
			return this.names;
		}

		public void setNames(List<String> names) {
			this.names = names;
		}

	}

	/**
	 * Exit statuses of the process, between 0 and 255.
	 */
	public static class ExitCode {

		/**
		 * Exit status after a shutdown started by a signal, or requested without an exit
		 * code, that completed within the deadline.
		 */
		private int graceful = 0;

		/**
		 * Exit status after a shutdown started by a worker wrapped with shutdownOnError
		 * that failed.
		 */
		private int error = 70;

		/**
		 * Exit status when something overran its bound: the deadline passed and the
		 * watchdog halted the JVM, a lifecycle phase or a hook timed out, an executor's
		 * tasks, a registered worker or an open lease outlived its wait, or a repeated
		 * signal escalated.
		 */
		private int timeout = 124;

		public int getError() {
			return this.error;
		}

		public void setError(int error) {
			this.error = error;
		}

		public int getGraceful() {
			return this.graceful;
		}

		public void setGraceful(int graceful) {
			this.graceful = graceful;
		}

		public int getTimeout() {
			return this.timeout;
		}

		public void setTimeout(int timeout) {
			this.timeout = timeout;
		}

	}

	/**
	 * What a signal does when it comes again during the shutdown.
	 */
	public enum RepeatedSignal {

		/**
		 * Join the shutdown under way, which goes on.
		 */
		JOIN,

		/**
		 * Skip the remaining waits and halt with the timeout exit code.
		 */
		ESCALATE

	}

	/**
	 * Timeouts of Spring's lifecycle phases, which stop one after another, highest phase
	 * first.
	 */
	public static class Phases {

		/**
		 * Timeout of every lifecycle phase without a timeout of its own. Defaults to
		 * spring.lifecycle.timeout-per-shutdown-phase (30s unless set).
		 */
		private @Nullable Duration timeout;

		/**
		 * Timeouts of particular phases, by phase number or by name: default (2147483647,
		 * every SmartLifecycle that does not choose a phase),
		 * web-server-graceful-shutdown, management-server, web-server-stop,
		 * executors-drain (1073741824, the starter's wait for the executors' tasks),
		 * executors (1073741823, Spring's executors and schedulers), plain-lifecycle (0).
		 * A negative number needs brackets: "[-100]".
		 */
		private Map<String, Duration> timeouts = new LinkedHashMap<>();

		public @Nullable Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(@Nullable Duration timeout) {
			this.timeout = timeout;
		}

		public Map<String, Duration> getTimeouts() {
			return this.timeouts;
		}

		public void setTimeouts(Map<String, Duration> timeouts) {
			this.timeouts = timeouts;
		}

	}

	/**
	 * Shutdown hooks: ShutdownHook beans and @OnShutdown methods.
	 */
	public static class Hooks {

		/**
		 * Time a hook may run unless it sets its own timeout. A hook still running then
		 * is named in a warning with its stack, and the sequence goes on without it.
		 */
		private Duration timeout = Duration.ofSeconds(5);

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	/**
	 * Processes the JVM started (ProcessBuilder, Runtime.exec) and left running.
	 */
	public static class ChildProcesses {

		/**
		 * Whether to stop child processes, and the processes they started, at the end of
		 * a shutdown that ends the process: TERM to all, a bounded wait, then KILL. When
		 * the deadline passes they are killed at once.
		 */
		private boolean enabled = true;

		/**
		 * Time child processes get to exit after TERM before they are killed.
		 */
		private Duration timeout = Duration.ofSeconds(2);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	/**
	 * The check, at startup, that the timeouts fit the deadline and the deadline fits the
	 * platform's grace period.
	 */
	public static class Budget {

		/**
		 * Time the platform gives between its stop signal and SIGKILL (Kubernetes
		 * terminationGracePeriodSeconds, systemd TimeoutStopSec). Defaults to 30s on
		 * Kubernetes and Heroku; elsewhere the deadline is not checked against a grace
		 * period unless this is set.
		 */
		private @Nullable Duration gracePeriod;

		/**
		 * Whether a budget that does not fit fails startup rather than logging a warning.
		 */
		private boolean strict = false;

		public @Nullable Duration getGracePeriod() {
			return this.gracePeriod;
		}

		public void setGracePeriod(@Nullable Duration gracePeriod) {
			this.gracePeriod = gracePeriod;
		}

		public boolean isStrict() {
			return this.strict;
		}

		public void setStrict(boolean strict) {
			this.strict = strict;
		}

	}

	/**
	 * Spring's executors and schedulers (applicationTaskExecutor, @Async, @Scheduled,
	 * ThreadPoolTaskExecutor and ThreadPoolTaskScheduler beans).
	 */
	public static class Executors {

		/**
		 * Whether tasks accepted before the shutdown run to completion before the
		 * executors stop, rather than being dropped with the executor's queue. Executors
		 * configured to wait on their own (spring.task.*.shutdown.await-termination) keep
		 * their settings.
		 */
		private boolean enabled = true;

		/**
		 * Longest wait for the tasks of all executors together; an executor still busy
		 * then is named with its running and queued tasks, which are interrupted and
		 * cancelled, and the process exits with the timeout exit code. Unset: as long as
		 * the deadline allows, less the time kept for what follows (the hooks that run
		 * later, child-processes.timeout and one second). Either way never more than nine
		 * tenths of the executors-drain phase's timeout.
		 */
		private @Nullable Duration timeout;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(@Nullable Duration timeout) {
			this.timeout = timeout;
		}

	}

	/**
	 * Worker threads registered with GracefulShutdown.registerWorker.
	 */
	public static class Workers {

		/**
		 * Longest wait, after the drain, for registered worker threads to end; one still
		 * alive then is interrupted and named, and the process exits with the timeout
		 * exit code. Unset: as long as the deadline allows.
		 */
		private @Nullable Duration timeout;

		public @Nullable Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(@Nullable Duration timeout) {
			this.timeout = timeout;
		}

	}

	/**
	 * Leases taken with GracefulShutdown.acquireLease.
	 */
	public static class Leases {

		/**
		 * Longest wait, after the drain, for open leases to be closed; those still open
		 * then are named, the shutdown goes on, and the process exits with the timeout
		 * exit code. Unset: as long as the deadline allows (a lease never closed is then
		 * named in the hang report).
		 */
		private @Nullable Duration timeout;

		public @Nullable Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(@Nullable Duration timeout) {
			this.timeout = timeout;
		}

	}

	/**
	 * The report of each shutdown: in the log, and in a file that outlives the process.
	 */
	public static class Report {

		/**
		 * File to write the report of every shutdown to, as JSON, replaced atomically
		 * when a shutdown ends, also right before the watchdog halts the JVM. The next
		 * start reads it back and shows it at the shutdown endpoint and as
		 * graceful.shutdown.last.* metrics. Its directory is created if needed and must
		 * be writable, checked at startup; a FIFO or a device is refused. When not set,
		 * no file is written or read.
		 */
		private @Nullable Path file;

		/**
		 * How the report is logged when a shutdown ends, after the one-line summary:
		 * 'summary' (a table of the stages and lifecycle phases), 'json' (the whole
		 * report as one line of JSON) or 'none'. The whole report is also logged at DEBUG
		 * unless this is 'json'.
		 */
		private ShutdownReportLogger.Format log = ShutdownReportLogger.Format.SUMMARY;

		public @Nullable Path getFile() {
			return this.file;
		}

		public void setFile(@Nullable Path file) {
			this.file = file;
		}

		public ShutdownReportLogger.Format getLog() {
			return this.log;
		}

		public void setLog(ShutdownReportLogger.Format log) {
			this.log = log;
		}

	}

	/**
	 * Micrometer metrics of the shutdown.
	 */
	public static class Metrics {

		/**
		 * Whether to register the graceful.shutdown.* meters when Micrometer is present.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Spring for Apache Kafka's listener containers.
	 */
	public static class Kafka {

		/**
		 * Whether the listener containers stop fetching when the drain starts: each
		 * finishes the record in progress, commits what it processed and leaves the
		 * consumer group, and the shutdown waits for it (as for a lease) within the
		 * deadline. The records fetched but not started go to the partitions' next owner.
		 * Unless spring.kafka.listener.immediate-stop is set, the containers are made to
		 * stop after the record in progress rather than after their whole last poll.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Spring AMQP's RabbitMQ listener containers.
	 */
	public static class Rabbit {

		/**
		 * Whether the listener containers stop consuming when the drain starts: each
		 * finishes and acknowledges the message in progress, with as long as the deadline
		 * allows rather than its shutdownTimeout (5s unless set), and the shutdown waits
		 * for it (as for a lease). Unless spring.rabbitmq.listener.simple.force-stop or
		 * spring.rabbitmq.listener.direct.force-stop is set, the containers are made to
		 * stop after the message in progress, and the messages they prefetched but did
		 * not start go back to the queue.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
