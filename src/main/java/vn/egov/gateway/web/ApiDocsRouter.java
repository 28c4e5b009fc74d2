package vn.egov.gateway.web;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /openapi.json} (the OpenAPI 3.1 document, for tools) and {@code GET /docs} (the
 * same as one HTML page, for people). Public, like the discovery document. The document is read
 * off the event loop at start-up; {@code docs} has completed before the port listens.
 */
public final class ApiDocsRouter {
  public static final String DOCUMENT = "/openapi.json";
  public static final String PAGE = "/docs";

  private ApiDocsRouter() {
  }

  public static void mount(Router router, Future<ApiDocument> docs) {
    router.get(DOCUMENT).handler(ctx -> docs.onSuccess(d -> send(ctx, "application/json", d.json())).onFailure(ctx::fail));
    router.get(PAGE).handler(ctx -> docs.onSuccess(d -> send(ctx, "text/html; charset=utf-8", d.html())).onFailure(ctx::fail));
  }

  private static void send(RoutingContext ctx, String type, String body) {
    ctx.response().putHeader("Content-Type", type).putHeader("Cache-Control", "public, max-age=300")
        .putHeader("Access-Control-Allow-Origin", "*").end(body);
  }
}
