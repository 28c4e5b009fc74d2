package vn.egov.gateway.dossier;

import java.time.Instant;
import java.util.Objects;

/**
 * What the submission API hands to the store. The caller has validated the form and computed the
 * due date from {@code receivedAt} with the calendar; {@code requestHash} identifies the request
 * body (e.g. SHA-256 of the canonical JSON) so that a replay with another body is told apart;
 * {@code warnings} are the validator's (a JSON array), delivered to the agency with the dossier.
 */
public record NewSubmission(String clientId, String idempotencyKey, String requestHash, String procedureCode,
                            String agencyCode, String citizenKey, String subject, String payload, Instant receivedAt,
                            Instant dueAt, String dueProvenance, String warnings) {
  public NewSubmission {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Objects.requireNonNull(requestHash, "requestHash");
    Objects.requireNonNull(procedureCode, "procedureCode");
    Objects.requireNonNull(agencyCode, "agencyCode");
    Objects.requireNonNull(citizenKey, "citizenKey");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(dueAt, "dueAt");
    Objects.requireNonNull(dueProvenance, "dueProvenance");
    if (warnings == null || warnings.isBlank()) warnings = "[]";
  }

  /** A submission the validator had no warning about. */
  public NewSubmission(String clientId, String idempotencyKey, String requestHash, String procedureCode, String agencyCode,
      String citizenKey, String subject, String payload, Instant receivedAt, Instant dueAt, String dueProvenance) {
    this(clientId, idempotencyKey, requestHash, procedureCode, agencyCode, citizenKey, subject, payload, receivedAt, dueAt,
        dueProvenance, "[]");
  }
}
