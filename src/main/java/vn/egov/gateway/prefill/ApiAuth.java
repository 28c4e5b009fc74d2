package vn.egov.gateway.prefill;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import vn.egov.gateway.oidc.BearerTokens;
import vn.egov.gateway.web.OAuthException;
import vn.egov.gateway.web.Problem;

/**
 * Bearer authentication for the REST API: RFC 6750 challenges in {@code WWW-Authenticate}, the
 * body as problem+json like every other API error (DESIGN.md section 7).
 */
public final class ApiAuth {
  private final BearerTokens bearer;

  public ApiAuth(BearerTokens bearer) {
    this.bearer = bearer;
  }

  public Future<BearerTokens.Authorized> authorize(RoutingContext ctx, String requiredScope) {
    return bearer.authorize(ctx).recover(e -> {
      if (e instanceof OAuthException o) {
        if (o.wwwAuthenticate() != null) ctx.response().putHeader("WWW-Authenticate", o.wwwAuthenticate());
        return Future.failedFuture(Problem.of(401, "invalid-token", "Mã truy cập không hợp lệ", "Invalid access token")
            .withDetail(o.description()).exception());
      }
      return Future.failedFuture(e);
    }).map(auth -> {
      if (!auth.scopes().contains(requiredScope)) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer error=\"insufficient_scope\", scope=\"" + requiredScope + "\"");
        throw Problem.of(403, "insufficient-scope", "Mã truy cập thiếu phạm vi " + requiredScope,
            "The access token lacks the scope " + requiredScope).exception();
      }
      return auth;
    });
  }

  /**
   * Refuses a login below the procedure's level with the RFC 9470 step-up challenge, which tells
   * the portal the {@code acr_values} to ask for.
   */
  public static void requireLevel(RoutingContext ctx, BearerTokens.Authorized auth, Procedure procedure) {
    AssuranceLevel level = "LoA2".equals(auth.grant().acr()) ? AssuranceLevel.LOA2 : AssuranceLevel.LOA1;
    if (level.satisfies(procedure.requiredLevel())) return;
    ctx.response().putHeader("WWW-Authenticate", "Bearer error=\"insufficient_user_authentication\", acr_values=\""
        + procedure.requiredLevel().acr() + "\"");
    throw Problem.of(403, "insufficient-assurance", "Thủ tục này yêu cầu đăng nhập VNeID mức " + procedure.requiredLevel().acr(),
            "This procedure requires a VNeID login at " + procedure.requiredLevel().acr())
        .withDetail("log the citizen in again with acr_values=" + procedure.requiredLevel().acr()).exception();
  }
}
