package vn.egov.gateway.dossier;

import java.time.Instant;

/**
 * The outbox entry that carries one dossier to its agency. {@code deliveryKey} is the gateway's own
 * idempotency key sent with every attempt, so the agency sees the dossier exactly once however
 * often it is sent. {@code attempts} counts leases (a crashed instance's attempt counts too).
 */
public record DeliveryJob(String id, String receiptCode, String agencyCode, String deliveryKey, State state, int attempts,
                          Instant nextAttemptAt, String leaseOwner, Instant leaseUntil, String lastError) {

  public enum State {
    /** Waiting for {@code nextAttemptAt}. */
    PENDING,
    /** Leased by {@code leaseOwner} until {@code leaseUntil}; after that, anyone may lease it again. */
    IN_FLIGHT,
    DELIVERED,
    /** The retry budget is spent; ops can see it and redrive it. */
    DEAD
  }
}
