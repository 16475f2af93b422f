package dev.gracefulshutdown.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the graceful shutdown starter.
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

	private final Signals signals = new Signals();

	private final ExitCode exitCode = new ExitCode();

	public Duration getDeadline() {
		return this.deadline;
	}

	public void setDeadline(Duration deadline) {
		this.deadline = deadline;
	}

	public Drain getDrain() {
		return this.drain;
	}

	public Signals getSignals() {
		return this.signals;
	}

	public ExitCode getExitCode() {
		return this.exitCode;
	}

	/**
	 * The drain: serving on while load balancers notice that the instance is leaving.
	 */
	public static class Drain {

		/**
		 * Least time to keep serving after readiness went down, so that load balancers
		 * and endpoint lists catch up. Defaults to 0 when no cloud platform is detected
		 * and to 5s on a cloud platform (Kubernetes, Heroku, Cloud Foundry, ...).
		 */
		private @Nullable Duration minDelay;

		/**
		 * Time with nothing in flight and no new request after which the drain ends: the
		 * sign that load balancers stopped sending. Defaults to 0 when no cloud platform
		 * is detected and to 2s on a cloud platform.
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
		 * Exit status when the deadline passed and the watchdog halted the JVM.
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

}
