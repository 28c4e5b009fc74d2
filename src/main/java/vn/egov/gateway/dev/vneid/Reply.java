package vn.egov.gateway.dev.vneid;

import io.vertx.ext.web.RoutingContext;
import java.net.URI;

/** What a browser endpoint answers, decided first and written once at the edge. */
sealed interface Reply {

  void send(RoutingContext ctx);

  static Reply page(int status, String html) {
    return new Page(status, html);
  }

  static Reply redirect(URI location) {
    return new Redirect(location);
  }

  /** An HTML page. Login pages are never cached: they carry one-time request ids and errors. */
  record Page(int status, String html) implements Reply {
    @Override
    public void send(RoutingContext ctx) {
      ctx.response().setStatusCode(status)
          .putHeader("Content-Type", "text/html; charset=utf-8")
          .putHeader("Cache-Control", "no-store")
          .end(html);
    }
  }

  /** A 302 to the relying party (RFC 6749 section 4.1.2 shows 302 Found for the authorization response). */
  record Redirect(URI location) implements Reply {
    @Override
    public void send(RoutingContext ctx) {
      ctx.response().setStatusCode(302)
          .putHeader("Location", location.toString())
          .putHeader("Cache-Control", "no-store")
          .end();
    }
  }
}
