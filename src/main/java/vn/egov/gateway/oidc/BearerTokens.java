package vn.egov.gateway.oidc;

import com.nimbusds.jwt.JWTClaimsSet;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.text.ParseException;
import vn.egov.gateway.web.OAuthException;

/**
 * Checks a bearer access token (RFC 6750) for the gateway's own APIs: signature, type, issuer,
 * audience and expiry by {@link TokenService}; then that its grant is still live and the token
 * itself was not revoked. Gives the grant, with the token's scopes.
 */
public final class BearerTokens {
  private final TokenService tokens;
  private final GrantService grants;

  public BearerTokens(TokenService tokens, GrantService grants) {
    this.tokens = tokens;
    this.grants = grants;
  }

  public record Authorized(Grant grant, JWTClaimsSet claims, java.util.Set<String> scopes) {
  }

  public Future<Authorized> authorize(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Future.failedFuture(new OAuthException(401, "invalid_request", "a bearer access token is required", "Bearer realm=\"egov-gateway\""));
    }
    return verify(header.substring(7).trim());
  }

  public Future<Authorized> verify(String token) {
    JWTClaimsSet claims;
    try {
      claims = tokens.verifyAccessToken(token);
    } catch (TokenService.InvalidTokenException e) {
      return Future.failedFuture(OAuthException.invalidToken(e.getMessage()));
    }
    String gid;
    String clientId;
    String scope;
    try {
      gid = claims.getStringClaim("gid");
      clientId = claims.getStringClaim("client_id");
      scope = claims.getStringClaim("scope");
    } catch (ParseException e) {
      return Future.failedFuture(OAuthException.invalidToken("the access token has malformed claims"));
    }
    return Future.all(grants.grant(gid), grants.accessTokenRevoked(claims.getJWTID())).map(all -> {
      Grant grant = all.resultAt(0);
      boolean revoked = all.resultAt(1);
      if (grant == null || revoked || !grant.clientId().equals(clientId) || !grant.subject().equals(claims.getSubject())) {
        throw OAuthException.invalidToken("the access token was revoked");
      }
      java.util.Set<String> scopes = new java.util.LinkedHashSet<>(java.util.List.of(scope.split(" ")));
      scopes.retainAll(grant.scopes());
      return new Authorized(grant, claims, scopes);
    });
  }
}
