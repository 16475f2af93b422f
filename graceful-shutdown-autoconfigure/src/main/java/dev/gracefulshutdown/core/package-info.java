/**
 * The two types of the shutdown core that an application may touch: {@link ProcessExit},
 * how the process ends (a bean of that type replaces the JVM's), and
 * {@link InvalidShutdownHookException}, the startup failure of a shutdown hook declared
 * wrongly. Everything else lives in {@code core.internal}.
 */
@NullMarked
package dev.gracefulshutdown.core;

import org.jspecify.annotations.NullMarked;
