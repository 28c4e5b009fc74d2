package vn.egov.gateway.dossier;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Locale;
import vn.egov.gateway.web.Problem;
import vn.egov.gateway.web.RequestIdHandler;
import vn.egov.gateway.web.SecurityHeadersHandler;

/**
 * The agency listener's route table (docs/agency-interface.md): one endpoint; every other path is
 * a problem+json 404. The content type is checked before the body is read, and the body limit
 * holds before any parsing.
 */
public final class AgencyRouter {
  public static final String STATUS_PATH = "/agency/v1/dossiers/:" + AgencyStatusHandler.PARAM + "/status";

  private AgencyRouter() {
  }

  public static Router create(Vertx vertx, AgencyStatusHandler status, Handler<RoutingContext> failures, int bodyLimit) {
    Router router = Router.router(vertx);
    router.route().handler(RequestIdHandler.create());
    router.route().handler(SecurityHeadersHandler.create(true));
    router.post(STATUS_PATH).handler(AgencyRouter::requireJson);
    router.post(STATUS_PATH).handler(BodyHandler.create(false).setBodyLimit(bodyLimit));
    router.post(STATUS_PATH).handler(status);
    router.route().failureHandler(failures);
    router.errorHandler(404, failures);
    router.errorHandler(405, failures);
    return router;
  }

  /** {@code application/json}, with no charset or UTF-8 (RFC 8259 section 8.1). */
  private static void requireJson(RoutingContext ctx) {
    String header = ctx.request().getHeader("Content-Type");
    String[] parts = header == null ? new String[] {""} : header.split(";");
    boolean json = parts[0].trim().toLowerCase(Locale.ROOT).equals("application/json");
    for (int i = 1; i < parts.length && json; i++) {
      String[] param = parts[i].trim().split("=", 2);
      if (param[0].trim().equalsIgnoreCase("charset")) {
        json = param.length == 2 && param[1].trim().replace("\"", "").equalsIgnoreCase("utf-8");
      }
    }
    if (!json) {
      throw Problem.of(415, "unsupported-media-type", "Kiểu nội dung không được hỗ trợ", "Unsupported media type")
          .withDetail("A status report is application/json (UTF-8)").exception();
    }
    ctx.next();
  }
}
