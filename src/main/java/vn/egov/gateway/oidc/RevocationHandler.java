package vn.egov.gateway.oidc;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import vn.egov.gateway.web.OAuthException;

/**
 * {@code POST /revoke} (RFC 7009). Revoking a refresh token revokes its whole grant, access tokens
 * included; revoking an access token revokes that token. Unknown tokens and other clients' tokens
 * get the same 200, so the endpoint reveals nothing (RFC 7009 section 2.2).
 */
public final class RevocationHandler implements Handler<RoutingContext> {
  private final ClientAuthenticator authenticator;
  private final BearerTokens bearer;
  private final GrantService grants;
  private final URI endpoint;

  public RevocationHandler(ClientAuthenticator authenticator, BearerTokens bearer, GrantService grants, URI endpoint) {
    this.authenticator = authenticator;
    this.bearer = bearer;
    this.grants = grants;
    this.endpoint = endpoint;
  }

  @Override
  public void handle(RoutingContext ctx) {
    var httpRequest = HttpMessages.formRequest(ctx, endpoint);
    authenticator.authenticate(httpRequest).compose(client -> {
      String token = ctx.request().getFormAttribute("token");
      if (token == null || token.isBlank()) throw OAuthException.invalidRequest("token is required");
      if (token.length() > 8192) return Future.<Void>succeededFuture();
      if (token.chars().filter(c -> c == '.').count() == 2) {
        return bearer.verify(token).compose(auth -> auth.grant().clientId().equals(client.clientId())
                ? grants.revokeAccessToken(auth.claims().getJWTID(), auth.claims().getExpirationTime().toInstant())
                : Future.<Void>succeededFuture())
            .otherwiseEmpty();
      }
      return grants.grantOfRefreshToken(token).compose(grant -> grant != null && grant.clientId().equals(client.clientId())
          ? grants.revokeGrant(grant.id()) : Future.<Void>succeededFuture());
    }).onSuccess(v -> ctx.response().setStatusCode(200).putHeader("Cache-Control", "no-store").end())
        .onFailure(ctx::fail);
  }
}
