package dev.gracefulshutdown.core.internal;

/**
 * Marks a lifecycle bean of the starter whose {@code stop()} bounds itself (hooks with
 * their timeouts, the executors' drain): a long stop of such a bean is not an overrun of
 * its phase.
 * <p>
 * Internal, not API: public for the starter's auto-configuration and integrations.
 */
public interface SelfBoundedStop {

}
