package vn.egov.gateway.dev.vneid;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import vn.egov.gateway.dev.CitizenGenerator;
import vn.egov.gateway.store.EphemeralStore;
import vn.egov.gateway.web.OAuthException;

/**
 * {@code GET|POST /userinfo} (OIDC Core 5.3): the citizen's claims for a bearer access token sent
 * in the Authorization header (RFC 6750 section 2.1). Like the national IdP, the mock releases
 * every claim it has to the openid scope.
 */
interface UserinfoHandler extends Handler<RoutingContext> {

  static UserinfoHandler create(EphemeralStore store, CitizenGenerator citizens, VneidClaims claims) {
    return new Impl(store, citizens, claims);
  }

  final class Impl implements UserinfoHandler {
    private static final String REALM = "Bearer realm=\"mock-vneid\"";
    private final EphemeralStore store;
    private final CitizenGenerator citizens;
    private final VneidClaims claims;

    Impl(EphemeralStore store, CitizenGenerator citizens, VneidClaims claims) {
      this.store = store;
      this.citizens = citizens;
      this.claims = claims;
    }

    @Override
    public void handle(RoutingContext ctx) {
      BearerAccessToken token = bearer(ctx.request().getHeader("Authorization"));
      store.get(AccessGrant.key(token.getValue()))
          .map(json -> {
            if (json == null) throw invalidToken();
            return claims.userinfo(citizens.citizen(AccessGrant.fromJson(json).citizenIndex()));
          })
          .onSuccess(body -> ctx.response()
              .putHeader("Content-Type", "application/json")
              .putHeader("Cache-Control", "no-store")
              .end(body.toBuffer()))
          .onFailure(ctx::fail);
    }

    /** RFC 6750 section 3.1: no credentials at all get a bare challenge, without an error code. */
    private static BearerAccessToken bearer(String authorization) {
      if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
        throw new OAuthException(401, null, null, REALM);
      }
      try {
        return BearerAccessToken.parse(authorization);
      } catch (ParseException e) {
        throw new OAuthException(400, "invalid_request", "Malformed bearer token", REALM + ", error=\"invalid_request\"");
      }
    }

    private static OAuthException invalidToken() {
      return new OAuthException(401, "invalid_token", "The access token is invalid or expired",
          REALM + ", error=\"invalid_token\", error_description=\"The access token is invalid or expired\"");
    }
  }
}
