package vn.egov.gateway.dev.vneid;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.egov.gateway.web.Html;
import vn.egov.gateway.web.Lang;
import vn.egov.gateway.web.Messages;
import vn.egov.gateway.web.OAuthException;
import vn.egov.gateway.web.PageException;
import vn.egov.gateway.web.ProblemException;
import vn.egov.gateway.web.RequestIdHandler;

/**
 * Renders every failure of the mock once: token and userinfo errors as RFC 6749 section 5.2 /
 * RFC 6750 section 3 JSON, browser errors as an HTML page, {@code /dev} errors as problem+json.
 * Anything else is our bug: a 500 whose details go to the log, never to the client.
 */
interface MockVneidFailureHandler extends Handler<RoutingContext> {
  /** Routing-context key of the language a handler chose for its pages. */
  String LANG_KEY = "vneid.lang";

  static MockVneidFailureHandler create(Messages messages) {
    return new Impl(messages);
  }

  final class Impl implements MockVneidFailureHandler {
    private static final Logger LOG = LoggerFactory.getLogger(MockVneidFailureHandler.class);
    private final Messages messages;

    Impl(Messages messages) {
      this.messages = messages;
    }

    @Override
    public void handle(RoutingContext ctx) {
      if (ctx.response().headWritten()) {
        ctx.request().connection().close();
        return;
      }
      Throwable failure = ctx.failure();
      ctx.response().headers().remove("Content-Length");
      if (failure instanceof OAuthException e) {
        oauth(ctx, e.status(), e.error(), e.description(), e.wwwAuthenticate());
      } else if (failure instanceof PageException e) {
        page(ctx, e.status(), e.messageKey(), e.detail());
      } else if (failure instanceof ProblemException e) {
        ctx.response().setStatusCode(e.status()).putHeader("Content-Type", "application/problem+json")
            .end(e.problem().toJson(RequestIdHandler.of(ctx)).toBuffer());
      } else {
        generic(ctx, failure);
      }
    }

    /** Vert.x's own failures (a body over the limit, a bad form) and our bugs, in the format of the endpoint. */
    private void generic(RoutingContext ctx, Throwable failure) {
      int status;
      if (failure instanceof HttpException e) {
        status = e.getStatusCode();
      } else if (failure == null && ctx.statusCode() >= 400) {
        status = ctx.statusCode();
      } else {
        LOG.error("unhandled failure requestId={} {} {}", RequestIdHandler.of(ctx), ctx.request().method(), ctx.request().path(), failure);
        status = 500;
      }
      String path = ctx.request().path();
      if (path.equals(ProviderMetadata.TOKEN_PATH) || path.equals(ProviderMetadata.USERINFO_PATH)) {
        oauth(ctx, status, status >= 500 ? "server_error" : "invalid_request", null, null);
      } else if (path.startsWith(ProviderMetadata.AUTHORIZE_PATH)) {
        page(ctx, status, status >= 500 ? "generic" : "bad_request", null);
      } else {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/problem+json")
            .end(new JsonObject().put("type", "about:blank").put("status", status).put("instance", RequestIdHandler.of(ctx)).toBuffer());
      }
    }

    /** A missing token is answered without an error code (RFC 6750 section 3.1), hence the optional body. */
    private static void oauth(RoutingContext ctx, int status, String error, String description, String wwwAuthenticate) {
      var response = ctx.response().setStatusCode(status).putHeader("Cache-Control", "no-store");
      if (wwwAuthenticate != null) response.putHeader("WWW-Authenticate", wwwAuthenticate);
      if (error == null) {
        response.end();
        return;
      }
      JsonObject body = new JsonObject().put("error", error);
      if (description != null) body.put("error_description", description);
      response.putHeader("Content-Type", "application/json").end(body.toBuffer());
    }

    private void page(RoutingContext ctx, int status, String messageKey, String detail) {
      Lang chosen = ctx.get(LANG_KEY);
      Lang lang = chosen != null ? chosen : Lang.of(ctx, Lang.VI);
      String title = messages.get(lang, "error.title");
      String body = "<h1>" + Html.esc(title) + "</h1><p class=\"error\" role=\"alert\">"
          + Html.esc(messages.get(lang, "error." + messageKey)) + "</p>"
          + (detail == null ? "" : "<p class=\"muted\">" + Html.esc(detail) + "</p>")
          + "<p class=\"muted\">" + Html.esc(messages.get(lang, "error.reference", RequestIdHandler.of(ctx))) + "</p>";
      Reply.page(status, Html.page(lang, messages.get(lang, "brand"), title, body, null, null)).send(ctx);
    }
  }
}
