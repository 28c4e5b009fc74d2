package vn.egov.gateway.web;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders every failure once: OAuth endpoints in their RFC format, citizen pages as HTML, the
 * rest as problem+json (RFC 9457). Anything that is not an {@link HttpException} is our fault:
 * a 500 whose details go to the log, never to the client.
 */
public interface FailureHandler extends Handler<RoutingContext> {

  static FailureHandler create(Messages messages, String brand) {
    return new Impl(messages, brand);
  }

  final class Impl implements FailureHandler {
    private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);
    private final Messages messages;
    private final String brand;

    Impl(Messages messages, String brand) {
      this.messages = messages;
      this.brand = brand;
    }

    @Override
    public void handle(RoutingContext ctx) {
      if (ctx.response().headWritten()) {
        ctx.request().connection().close();
        return;
      }
      Throwable failure = ctx.failure();
      String requestId = RequestIdHandler.of(ctx);
      var response = ctx.response();
      response.headers().remove("Content-Length");
      if (failure instanceof OAuthException e) {
        if (e.wwwAuthenticate() != null) response.putHeader("WWW-Authenticate", e.wwwAuthenticate());
        response.putHeader("Cache-Control", "no-store");
        JsonObject body = new JsonObject().put("error", e.error());
        if (e.description() != null) body.put("error_description", e.description());
        response.setStatusCode(e.status()).putHeader("Content-Type", "application/json").end(body.toBuffer());
        return;
      }
      if (failure instanceof RedirectFailure e) {
        response.setStatusCode(302).putHeader("Location", e.location().toString()).putHeader("Cache-Control", "no-store").end();
        return;
      }
      if (failure instanceof PageException e) {
        Lang lang = Lang.of(ctx, Lang.VI);
        String title = messages.get(lang, "error.title");
        String body = "<h1>" + Html.esc(title) + "</h1><p class=\"error\" role=\"alert\">"
            + Html.esc(messages.get(lang, "error." + e.messageKey())) + "</p>"
            + (e.detail() == null ? "" : "<p class=\"muted\">" + Html.esc(e.detail()) + "</p>")
            + (e.returnTo() == null ? "" : "<p><a href=\"" + Html.esc(e.returnTo().toString()) + "\">"
            + Html.esc(messages.get(lang, "error.return")) + "</a></p>")
            + "<p class=\"muted\">" + Html.esc(messages.get(lang, "error.reference", requestId)) + "</p>";
        response.setStatusCode(e.status()).putHeader("Content-Type", "text/html; charset=utf-8")
            .putHeader("Cache-Control", "no-store")
            .end(Html.page(lang, brand, title, body, null, null));
        return;
      }
      Problem problem;
      if (failure instanceof ProblemException e) {
        problem = e.problem();
      } else if (failure instanceof HttpException e) {
        problem = generic(e.getStatusCode());
      } else if (failure == null && ctx.statusCode() >= 400) {
        problem = generic(ctx.statusCode());
      } else {
        LOG.error("unhandled failure requestId={} {} {}", requestId, ctx.request().method(), ctx.request().path(), failure);
        problem = generic(500);
      }
      if (problem.retryAfterSeconds() != null) response.putHeader("Retry-After", String.valueOf(problem.retryAfterSeconds()));
      response.setStatusCode(problem.status())
          .putHeader("Content-Type", "application/problem+json")
          .end(problem.toJson(requestId).toBuffer());
    }

    static Problem generic(int status) {
      return switch (status) {
        case 400 -> Problem.of(400, "bad-request", "Yêu cầu không hợp lệ", "Bad request");
        case 401 -> Problem.of(401, "unauthorized", "Chưa xác thực", "Unauthorized");
        case 403 -> Problem.of(403, "forbidden", "Không có quyền", "Forbidden");
        case 404 -> Problem.of(404, "not-found", "Không tìm thấy", "Not found");
        case 405 -> Problem.of(405, "method-not-allowed", "Phương thức không được hỗ trợ", "Method not allowed");
        case 413 -> Problem.of(413, "payload-too-large", "Nội dung yêu cầu quá lớn", "Request body too large");
        case 415 -> Problem.of(415, "unsupported-media-type", "Kiểu nội dung không được hỗ trợ", "Unsupported media type");
        case 503 -> Problem.of(503, "unavailable", "Dịch vụ tạm thời không sẵn sàng", "Service unavailable");
        default -> status >= 500
            ? Problem.of(status, "internal-error", "Lỗi hệ thống", "Internal error")
            : Problem.of(status, "client-error", "Yêu cầu không hợp lệ", "Client error");
      };
    }
  }
}
