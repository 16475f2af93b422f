package dev.gracefulshutdown.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.gracefulshutdown.core.internal.ChildProcessSettings;
import dev.gracefulshutdown.core.internal.DrainSettings;
import dev.gracefulshutdown.core.internal.Durations;
import dev.gracefulshutdown.core.internal.ExitCodes;
import dev.gracefulshutdown.core.internal.PhaseNames;
import dev.gracefulshutdown.core.internal.PhaseTimeouts;
import dev.gracefulshutdown.core.internal.ShutdownSettings;
import dev.gracefulshutdown.core.internal.WorkSettings;
import dev.gracefulshutdown.signal.RepeatedSignals;
import dev.gracefulshutdown.signal.SignalNames;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.cloud.CloudPlatform;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Turns {@link GracefulShutdownProperties} into {@link ShutdownSettings}: fills in the
 * defaults that depend on where the application runs, and rejects values the starter
 * cannot work with, naming the key.
 * <p>
 * Without a cloud platform (a developer's machine) the drain ends as soon as nothing is
 * in flight, so Ctrl-C is instant. On a cloud platform the instance keeps serving for at
 * least {@link #CLOUD_MIN_DELAY}, and until no request came for
 * {@link #CLOUD_QUIET_PERIOD}, because endpoint lists and load balancers learn of the
 * shutdown seconds after the process does. Without a web server there is no load balancer
 * to wait for.
 */
final class ShutdownSettingsFactory {

	static final Duration CLOUD_MIN_DELAY = Duration.ofSeconds(5);

	static final Duration CLOUD_QUIET_PERIOD = Duration.ofSeconds(2);

	private static final String PREFIX = "graceful-shutdown.";

	private static final Log logger = LogFactory.getLog(ShutdownSettingsFactory.class);

	private ShutdownSettingsFactory() {
	}

	static ShutdownSettings create(GracefulShutdownProperties properties, @Nullable CloudPlatform cloudPlatform,
			boolean cloudDrainDefaultsApply) {
		return create(properties, cloudPlatform, cloudDrainDefaultsApply, null);
	}

	static ShutdownSettings create(GracefulShutdownProperties properties, @Nullable CloudPlatform cloudPlatform,
			boolean cloudDrainDefaultsApply, @Nullable Duration bootPhaseTimeout) {
		signalNames(properties);
		repeatedSignals(properties);
		Duration deadline = positive("deadline", properties.getDeadline());
		GracefulShutdownProperties.Drain drain = properties.getDrain();
		boolean cloud = cloudDrainDefaultsApply && cloudPlatform != null && cloudPlatform != CloudPlatform.NONE;
		Duration minDelay = notNegative("drain.min-delay",
				orDefault(drain.getMinDelay(), cloud ? CLOUD_MIN_DELAY : Duration.ZERO));
		Duration quietPeriod = notNegative("drain.quiet-period",
				orDefault(drain.getQuietPeriod(), cloud ? CLOUD_QUIET_PERIOD : Duration.ZERO));
		Duration maxDelay = notNegative("drain.max-delay", drain.getMaxDelay());
		if (minDelay.compareTo(maxDelay) > 0) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "drain.min-delay", human(minDelay),
					"must not exceed graceful-shutdown.drain.max-delay (" + human(maxDelay) + ")"
							+ defaultNote(drain.getMinDelay(), cloudPlatform));
		}
		if (minDelay.compareTo(deadline) >= 0) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "drain.min-delay", human(minDelay),
					"must be less than graceful-shutdown.deadline (" + human(deadline)
							+ "), or every shutdown would run out of time"
							+ defaultNote(drain.getMinDelay(), cloudPlatform));
		}
		ExitCodes exitCodes = new ExitCodes(exitCode("exit-code.graceful", properties.getExitCode().getGraceful()),
				exitCode("exit-code.error", properties.getExitCode().getError()),
				exitCode("exit-code.timeout", properties.getExitCode().getTimeout()));
		PhaseTimeouts phases = phaseTimeouts(properties.getPhases(), bootPhaseTimeout);
		Duration hookTimeout = positive("hooks.timeout", properties.getHooks().getTimeout());
		ChildProcessSettings childProcesses = new ChildProcessSettings(properties.getChildProcesses().isEnabled(),
				notNegative("child-processes.timeout", properties.getChildProcesses().getTimeout()));
		WorkSettings work = new WorkSettings(optionalPositive("workers.timeout", properties.getWorkers().getTimeout()),
				optionalPositive("leases.timeout", properties.getLeases().getTimeout()));
		executorsTimeout(properties);
		if (cloud) {
			logCloudDrainDefaults(cloudPlatform, drain, minDelay, quietPeriod, maxDelay);
		}
		return new ShutdownSettings(deadline,
				new DrainSettings(minDelay, quietPeriod, maxDelay, drain.isConnectionClose()), exitCodes, phases,
				hookTimeout, childProcesses, work);
	}

	/**
	 * Say at startup when a cloud default sets the drain, so that a look at the log shows
	 * whether the platform was detected, without stopping an instance.
	 */
	private static void logCloudDrainDefaults(@Nullable CloudPlatform cloudPlatform,
			GracefulShutdownProperties.Drain drain, Duration minDelay, Duration quietPeriod, Duration maxDelay) {
		List<String> defaulted = new ArrayList<>();
		if (drain.getMinDelay() == null) {
			defaulted.add("min-delay");
		}
		if (drain.getQuietPeriod() == null) {
			defaulted.add("quiet-period");
		}
		if (defaulted.isEmpty()) {
			return;
		}
		boolean both = defaulted.size() > 1;
		logger.info("Drain on cloud platform " + cloudPlatform + ": min-delay " + human(minDelay) + ", quiet-period "
				+ human(quietPeriod) + ", max-delay " + human(maxDelay) + "; the cloud default" + (both ? "s" : "")
				+ " of graceful-shutdown.drain." + String.join(" and ", defaulted) + " appl" + (both ? "y" : "ies")
				+ ", as " + (both ? "they are" : "it is") + " not set");
	}

	static PhaseTimeouts phaseTimeouts(GracefulShutdownProperties.Phases phases, @Nullable Duration bootPhaseTimeout) {
		Duration configured = phases.getTimeout();
		Duration fallback = (bootPhaseTimeout != null) ? bootPhaseTimeout : PhaseTimeouts.BOOT_DEFAULT;
		Duration defaultTimeout = (configured != null) ? notNegative("phases.timeout", configured) : fallback;
		Map<Integer, Duration> timeouts = new LinkedHashMap<>();
		phases.getTimeouts().forEach((key, timeout) -> {
			String property = "phases.timeouts." + key;
			Integer phase = PhaseNames.resolve(key)
				.orElseThrow(() -> new InvalidConfigurationPropertyValueException(PREFIX + property, human(timeout),
						"'" + key + "' is neither a phase number nor a phase name; use a number or one of "
								+ PhaseNames.all().keySet()));
			Duration previous = timeouts.put(phase, notNegative(property, timeout));
			if (previous != null) {
				throw new InvalidConfigurationPropertyValueException(PREFIX + property, human(timeout),
						"phase " + PhaseNames.describe(phase) + " is given a timeout twice (by name and by number);"
								+ " keep one");
			}
		});
		return new PhaseTimeouts(defaultTimeout, timeouts);
	}

	/**
	 * Return {@code graceful-shutdown.executors.timeout}, checked: the one place it is
	 * read. Unset, the executors' drain waits as long as the deadline allows
	 * ({@code DrainBound}), and an executor closed outside a shutdown waits up to the
	 * deadline ({@code TaskTerminationDefaults}).
	 * @param properties the properties
	 * @return the timeout, or {@code null} when unset
	 */
	static @Nullable Duration executorsTimeout(GracefulShutdownProperties properties) {
		return optionalPositive("executors.timeout", properties.getExecutors().getTimeout());
	}

	static List<String> signalNames(GracefulShutdownProperties properties) {
		List<String> names = new ArrayList<>();
		for (String name : properties.getSignals().getNames()) {
			String normalized = SignalNames.normalize(name);
			if (!SignalNames.isSupported(normalized)) {
				throw new InvalidConfigurationPropertyValueException(PREFIX + "signals.names", name,
						"unknown or reserved signal; use one of " + SignalNames.SUPPORTED
								+ " (QUIT and USR2 belong to the JVM, KILL and STOP cannot be handled)");
			}
			if (!names.contains(normalized)) {
				names.add(normalized);
			}
		}
		return names;
	}

	/**
	 * Resolve what a signal does when it comes again during the shutdown: the defaults of
	 * {@link RepeatedSignals} with {@code graceful-shutdown.signals.on-repeat} on top,
	 * keys normalized as in {@code graceful-shutdown.signals.names}.
	 * @param properties the properties
	 * @return the policy
	 */
	static RepeatedSignals repeatedSignals(GracefulShutdownProperties properties) {
		GracefulShutdownProperties.Signals signals = properties.getSignals();
		Set<String> escalating = new LinkedHashSet<>(RepeatedSignals.DEFAULT_ESCALATING);
		Map<String, String> configuredBy = new LinkedHashMap<>();
		signals.getOnRepeat().forEach((key, action) -> {
			String property = PREFIX + "signals.on-repeat." + key;
			String normalized = SignalNames.normalize(key);
			if (!SignalNames.isSupported(normalized)) {
				throw new InvalidConfigurationPropertyValueException(property, String.valueOf(action),
						"'" + key + "' is not a signal that can be handled; use one of " + SignalNames.SUPPORTED
								+ " (the SIG prefix is optional)");
			}
			if (action == null) {
				throw new InvalidConfigurationPropertyValueException(property, "",
						"use 'join' (let the shutdown go on) or 'escalate' (skip the remaining waits and halt)");
			}
			boolean escalates = action == GracefulShutdownProperties.RepeatedSignal.ESCALATE;
			String earlier = configuredBy.putIfAbsent(normalized, key);
			if (earlier != null && escalating.contains(normalized) != escalates) {
				throw new InvalidConfigurationPropertyValueException(property, action.name().toLowerCase(Locale.ROOT),
						"SIG" + normalized + " is also configured by " + PREFIX + "signals.on-repeat." + earlier
								+ ", with the other action; keep one");
			}
			if (escalates) {
				escalating.add(normalized);
			}
			else {
				escalating.remove(normalized);
			}
		});
		Duration window = notNegative("signals.repeat-window", signals.getRepeatWindow());
		return new RepeatedSignals(escalating, window);
	}

	private static Duration orDefault(@Nullable Duration value, Duration fallback) {
		return (value != null) ? value : fallback;
	}

	private static Duration positive(String key, @Nullable Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + key, human(value),
					"must be a positive duration, for example 25s");
		}
		return value;
	}

	private static @Nullable Duration optionalPositive(String key, @Nullable Duration value) {
		return (value != null) ? positive(key, value) : null;
	}

	static Duration notNegative(String key, @Nullable Duration value) {
		if (value == null || value.isNegative()) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + key, human(value),
					"must be zero or a positive duration, for example 5s");
		}
		return value;
	}

	private static int exitCode(String key, int value) {
		if (value < 0 || value > 255) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + key, value,
					"must be an exit status between 0 and 255");
		}
		return value;
	}

	private static String human(@Nullable Duration duration) {
		if (duration == null) {
			return "null";
		}
		return Durations.format(duration);
	}

	private static String defaultNote(@Nullable Duration configured, @Nullable CloudPlatform cloudPlatform) {
		return (configured != null || cloudPlatform == null) ? ""
				: " (the default on " + cloudPlatform + "; set it explicitly to change it)";
	}

}
