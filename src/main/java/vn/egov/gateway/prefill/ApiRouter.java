package vn.egov.gateway.prefill;

import io.vertx.ext.web.Router;
import vn.egov.gateway.forms.ValidateHandler;

/** The REST API for portals under {@code /api/v1}: the procedure catalogue, prefill, and the citizen's own view. */
public final class ApiRouter {
  private ApiRouter() {
  }

  public static void mount(Router router, ProcedureApiHandler procedures, CitizenApiHandler citizen, ValidateHandler forms) {
    router.get("/api/v1/procedures").handler(procedures::list);
    router.get("/api/v1/procedures/:code").handler(procedures::get);
    router.get("/api/v1/procedures/:code/prefill").handler(procedures::prefill);
    router.post("/api/v1/procedures/:code/validate").handler(forms::validate);
    router.get("/api/v1/me/data-access").handler(citizen::dataAccess);
    router.get("/api/v1/me/consents").handler(citizen::listConsents);
    router.delete("/api/v1/me/consents/:clientId").handler(citizen::withdraw);
  }
}
