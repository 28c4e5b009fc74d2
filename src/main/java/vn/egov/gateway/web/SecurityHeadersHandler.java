package vn.egov.gateway.web;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** Headers every response carries: no framing (clickjacking of the consent page), no sniffing, no referrer leaks of codes. */
public interface SecurityHeadersHandler extends Handler<RoutingContext> {

  static SecurityHeadersHandler create(boolean https) {
    return ctx -> {
      var h = ctx.response().headers();
      h.set("X-Content-Type-Options", "nosniff");
      h.set("X-Frame-Options", "DENY");
      h.set("Referrer-Policy", "no-referrer");
      h.set("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; form-action *");
      if (https) h.set("Strict-Transport-Security", "max-age=31536000");
      ctx.next();
    };
  }
}
