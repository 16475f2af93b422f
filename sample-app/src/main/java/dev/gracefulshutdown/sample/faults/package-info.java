/**
 * Faults to inject into the sample application for the whole-process tests, each off
 * unless its {@code sample.fault.*} property is set.
 */
@NullMarked
package dev.gracefulshutdown.sample.faults;

import org.jspecify.annotations.NullMarked;
