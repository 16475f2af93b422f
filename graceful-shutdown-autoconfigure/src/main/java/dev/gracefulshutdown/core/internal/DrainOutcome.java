package dev.gracefulshutdown.core.internal;

/**
 * What happened during the drain.
 *
 * @param inFlightAtStart requests in flight when the drain started
 * @param acceptedDuringDrain requests that arrived, and were served, during the drain
 * @param inFlightAtEnd requests still in flight when the drain ended
 * @param cutShort whether the drain ended at its maximum delay or the deadline rather
 * than because traffic stopped
 * <p>
 * Internal, not API: public for the starter's auto-configuration and integrations.
 */
public record DrainOutcome(long inFlightAtStart, long acceptedDuringDrain, long inFlightAtEnd, boolean cutShort) {

}
