package vn.egov.gateway.dossier;

/** A queued webhook event for a portal; {@code attempts} counts leases, this one included. */
public record WebhookEvent(String id, String clientId, String receiptCode, String type, String payload, int attempts) {
}
