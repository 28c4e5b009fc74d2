package vn.egov.gateway.oidc;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.text.ParseException;
import vn.egov.gateway.config.ClientConfig;
import vn.egov.gateway.web.OAuthException;

/**
 * {@code POST /introspect} (RFC 7662). A portal may introspect only its own tokens: anything else,
 * like any invalid, expired or revoked token, is simply {@code "active": false}.
 */
public final class IntrospectionHandler implements Handler<RoutingContext> {
  private static final JsonObject INACTIVE = new JsonObject().put("active", false);

  private final ClientAuthenticator authenticator;
  private final BearerTokens bearer;
  private final GrantService grants;
  private final URI endpoint;
  private final String issuer;

  public IntrospectionHandler(ClientAuthenticator authenticator, BearerTokens bearer, GrantService grants, URI endpoint, String issuer) {
    this.authenticator = authenticator;
    this.bearer = bearer;
    this.grants = grants;
    this.endpoint = endpoint;
    this.issuer = issuer;
  }

  @Override
  public void handle(RoutingContext ctx) {
    var httpRequest = HttpMessages.formRequest(ctx, endpoint);
    authenticator.authenticate(httpRequest).compose(client -> {
      String token = ctx.request().getFormAttribute("token");
      if (token == null || token.isBlank()) throw OAuthException.invalidRequest("token is required");
      if (token.length() > 8192) return Future.succeededFuture(INACTIVE);
      if (token.chars().filter(c -> c == '.').count() == 2) return accessToken(client, token);
      return refreshToken(client, token);
    }).onSuccess(body -> ctx.response().putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store").end(body.toBuffer()))
        .onFailure(ctx::fail);
  }

  private Future<JsonObject> accessToken(ClientConfig client, String token) {
    return bearer.verify(token).map(auth -> {
      if (!auth.grant().clientId().equals(client.clientId())) return INACTIVE;
      var c = auth.claims();
      try {
        return new JsonObject().put("active", true).put("token_type", "Bearer")
            .put("scope", String.join(" ", auth.scopes())).put("client_id", c.getStringClaim("client_id"))
            .put("sub", c.getSubject()).put("iss", c.getIssuer()).put("aud", c.getAudience().get(0))
            .put("exp", c.getExpirationTime().getTime() / 1000).put("iat", c.getIssueTime().getTime() / 1000)
            .put("jti", c.getJWTID()).put("acr", auth.grant().acr());
      } catch (ParseException e) {
        return INACTIVE;
      }
    }).otherwise(INACTIVE);
  }

  private Future<JsonObject> refreshToken(ClientConfig client, String token) {
    return grants.grantOfRefreshToken(token).map(grant -> {
      if (grant == null || !grant.clientId().equals(client.clientId())) return INACTIVE;
      return new JsonObject().put("active", true).put("token_type", "refresh_token")
          .put("scope", String.join(" ", grant.scopes())).put("client_id", grant.clientId())
          .put("sub", grant.subject()).put("iss", issuer).put("exp", grant.expiresAt().getEpochSecond());
    });
  }
}
