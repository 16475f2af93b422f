/**
 * The shutdown sequence itself, internal to the starter and not API: coordinator, stages,
 * deadline, termination, hang report and in-flight tracking. Public only for the
 * starter's other packages (auto-configuration, signals, tasks, web filters); its types
 * change without notice. Depends on no web, actuator or metrics type.
 */
@NullMarked
package dev.gracefulshutdown.core.internal;

import org.jspecify.annotations.NullMarked;
