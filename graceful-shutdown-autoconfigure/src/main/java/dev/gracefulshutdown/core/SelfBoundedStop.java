package dev.gracefulshutdown.core;

/**
 * Marks a lifecycle bean of the starter whose {@code stop()} bounds itself (hooks with
 * their timeouts, the executors' drain): a long stop of such a bean is not an overrun of
 * its phase.
 */
public interface SelfBoundedStop {

}
