package dev.gracefulshutdown;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a bean as a shutdown hook: a public or package-private method without
 * parameters. It runs as a {@link ShutdownHook} would, named {@code beanName.methodName}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnShutdown {

	/**
	 * When the hook runs: {@link ShutdownStage#STOP} (after the drain, before any
	 * lifecycle phase stops) or {@link ShutdownStage#RELEASE} (after every lifecycle
	 * phase, before beans are destroyed). Ignored when {@link #phase()} is set.
	 * @return the stage
	 */
	ShutdownStage stage() default ShutdownStage.STOP;

	/**
	 * The lifecycle phase to run in, as a number ({@code "1000"}) or a documented name
	 * ({@code "web-server-stop"}); empty to run in {@link #stage()}.
	 * @return the phase
	 */
	String phase() default "";

	/**
	 * The order among hooks that run at the same point; lower runs first.
	 * @return the order
	 */
	int order() default 0;

	/**
	 * How long the hook may run, as a duration ({@code "5s"}, {@code "500ms"}); empty for
	 * {@code graceful-shutdown.hooks.timeout}.
	 * @return the timeout
	 */
	String timeout() default "";

}
