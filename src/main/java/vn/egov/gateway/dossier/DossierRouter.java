package vn.egov.gateway.dossier;

import io.vertx.ext.web.Router;

/** The portal-facing dossier routes under {@code /api/v1} (DESIGN.md section 5). */
public final class DossierRouter {
  private DossierRouter() {
  }

  public static void mount(Router router, DossierApiHandler dossiers) {
    router.post("/api/v1/dossiers").handler(dossiers::submit);
    router.get("/api/v1/dossiers/:receiptCode").handler(dossiers::get);
    router.get("/api/v1/me/dossiers").handler(dossiers::mine);
  }
}
