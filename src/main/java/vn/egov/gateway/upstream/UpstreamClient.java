package vn.egov.gateway.upstream;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.Prompt;
import com.nimbusds.openid.connect.sdk.claims.ACR;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.langtag.LangTag;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.egov.gateway.config.ClientAuthMethod;
import vn.egov.gateway.config.UpstreamConfig;

/**
 * The gateway as an OpenID relying party of the national IdP. One instance, created once, with
 * its timeouts; discovery and the provider's JWKS are cached, and the JWKS is fetched again when
 * an ID token names a {@code kid} we have not seen (the provider rolled its keys).
 */
public final class UpstreamClient {
  private static final Logger LOG = LoggerFactory.getLogger(UpstreamClient.class);
  /** Do not let forged kids make us hammer the provider's JWKS endpoint. */
  private static final long MIN_JWKS_REFRESH_MILLIS = 10_000;

  private final UpstreamConfig config;
  private final NimbusHttp http;
  private final URI redirectUri;
  private final Clock clock;
  private final ClaimMapper mapper;
  private final JWK privateKey;
  private final Set<JWSAlgorithm> algorithms = new HashSet<>();

  private Future<OIDCProviderMetadata> metadata;
  private JWKSet jwks;
  private long jwksFetchedAt;
  private long lastUnknownKidFetch;

  public UpstreamClient(UpstreamConfig config, NimbusHttp http, URI redirectUri, Clock clock, JWK privateKey) {
    this.config = config;
    this.http = http;
    this.redirectUri = redirectUri;
    this.clock = clock;
    this.mapper = new ClaimMapper(config);
    this.privateKey = privateKey;
    for (String alg : config.idTokenAlgorithms()) algorithms.add(JWSAlgorithm.parse(alg));
  }

  public URI redirectUri() {
    return redirectUri;
  }

  /** The provider's metadata, fetched once; a failed fetch is not cached, so the next login retries. */
  public synchronized Future<OIDCProviderMetadata> metadata() {
    // A fresh future for a known answer: a completed future belongs to the context of the request
    // that fetched it, and composing on it would carry on in that context (its request id, its
    // trace) instead of this request's.
    if (metadata != null && metadata.succeeded()) return Future.succeededFuture(metadata.result());
    if (metadata == null || metadata.failed()) {
      metadata = http.get(config.discoveryUrl().toString(), "application/json").map(r -> {
        if (r.statusCode() != 200) {
          throw new UpstreamException(UpstreamException.Reason.UNAVAILABLE, "discovery answered HTTP " + r.statusCode());
        }
        try {
          return OIDCProviderMetadata.parse(r.bodyAsString());
        } catch (ParseException e) {
          throw new UpstreamException(UpstreamException.Reason.ERROR_RESPONSE, "discovery document is invalid: " + e.getMessage());
        }
      });
      metadata.onFailure(e -> LOG.warn("upstream discovery failed: {}", e.getMessage()));
    }
    return metadata;
  }

  /**
   * Readiness probe: the discovery document and the JWKS it names, both fetched now (not from the
   * caches, which could hide an outage). The number of keys published.
   */
  public Future<Integer> probe() {
    return http.get(config.discoveryUrl().toString(), "application/json").compose(r -> {
      if (r.statusCode() != 200) throw new UpstreamException(UpstreamException.Reason.UNAVAILABLE, "discovery answered HTTP " + r.statusCode());
      OIDCProviderMetadata md;
      try {
        md = OIDCProviderMetadata.parse(r.bodyAsString());
      } catch (ParseException e) {
        throw new UpstreamException(UpstreamException.Reason.ERROR_RESPONSE, "discovery document is invalid");
      }
      if (md.getJWKSetURI() == null) throw new UpstreamException(UpstreamException.Reason.ERROR_RESPONSE, "discovery names no JWKS");
      return http.get(md.getJWKSetURI().toString(), "application/json");
    }).map(r -> {
      if (r.statusCode() != 200) throw new UpstreamException(UpstreamException.Reason.UNAVAILABLE, "JWKS answered HTTP " + r.statusCode());
      try {
        return JWKSet.parse(r.bodyAsString()).getKeys().size();
      } catch (java.text.ParseException | NullPointerException e) {
        throw new UpstreamException(UpstreamException.Reason.ERROR_RESPONSE, "JWKS is not a JWK set");
      }
    });
  }

