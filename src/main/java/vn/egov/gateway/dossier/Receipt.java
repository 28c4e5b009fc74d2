package vn.egov.gateway.dossier;

import java.time.Instant;

/** The answer to an accepted submission, stored with the idempotency key and given again on replay. */
public record Receipt(String receiptCode, int status, Instant receivedAt, Instant dueAt, String dueProvenance) {
}
