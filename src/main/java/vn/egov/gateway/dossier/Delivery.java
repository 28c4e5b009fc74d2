package vn.egov.gateway.dossier;

/**
 * A leased job with the dossier it carries, read in the statement that leased it: what the
 * forwarder sends. {@code dossier} is null when the store has no such dossier.
 */
public record Delivery(DeliveryJob job, Dossier dossier) {
}