  /** What the login needs to remember between the redirect and the callback. */
  public record LoginRequest(URI uri, State state, Nonce nonce, CodeVerifier verifier) {
  }

  public Future<LoginRequest> loginRequest(String acr, boolean forceLogin, String uiLocales, String loginHint) {
    return metadata().map(md -> {
      State state = new State();
      Nonce nonce = new Nonce();
      CodeVerifier verifier = new CodeVerifier();
      var b = new AuthenticationRequest.Builder(ResponseType.CODE, Scope.parse(config.scope()), new ClientID(config.clientId()), redirectUri)
          .endpointURI(md.getAuthorizationEndpointURI())
          .state(state)
          .nonce(nonce)
          .codeChallenge(verifier, CodeChallengeMethod.S256);
      if (acr != null) b.acrValues(List.of(new ACR(upstreamAcr(acr))));
      if (forceLogin) b.prompt(new Prompt(Prompt.Type.LOGIN));
      if (loginHint != null) b.loginHint(loginHint);
      if (uiLocales != null) {
        try {
          b.uiLocales(List.of(LangTag.parse(uiLocales)));
        } catch (com.nimbusds.langtag.LangTagException e) {
          // An unusable locale hint is dropped; the provider shows its default language.
        }
      }
      return new LoginRequest(b.build().toURI(), state, nonce, verifier);
    });
  }

  private String upstreamAcr(String gatewayAcr) {
    for (Map.Entry<String, String> e : config.acrValues().entrySet()) {
      if (e.getValue().equals(gatewayAcr)) return e.getKey();
    }
    return gatewayAcr;
  }

  /** Exchanges the code, verifies the ID token, reads userinfo and maps the claims. */
  public Future<CitizenIdentity> completeLogin(String code, Nonce nonce, CodeVerifier verifier) {
    return metadata().compose(md -> exchange(md, code, verifier)
        .compose(tokens -> verify(md, tokens.getOIDCTokens().getIDToken(), nonce)
            .compose(claims -> userInfo(md, tokens.getOIDCTokens().getBearerAccessToken(), claims))));
  }

  private Future<OIDCTokenResponse> exchange(OIDCProviderMetadata md, String code, CodeVerifier verifier) {
    ClientAuthentication auth;
    try {
      auth = config.authMethod() == ClientAuthMethod.PRIVATE_KEY_JWT
          ? new PrivateKeyJWT(new ClientID(config.clientId()), md.getTokenEndpointURI(), JWSAlgorithm.parse(String.valueOf(privateKey.getAlgorithm() == null ? "ES256" : privateKey.getAlgorithm())),
          privateKey.getKeyType().getValue().equals("RSA") ? privateKey.toRSAKey().toPrivateKey() : privateKey.toECKey().toPrivateKey(),
          privateKey.getKeyID(), null)
          : new ClientSecretBasic(new ClientID(config.clientId()), new Secret(config.clientSecret()));
    } catch (JOSEException e) {
      return Future.failedFuture(new IllegalStateException("cannot sign the upstream client assertion", e));
    }
    var grant = new AuthorizationCodeGrant(new AuthorizationCode(code), redirectUri, verifier);
    var request = new TokenRequest(md.getTokenEndpointURI(), auth, grant);
    return http.send(request.toHTTPRequest())
        .recover(e -> Future.failedFuture(unavailable("token endpoint", e)))
        .map(response -> {
          TokenResponse parsed;
          try {
            parsed = OIDCTokenResponseParser.parse(response);
          } catch (ParseException e) {
            throw new UpstreamException(UpstreamException.Reason.ERROR_RESPONSE,
                "token endpoint answered HTTP " + response.getStatusCode() + " with an unreadable body");
          }
          if (!parsed.indicatesSuccess()) {
            var err = parsed.toErrorResponse().getErrorObject();
            throw new UpstreamException(UpstreamException.Reason.ERROR_RESPONSE,
                "token endpoint refused the code: " + err.getCode() + " (HTTP " + response.getStatusCode() + ")");
          }
          if (!(parsed instanceof OIDCTokenResponse oidc) || oidc.getOIDCTokens().getIDToken() == null) {
            throw new UpstreamException(UpstreamException.Reason.ERROR_RESPONSE, "token response carries no ID token");
          }
          return oidc;
        });
  }

