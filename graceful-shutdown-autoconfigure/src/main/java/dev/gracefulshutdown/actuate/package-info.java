/**
 * Actuator integration: the {@code /actuator/shutdown-graceful} endpoint.
 */
@NullMarked
package dev.gracefulshutdown.actuate;

import org.jspecify.annotations.NullMarked;
