/**
 * Micrometer metrics of the shutdown: live gauges, what each shutdown recorded, and the
 * report of the previous instance's shutdown as gauges.
 */
@NullMarked
package dev.gracefulshutdown.metrics;

import org.jspecify.annotations.NullMarked;
