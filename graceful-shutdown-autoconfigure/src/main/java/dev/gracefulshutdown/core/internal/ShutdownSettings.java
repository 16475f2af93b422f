package dev.gracefulshutdown.core.internal;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * Everything the coordinator needs to know, independent of how it was configured.
 *
 * @param deadline the time from the first trigger to the end of the process
 * @param drain the drain settings
 * @param exitCodes the exit statuses
 * @param phases the timeouts of the lifecycle phases
 * @param hookTimeout the timeout of a shutdown hook without its own
 * @param childProcesses what happens to child processes
 * @param work how long registered workers and open leases are waited for
 * <p>
 * Internal, not API: public for the starter's auto-configuration and integrations.
 */
public record ShutdownSettings(Duration deadline, DrainSettings drain, ExitCodes exitCodes, PhaseTimeouts phases,
		Duration hookTimeout, ChildProcessSettings childProcesses, WorkSettings work) {

	/**
	 * The default timeout of a shutdown hook.
	 */
	public static final Duration DEFAULT_HOOK_TIMEOUT = Duration.ofSeconds(5);

	/**
	 * The default time child processes get after TERM.
	 */
	public static final Duration DEFAULT_CHILD_PROCESS_TIMEOUT = Duration.ofSeconds(2);

	/**
	 * Create new settings, validating them.
	 * @param deadline the time from the first trigger to the end of the process
	 * @param drain the drain settings
	 * @param exitCodes the exit statuses
	 * @param phases the timeouts of the lifecycle phases
	 * @param hookTimeout the timeout of a shutdown hook without its own
	 * @param childProcesses what happens to child processes
	 * @param work how long registered workers and open leases are waited for
	 */
	public ShutdownSettings {
		Assert.isTrue(deadline.compareTo(Duration.ZERO) > 0, "'deadline' must be positive");
		Assert.isTrue(hookTimeout.compareTo(Duration.ZERO) > 0, "'hookTimeout' must be positive");
	}

	/**
	 * Create settings with the defaults for everything but the deadline, the drain and
	 * the exit codes.
	 * @param deadline the time from the first trigger to the end of the process
	 * @param drain the drain settings
	 * @param exitCodes the exit statuses
	 */
	public ShutdownSettings(Duration deadline, DrainSettings drain, ExitCodes exitCodes) {
		this(deadline, drain, exitCodes, PhaseTimeouts.bootDefaults(), DEFAULT_HOOK_TIMEOUT,
				new ChildProcessSettings(true, DEFAULT_CHILD_PROCESS_TIMEOUT));
	}

	/**
	 * Create settings that wait for workers and leases as long as the deadline allows.
	 * @param deadline the time from the first trigger to the end of the process
	 * @param drain the drain settings
	 * @param exitCodes the exit statuses
	 * @param phases the timeouts of the lifecycle phases
	 * @param hookTimeout the timeout of a shutdown hook without its own
	 * @param childProcesses what happens to child processes
	 */
	public ShutdownSettings(Duration deadline, DrainSettings drain, ExitCodes exitCodes, PhaseTimeouts phases,
			Duration hookTimeout, ChildProcessSettings childProcesses) {
		this(deadline, drain, exitCodes, phases, hookTimeout, childProcesses, new WorkSettings(null, null));
	}

}
