package vn.egov.gateway.web;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** A JSON answer of the REST APIs: never cached, since every one is about a citizen or the live system. */
public final class JsonReply {
  private JsonReply() {
  }

  public static void send(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
        .end(body.toBuffer());
  }
}
