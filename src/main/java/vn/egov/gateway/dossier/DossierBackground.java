package vn.egov.gateway.dossier;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.List;

/**
 * The dossier work that runs beside the request path, once per process: the portals' webhooks and
 * the overdue watch. Both lease or mark idempotently in the store, so several processes may run it.
 */
public final class DossierBackground extends VerticleBase {
  private final WebhookNotifier webhooks;
  private final OverdueWatch overdue;

  public DossierBackground(WebhookNotifier webhooks, OverdueWatch overdue) {
    this.webhooks = webhooks;
    this.overdue = overdue;
  }

  @Override
  public Future<?> start() {
    webhooks.start();
    overdue.start();
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    for (Runnable r : List.<Runnable>of(webhooks::stop, overdue::stop)) r.run();
    return Future.succeededFuture();
  }
}
