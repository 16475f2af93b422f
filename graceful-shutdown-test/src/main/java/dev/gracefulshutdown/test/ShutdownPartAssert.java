package dev.gracefulshutdown.test;

/**
 * What the assertions on one part of the report (a phase, a hook) share: the way on to
 * the other parts and back to the whole shutdown.
 */
public abstract class ShutdownPartAssert {

	/**
	 * The assertions of the whole shutdown.
	 */
	final ShutdownResultAssert shutdown;

	ShutdownPartAssert(ShutdownResultAssert shutdown) {
		this.shutdown = shutdown;
	}

	/**
	 * Go on with a phase.
	 * @param nameOrNumber the phase's name or number
	 * @return assertions on that phase
	 */
	public PhaseAssert phase(String nameOrNumber) {
		return this.shutdown.phase(nameOrNumber);
	}

	/**
	 * Go on with a hook.
	 * @param name the hook's name
	 * @return assertions on that hook
	 */
	public HookAssert hook(String name) {
		return this.shutdown.hook(name);
	}

	/**
	 * Go on with the report's stragglers ({@link ShutdownResultAssert#noStragglers()}).
	 * @return the assertions of the whole shutdown
	 */
	public ShutdownResultAssert noStragglers() {
		return this.shutdown.noStragglers();
	}

	/**
	 * Go back to the assertions of the whole shutdown.
	 * @return them
	 */
	public ShutdownResultAssert and() {
		return this.shutdown;
	}

}
