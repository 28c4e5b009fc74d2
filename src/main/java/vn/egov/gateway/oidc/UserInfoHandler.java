package vn.egov.gateway.oidc;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import vn.egov.gateway.web.OAuthException;

/** {@code GET|POST /userinfo} (OIDC Core 5.3): the consented claims of the token's citizen, nothing more. */
public final class UserInfoHandler implements Handler<RoutingContext> {
  private final BearerTokens bearer;

  public UserInfoHandler(BearerTokens bearer) {
    this.bearer = bearer;
  }

  @Override
  public void handle(RoutingContext ctx) {
    bearer.authorize(ctx).map(auth -> {
      if (!auth.scopes().contains("openid")) {
        throw new OAuthException(403, "insufficient_scope", "the openid scope is required",
            "Bearer error=\"insufficient_scope\", scope=\"openid\"");
      }
      return ReleasedClaims.of(auth.grant().identity(), auth.scopes()).put("sub", auth.grant().subject());
    }).onSuccess(claims -> ctx.response().putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store").end(claims.toBuffer()))
        .onFailure(ctx::fail);
  }
}
