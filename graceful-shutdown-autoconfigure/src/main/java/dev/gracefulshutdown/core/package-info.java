/**
 * The shutdown sequence itself: coordinator, drain, deadline, watchdog and in-flight
 * tracking. Depends on no web, actuator or metrics type.
 */
@NullMarked
package dev.gracefulshutdown.core;

import org.jspecify.annotations.NullMarked;
