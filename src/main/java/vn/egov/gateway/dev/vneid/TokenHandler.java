package vn.egov.gateway.dev.vneid;

import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.Subject;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.claims.ACR;
import com.nimbusds.openid.connect.sdk.claims.AMR;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import vn.egov.gateway.dev.Citizen;
import vn.egov.gateway.dev.CitizenGenerator;
import vn.egov.gateway.store.EphemeralStore;
import vn.egov.gateway.web.OAuthException;

/**
 * {@code POST /token} (RFC 6749 section 4.1.3, OIDC Core 3.1.3): client_secret_basic, the
 * authorization_code grant with PKCE S256, and an RS256 ID token plus an opaque access token.
 * The request is parsed by Nimbus from an {@link HTTPRequest} built from the Vert.x request.
 */
interface TokenHandler extends Handler<RoutingContext> {

  static TokenHandler create(MockVneidConfig config, ProviderMetadata metadata, EphemeralStore store, CitizenGenerator citizens,
                             IdTokenSigner signer, Clock clock) {
    return new Impl(config, metadata, store, citizens, signer, clock);
  }

  final class Impl implements TokenHandler {
    private static final String REALM = "Basic realm=\"mock-vneid\"";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TokenHandler.class);
    private final MockVneidConfig config;
    private final ProviderMetadata metadata;
    private final EphemeralStore store;
    private final CitizenGenerator citizens;
    private final IdTokenSigner signer;
    private final Clock clock;

    Impl(MockVneidConfig config, ProviderMetadata metadata, EphemeralStore store, CitizenGenerator citizens, IdTokenSigner signer,
         Clock clock) {
      this.config = config;
      this.metadata = metadata;
      this.store = store;
      this.citizens = citizens;
      this.signer = signer;
      this.clock = clock;
    }

    @Override
    public void handle(RoutingContext ctx) {
      MockVneidConfig.Client client = authenticate(ctx.request().getHeader("Authorization"));
      TokenRequest request = parse(ctx);
      if (!(request.getAuthorizationGrant() instanceof AuthorizationCodeGrant grant)) {
        throw new OAuthException(400, "unsupported_grant_type", "Only the authorization_code grant is supported");
      }
      String code = grant.getAuthorizationCode().getValue();
      // take: the code is spent by this attempt whatever its outcome (RFC 6749 section 4.1.2, single use).
      store.take(IssuedCode.key(code))
          .compose(json -> json == null ? replayed(code) : redeem(client, grant, code, IssuedCode.fromJson(json)))
          .onSuccess(tokens -> {
            // The request id is the caller's trace id when it sent a traceparent: one id across components.
            LOG.info("mock VNeID redeemed a code client={}", client.clientId());
            ctx.response()
              .putHeader("Content-Type", "application/json")
              // RFC 6749 section 5.1: responses with tokens are not to be cached.
              .putHeader("Cache-Control", "no-store")
              .putHeader("Pragma", "no-cache")
              .end(new OIDCTokenResponse(tokens).toJSONObject().toJSONString());
          })
          .onFailure(ctx::fail);
    }

    /** client_secret_basic only (RFC 6749 section 2.3.1); a failure is 401 with a challenge (section 5.2). */
    private MockVneidConfig.Client authenticate(String authorization) {
      if (authorization == null) {
        throw new OAuthException(401, "invalid_client", "Client authentication with HTTP Basic (client_secret_basic) is required", REALM);
      }
      ClientSecretBasic basic;
      try {
        basic = ClientSecretBasic.parse(authorization);
      } catch (ParseException e) {
        throw new OAuthException(401, "invalid_client", "Malformed HTTP Basic client authentication", REALM);
      }
      MockVneidConfig.Client client = config.client(basic.getClientID().getValue()).orElse(null);
      if (client == null || !sameSecret(client.clientSecret(), basic.getClientSecret().getValue())) {
        throw new OAuthException(401, "invalid_client", "Unknown client or wrong secret", REALM);
      }
      return client;
    }

