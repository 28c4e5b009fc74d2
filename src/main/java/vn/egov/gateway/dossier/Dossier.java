package vn.egov.gateway.dossier;

import java.time.Instant;

/**
 * A stored dossier. {@code payload} is the submitted form as JSON text; {@code status} is the
 * current national status code (1-10) and {@code statusAt} the time the agency gave for it;
 * {@code overdueAt} and {@code apologyNotice} are set once, when the due date passed unresolved;
 * {@code warnings} are the validator's at submission (a JSON array, {@code []} when none).
 */
public record Dossier(String receiptCode, String procedureCode, String agencyCode, String clientId, String citizenKey,
                      String subject, String payload, int status, Instant statusAt, Instant receivedAt, Instant dueAt,
                      String dueProvenance, String idempotencyKey, Instant overdueAt, String apologyNotice, String warnings) {

  /** A dossier without validator warnings. */
  public Dossier(String receiptCode, String procedureCode, String agencyCode, String clientId, String citizenKey, String subject,
      String payload, int status, Instant statusAt, Instant receivedAt, Instant dueAt, String dueProvenance, String idempotencyKey,
      Instant overdueAt, String apologyNotice) {
    this(receiptCode, procedureCode, agencyCode, clientId, citizenKey, subject, payload, status, statusAt, receivedAt, dueAt,
        dueProvenance, idempotencyKey, overdueAt, apologyNotice, "[]");
  }

  public DossierStatus currentStatus() {
    return DossierStatus.of(status);
  }
}
