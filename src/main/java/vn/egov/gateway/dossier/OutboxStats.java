package vn.egov.gateway.dossier;

import java.time.Duration;

/**
 * The delivery queue at a moment: jobs by state, how many pending jobs are due now, and how long
 * the oldest undelivered job (pending or in flight) has waited since it was queued.
 */
public record OutboxStats(long pending, long inFlight, long delivered, long dead, long due, Duration oldestPendingAge) {
}
