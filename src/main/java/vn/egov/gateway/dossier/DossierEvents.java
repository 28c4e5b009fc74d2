package vn.egov.gateway.dossier;

import io.vertx.core.Future;

/**
 * Where the status API tells the rest of the gateway that a report was recorded (for the portals'
 * webhooks). Called once per recorded report, after the store committed it and before the agency
 * gets its answer, so the agency waits for the returned future; a failed future is logged and the
 * agency still gets 200 (the status is recorded; a retry would be a duplicate and raise nothing),
 * so an implementation that must not lose a notification makes it durable before completing.
 */
@FunctionalInterface
public interface DossierEvents {
  /** Nobody listens. */
  DossierEvents NONE = event -> Future.succeededFuture();

  Future<Void> statusChanged(StatusChangeEvent event);
}
