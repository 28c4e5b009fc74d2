package vn.egov.gateway.oidc;

import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import vn.egov.gateway.config.ClientConfig;
import vn.egov.gateway.web.OAuthException;

/**
 * {@code POST /token}: the authorization code grant with PKCE, and the refresh token grant.
 * Nothing else: no implicit, password or client credentials grants.
 */
public final class TokenHandler implements Handler<RoutingContext> {
  private final ClientAuthenticator authenticator;
  private final GrantService grants;
  private final TokenService tokens;
  private final URI endpoint;

  public TokenHandler(ClientAuthenticator authenticator, GrantService grants, TokenService tokens, URI endpoint) {
    this.authenticator = authenticator;
    this.grants = grants;
    this.tokens = tokens;
    this.endpoint = endpoint;
  }

  @Override
  public void handle(RoutingContext ctx) {
    var httpRequest = HttpMessages.formRequest(ctx, endpoint);
    authenticator.authenticate(httpRequest)
        .compose(client -> {
          TokenRequest request;
          try {
            request = TokenRequest.parse(httpRequest);
          } catch (ParseException e) {
            var err = e.getErrorObject();
            throw new OAuthException(400, err == null ? "invalid_request" : err.getCode(), e.getMessage());
          }
          if (request.getAuthorizationGrant() instanceof AuthorizationCodeGrant code) return codeGrant(client, code);
          if (request.getAuthorizationGrant() instanceof RefreshTokenGrant refresh) return refreshGrant(client, refresh, request);
          throw new OAuthException(400, "unsupported_grant_type", "only authorization_code and refresh_token are supported");
        })
        .onSuccess(body -> ctx.response().putHeader("Content-Type", "application/json")
            .putHeader("Cache-Control", "no-store").putHeader("Pragma", "no-cache").end(body.toBuffer()))
        .onFailure(ctx::fail);
  }

  private Future<JsonObject> codeGrant(ClientConfig client, AuthorizationCodeGrant grant) {
    return grants.redeem(grant.getAuthorizationCode().getValue()).compose(rec -> {
      if (!rec.grant().clientId().equals(client.clientId())) {
        return refuse("the code was issued to another client");
      }
      // RFC 6749 section 4.1.3: redirect_uri must be identical to the one of the authorization request.
      if (grant.getRedirectionURI() == null || !grant.getRedirectionURI().toString().equals(rec.redirectUri())) {
        return refuse("redirect_uri does not match the authorization request");
      }
      if (grant.getCodeVerifier() == null) return refuse("code_verifier is required (PKCE)");
      String computed = CodeChallenge.compute(CodeChallengeMethod.S256, grant.getCodeVerifier()).getValue();
      if (!MessageDigest.isEqual(computed.getBytes(StandardCharsets.US_ASCII), rec.codeChallenge().getBytes(StandardCharsets.US_ASCII))) {
        return refuse("code_verifier does not match the code_challenge");
      }
      return grants.activate(rec.grant()).map(refresh -> response(rec.grant(), rec.nonce(), refresh));
    });
  }

  /** The code is spent either way: a failed redemption cannot be retried with the same code. */
  private static Future<JsonObject> refuse(String why) {
    return Future.failedFuture(OAuthException.invalidGrant(why));
  }

  private Future<JsonObject> refreshGrant(ClientConfig client, RefreshTokenGrant grant, TokenRequest request) {
    if (request.getScope() != null && !rotateScopeOk(request.getScope().toStringList())) {
      return Future.failedFuture(new OAuthException(400, "invalid_scope", "unknown scope requested"));
    }
    return grants.rotate(grant.getRefreshToken().getValue(), client.clientId()).map(r -> {
      if (request.getScope() != null && !r.grant().scopes().containsAll(request.getScope().toStringList())) {
        throw new OAuthException(400, "invalid_scope", "a refresh cannot widen the granted scope");
      }
      return response(r.grant(), null, r.refreshToken());
    });
  }

  private static boolean rotateScopeOk(java.util.List<String> scopes) {
    return scopes.stream().allMatch(s -> Scope.of(s).isPresent());
  }

  private JsonObject response(Grant grant, String nonce, String refreshToken) {
    String access = tokens.accessToken(grant);
    return new JsonObject()
        .put("access_token", access)
        .put("token_type", "Bearer")
        .put("expires_in", tokens.accessTokenTtl().toSeconds())
        .put("scope", String.join(" ", grant.scopes()))
        .put("refresh_token", refreshToken)
        .put("id_token", tokens.idToken(grant, nonce, access));
  }
}
