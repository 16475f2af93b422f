package dev.gracefulshutdown.core;

/**
 * A shutdown hook is declared in a way the starter cannot run: startup fails with a
 * message that says which hook and what to change. Public because applications see it
 * (and Boot's failure analysis reads it) when their startup fails.
 */
public class InvalidShutdownHookException extends IllegalStateException {

	private final String hook;

	private final String problem;

	private final String action;

	/**
	 * Create a new exception.
	 * @param hook the hook's name
	 * @param problem what is wrong
	 * @param action what to change
	 */
	public InvalidShutdownHookException(String hook, String problem, String action) {
		super("Shutdown hook '" + hook + "' " + problem + "; " + action);
		this.hook = hook;
		this.problem = problem;
		this.action = action;
	}

	/**
	 * Return the hook's name.
	 * @return the name
	 */
	public String getHook() {
		return this.hook;
	}

	/**
	 * Return what is wrong.
	 * @return the problem
	 */
	public String getProblem() {
		return this.problem;
	}

	/**
	 * Return what to change.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