    private TokenRequest parse(RoutingContext ctx) {
      HTTPRequest http = new HTTPRequest(HTTPRequest.Method.POST, metadata.endpoint(ProviderMetadata.TOKEN_PATH));
      String contentType = ctx.request().getHeader("Content-Type");
      if (contentType != null) http.setHeader("Content-Type", contentType);
      http.setAuthorization(ctx.request().getHeader("Authorization"));
      http.setBody(ctx.body().asString(StandardCharsets.UTF_8.name()));
      try {
        return TokenRequest.parse(http);
      } catch (ParseException e) {
        ErrorObject error = e.getErrorObject();
        String code = error == null || error.getCode() == null ? "invalid_request" : error.getCode();
        throw new OAuthException(400, code, e.getMessage());
      }
    }

    /** RFC 6749 section 4.1.2: a code used twice is refused, and what its first use issued is revoked. */
    private Future<OIDCTokens> replayed(String code) {
      return store.take(IssuedCode.redeemedKey(code))
          .compose(accessToken -> accessToken == null ? Future.<Void>succeededFuture() : store.delete(AccessGrant.key(accessToken)))
          .compose(v -> Future.failedFuture(OAuthException.invalidGrant("The authorization code is invalid, expired or already used")));
    }

    private Future<OIDCTokens> redeem(MockVneidConfig.Client client, AuthorizationCodeGrant grant, String code, IssuedCode issued) {
      if (!issued.clientId().getValue().equals(client.clientId())) {
        return Future.failedFuture(OAuthException.invalidGrant("The authorization code was issued to another client"));
      }
      // RFC 6749 section 4.1.3: the same redirect_uri as in the authorization request, which OIDC always sends.
      if (grant.getRedirectionURI() == null || !grant.getRedirectionURI().toString().equals(issued.redirectUri().toString())) {
        return Future.failedFuture(OAuthException.invalidGrant("redirect_uri does not match the authorization request"));
      }
      if (!verifierMatches(grant.getCodeVerifier(), issued.codeChallenge())) {
        return Future.failedFuture(OAuthException.invalidGrant("PKCE verification failed (RFC 7636 section 4.6)"));
      }
      Citizen citizen = citizens.citizen(issued.citizenIndex());
      BearerAccessToken accessToken = new BearerAccessToken(config.tokenTtl().toSeconds(), issued.scope());
      AccessGrant access = new AccessGrant(citizen.index(), issued.clientId(), issued.scope());
      return store.put(AccessGrant.key(accessToken.getValue()), access.toJson(), config.tokenTtl())
          .compose(v -> store.put(IssuedCode.redeemedKey(code), accessToken.getValue(), config.tokenTtl()))
          .map(v -> new OIDCTokens(signer.sign(idTokenClaims(citizen, issued)), accessToken, null));
    }

    /** OIDC Core 2: iss, sub, aud, exp, iat, auth_time, nonce (echoed when the request had one), acr and amr. */
    private IDTokenClaimsSet idTokenClaims(Citizen citizen, IssuedCode issued) {
      Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
      IDTokenClaimsSet claims = new IDTokenClaimsSet(metadata.issuer(), new Subject(citizen.upstreamSubject()),
          List.of(new Audience(issued.clientId())), Date.from(now.plus(config.tokenTtl())), Date.from(now));
      claims.setAuthenticationTime(Date.from(issued.authTime()));
      if (issued.nonce() != null) claims.setNonce(issued.nonce());
      claims.setACR(new ACR(issued.acr()));
      claims.setAMR(List.of(AMR.PWD, AMR.OTP));
      return claims;
    }

    private static boolean verifierMatches(CodeVerifier verifier, String challenge) {
      if (verifier == null) return false;
      CodeChallenge computed = CodeChallenge.compute(CodeChallengeMethod.S256, verifier);
      return MessageDigest.isEqual(computed.getValue().getBytes(StandardCharsets.US_ASCII), challenge.getBytes(StandardCharsets.US_ASCII));
    }

    /** Compares digests so that neither the content nor the length of the secret shows in the timing. */
    private static boolean sameSecret(String expected, String given) {
      try {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        byte[] a = sha256.digest(expected.getBytes(StandardCharsets.UTF_8));
        byte[] b = sha256.digest(given.getBytes(StandardCharsets.UTF_8));
        return MessageDigest.isEqual(a, b);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is required of every Java platform", e);
      }
    }
  }
}
