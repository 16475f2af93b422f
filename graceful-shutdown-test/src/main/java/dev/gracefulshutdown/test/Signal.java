package dev.gracefulshutdown.test;

/**
 * The signals {@link ApplicationProcess#signal(Signal)} sends, with {@code kill} (Linux
 * and macOS).
 */
public enum Signal {

	/**
	 * {@code SIGTERM}: what Kubernetes, Docker, systemd and most process managers send.
	 */
	TERM,

	/**
	 * {@code SIGINT}: Ctrl-C in a terminal.
	 */
	INT,

	/**
	 * {@code SIGHUP}: handled by the starter only when
	 * {@code graceful-shutdown.signals.names} lists it.
	 */
	HUP,

	/**
	 * {@code SIGUSR1}: handled by the starter only when
	 * {@code graceful-shutdown.signals.names} lists it.
	 */
	USR1;

	/**
	 * Return the signal's name as the report and the log write it, such as
	 * {@code SIGTERM}.
	 * @return the name
	 */
	public String signalName() {
		return "SIG" + name();
	}

}