  private Future<IDTokenClaimsSet> verify(OIDCProviderMetadata md, JWT idToken, Nonce nonce) {
    if (!(idToken instanceof SignedJWT signed)) {
      return Future.failedFuture(new UpstreamException(UpstreamException.Reason.INVALID_TOKEN, "ID token is not signed"));
    }
    if (!algorithms.contains(signed.getHeader().getAlgorithm())) {
      return Future.failedFuture(new UpstreamException(UpstreamException.Reason.INVALID_TOKEN,
          "ID token algorithm " + signed.getHeader().getAlgorithm() + " is not allowed"));
    }
    String kid = signed.getHeader().getKeyID();
    return keys(md, kid).map(set -> {
      var selector = new JWSVerificationKeySelector<SecurityContext>(algorithms, new ImmutableJWKSet<>(set));
      var validator = new IDTokenValidator(md.getIssuer(), new ClientID(config.clientId()), selector, null);
      try {
        return validator.validate(idToken, nonce);
      } catch (BadJOSEException | JOSEException e) {
        throw new UpstreamException(UpstreamException.Reason.INVALID_TOKEN, "ID token rejected: " + e.getMessage());
      }
    });
  }

  /** The cached JWKS, or a fresh one when it is stale or lacks the token's kid. */
  private synchronized Future<JWKSet> keys(OIDCProviderMetadata md, String kid) {
    long now = clock.millis();
    boolean fresh = jwks != null && now - jwksFetchedAt < config.jwksCacheTtl().toMillis();
    boolean known = jwks != null && (kid == null || jwks.getKeyByKeyId(kid) != null);
    if (fresh && known) return Future.succeededFuture(jwks);
    if (fresh) {
      // An unknown kid: the provider may have rolled its keys, or the token is forged.
      if (now - lastUnknownKidFetch < MIN_JWKS_REFRESH_MILLIS) return Future.succeededFuture(jwks);
      lastUnknownKidFetch = now;
    }
    return http.get(md.getJWKSetURI().toString(), "application/json")
        .recover(e -> Future.failedFuture(unavailable("JWKS", e)))
        .map(r -> {
          if (r.statusCode() != 200) throw new UpstreamException(UpstreamException.Reason.UNAVAILABLE, "JWKS answered HTTP " + r.statusCode());
          try {
            JWKSet set = JWKSet.parse(r.bodyAsString());
            synchronized (this) {
              jwks = set;
              jwksFetchedAt = clock.millis();
            }
            return set;
          } catch (java.text.ParseException e) {
            throw new UpstreamException(UpstreamException.Reason.ERROR_RESPONSE, "JWKS is not a JWK set");
          }
        });
  }

  private Future<CitizenIdentity> userInfo(OIDCProviderMetadata md, BearerAccessToken token, IDTokenClaimsSet idClaims) {
    Map<String, Object> claims = idClaims.toJSONObject();
    if (md.getUserInfoEndpointURI() == null) {
      return Future.succeededFuture(mapper.map(claims, new JsonObject(), Instant.now(clock)));
    }
    return http.send(new com.nimbusds.openid.connect.sdk.UserInfoRequest(md.getUserInfoEndpointURI(), token).toHTTPRequest())
        .recover(e -> Future.failedFuture(unavailable("userinfo", e)))
        .map(response -> {
          if (response.getStatusCode() != 200) {
            throw new UpstreamException(UpstreamException.Reason.ERROR_RESPONSE, "userinfo answered HTTP " + response.getStatusCode());
          }
          JsonObject info;
          try {
            info = new JsonObject(response.getBody());
          } catch (DecodeException | NullPointerException e) {
            throw new UpstreamException(UpstreamException.Reason.ERROR_RESPONSE, "userinfo is not a JSON object");
          }
          // OIDC Core 5.3.2: the userinfo sub MUST equal the ID token's, or the answer is someone else's.
          if (!idClaims.getSubject().getValue().equals(info.getString("sub"))) {
            throw new UpstreamException(UpstreamException.Reason.INVALID_CLAIMS, "userinfo sub does not match the ID token");
          }
          return mapper.map(claims, info, Instant.now(clock));
        });
  }

  private static UpstreamException unavailable(String what, Throwable cause) {
    if (cause instanceof UpstreamException u) return u;
    return new UpstreamException(UpstreamException.Reason.UNAVAILABLE, what + " unreachable: " + cause.getMessage(), cause);
  }

}
