package vn.egov.gateway.dev.portal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.langtag.LangTag;
import com.nimbusds.langtag.LangTagException;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.AuthenticationErrorResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.AuthenticationResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationResponseParser;
import com.nimbusds.openid.connect.sdk.AuthenticationSuccessResponse;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.Prompt;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.ACR;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * How a portal logs citizens in through the gateway: OpenID Connect authorization code flow with
 * PKCE (S256), {@code state} and {@code nonce}, as a confidential client ({@code client_secret_basic}).
 * The Nimbus SDK builds and parses every protocol message; Vert.x {@link WebClient} carries them.
 *
 * <ol>
 *   <li>{@link #discover()}: read {@code /.well-known/openid-configuration} and the JWKS, once.</li>
 *   <li>{@link #startLogin}: a fresh state, nonce and PKCE verifier, kept in the portal's session;
 *       the browser goes to the returned URL.</li>
 *   <li>{@link #finishLogin}: the callback; checks state and {@code iss} (RFC 9207), redeems the code,
 *       validates the ID token (signature against the JWKS, iss, aud, exp, nonce).</li>
 *   <li>{@link #logoutUrl}: RP-initiated logout with {@code id_token_hint}.</li>
 * </ol>
 */
public final class OidcClient {
  private static final long TIMEOUT_MS = 10_000;
  private final WebClient http;
  private final URI issuer;
  private final ClientID clientId;
  private final Secret secret;
  private final URI redirectUri;
  private final Scope scope;
  private Future<OIDCProviderMetadata> metadata;
  private JWKSet jwks;

  public OidcClient(WebClient http, URI issuer, String clientId, String secret, URI redirectUri, String scope) {
    this.http = http;
    this.issuer = issuer;
    this.clientId = new ClientID(clientId);
    this.secret = new Secret(secret);
    this.redirectUri = redirectUri;
    this.scope = Scope.parse(scope);
  }

  /** What the portal keeps in its session between {@link #startLogin} and {@link #finishLogin}. */
  public record PendingLogin(State state, Nonce nonce, CodeVerifier verifier, URI authorizationUrl) {
  }

  /** A logged-in citizen as the ID token and userinfo describe them. */
  public record Login(BearerAccessToken accessToken, JWT idToken, String subject, String acr, String name) {
  }

  /** The gateway answered the authorization request with an error, e.g. {@code access_denied} when consent was denied. */
  public static final class AuthorizationError extends Exception {
    private final ErrorObject error;

    AuthorizationError(ErrorObject error) {
      super(error.getCode() + (error.getDescription() == null ? "" : ": " + error.getDescription()));
      this.error = error;
    }

    public String code() {
      return error.getCode();
    }
  }

  /** The provider's metadata and keys, fetched once (a failed fetch is tried again next time). */
  public Future<OIDCProviderMetadata> discover() {
    if (metadata == null) {
      URI url = URI.create(issuer.toString().replaceAll("/+$", "") + "/.well-known/openid-configuration");
      metadata = get(url).map(OidcClient::parseMetadata)
          .compose(m -> get(m.getJWKSetURI()).map(keys -> {
            jwks = parseJwks(keys);
            return m;
          }))
          .onFailure(e -> metadata = null);
    }
    return metadata;
  }

  /** A new authorization request; {@code acr} (e.g. LoA2), {@code prompt} and {@code uiLocale} may be null. */
  public Future<PendingLogin> startLogin(String acr, String prompt, String uiLocale) {
    return discover().map(m -> {
      State state = new State();
      Nonce nonce = new Nonce();
      CodeVerifier verifier = new CodeVerifier();
      AuthenticationRequest.Builder request = new AuthenticationRequest.Builder(ResponseType.CODE, scope, clientId, redirectUri)
          .endpointURI(m.getAuthorizationEndpointURI())
          .state(state)
          .nonce(nonce)
          .codeChallenge(verifier, CodeChallengeMethod.S256);
      if (acr != null) request.acrValues(List.of(new ACR(acr)));
      if (prompt != null) request.prompt(new Prompt(prompt));
      if (uiLocale != null) request.uiLocales(List.of(langTag(uiLocale)));
      return new PendingLogin(state, nonce, verifier, request.build().toURI());
    });
  }

  /** Handles the redirect back to {@code redirect_uri} ({@code callbackUrl} with its query). */
  public Future<Login> finishLogin(URI callbackUrl, PendingLogin pending) {
    return discover().compose(m -> {
      AuthenticationResponse response;
      try {
        response = AuthenticationResponseParser.parse(callbackUrl);
      } catch (ParseException e) {
        return Future.failedFuture(new IllegalArgumentException("not an authorization response", e));
      }
      if (!pending.state().equals(response.getState())) {
        return Future.failedFuture(new IllegalArgumentException("state does not match the login this browser started"));
      }
      // RFC 9207: the response names its issuer; refuse one from another provider (mix-up attack).
      Issuer iss = response.indicatesSuccess() ? response.toSuccessResponse().getIssuer()
          : ((AuthenticationErrorResponse) response).getIssuer();
      if (iss != null && !iss.equals(m.getIssuer())) {
        return Future.failedFuture(new IllegalArgumentException("the response comes from another issuer"));
      }
      if (!response.indicatesSuccess()) {
        return Future.failedFuture(new AuthorizationError(response.toErrorResponse().getErrorObject()));
      }
      AuthenticationSuccessResponse success = response.toSuccessResponse();
      return redeem(m, success.getAuthorizationCode(), pending);
    });
  }

  private Future<Login> redeem(OIDCProviderMetadata m, AuthorizationCode code, PendingLogin pending) {
    TokenRequest request = new TokenRequest(m.getTokenEndpointURI(), new ClientSecretBasic(clientId, secret),
        new AuthorizationCodeGrant(code, redirectUri, pending.verifier()));
    return send(request.toHTTPRequest()).compose(httpResponse -> {
      TokenResponse response;
      try {
        response = OIDCTokenResponseParser.parse(httpResponse);
      } catch (ParseException e) {
        return Future.failedFuture(new IllegalStateException("unreadable token response", e));
      }
      if (!response.indicatesSuccess()) {
        return Future.failedFuture(new AuthorizationError(response.toErrorResponse().getErrorObject()));
      }
      var tokens = ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens();
      return keysFor(m, tokens.getIDToken()).compose(keys -> {
        IDTokenClaimsSet claims;
        try {
          // ES256 only, as the gateway's discovery says: never trust the token's own alg header.
          claims = new IDTokenValidator(m.getIssuer(), clientId, JWSAlgorithm.ES256, keys).validate(tokens.getIDToken(), pending.nonce());
        } catch (BadJOSEException | JOSEException e) {
          return Future.failedFuture(new IllegalStateException("ID token rejected: " + e.getMessage(), e));
        }
        String acr = claims.getACR() == null ? null : claims.getACR().getValue();
        return userInfo(m, tokens.getBearerAccessToken()).map(info -> new Login(tokens.getBearerAccessToken(), tokens.getIDToken(),
            claims.getSubject().getValue(), acr, info == null ? null : info.getName()));
      });
    });
  }

  /** The JWKS, fetched again when the token names a key we have not seen (the gateway rolled its keys). */
  private Future<JWKSet> keysFor(OIDCProviderMetadata m, JWT idToken) {
    String kid = idToken instanceof SignedJWT signed ? signed.getHeader().getKeyID() : null;
    if (kid == null || jwks.getKeyByKeyId(kid) != null) return Future.succeededFuture(jwks);
    return get(m.getJWKSetURI()).map(json -> jwks = parseJwks(json));
  }

  private Future<UserInfo> userInfo(OIDCProviderMetadata m, BearerAccessToken token) {
    if (m.getUserInfoEndpointURI() == null) return Future.succeededFuture(null);
    return send(new UserInfoRequest(m.getUserInfoEndpointURI(), token).toHTTPRequest()).map(r -> {
      try {
        UserInfoResponse response = UserInfoResponse.parse(r);
        return response.indicatesSuccess() ? response.toSuccessResponse().getUserInfo() : null;
      } catch (ParseException e) {
        return null;
      }
    });
  }

  /** OIDC RP-Initiated Logout 1.0: the gateway ends its session and sends the browser back to {@code afterLogout}. */
  public Future<URI> logoutUrl(JWT idTokenHint, URI afterLogout, State state) {
    return discover().map(m -> {
      URI endSession = m.getEndSessionEndpointURI();
      return new LogoutRequest(endSession, idTokenHint, afterLogout, state).toURI();
    });
  }

  private Future<String> get(URI url) {
    return http.getAbs(url.toString()).putHeader("Accept", "application/json").timeout(TIMEOUT_MS).send().map(r -> {
      if (r.statusCode() != 200) throw new IllegalStateException("GET " + url + " answered " + r.statusCode());
      return r.bodyAsString();
    });
  }

  /** Sends a Nimbus-built request with Vert.x and hands the answer back to Nimbus. */
  @SuppressWarnings("unchecked")
  private Future<HTTPResponse> send(HTTPRequest request) {
    var req = http.requestAbs(HttpMethod.valueOf(request.getMethod().name()), request.getURI().toString()).timeout(TIMEOUT_MS);
    ((Map<String, List<String>>) request.getHeaderMap()).forEach(req::putHeader);
    var sent = request.getBody() == null ? req.send() : req.sendBuffer(Buffer.buffer(request.getBody()));
    return sent.map(r -> {
      HTTPResponse out = new HTTPResponse(r.statusCode());
      r.headers().forEach(h -> out.setHeader(h.getKey(), h.getValue()));
      out.setBody(r.bodyAsString());
      return out;
    });
  }

  /** Builds and parses one message of each kind, so their classes are loaded before the first login. */
  static void warmUp() {
    URI here = URI.create("http://localhost/callback");
    new AuthenticationRequest.Builder(ResponseType.CODE, Scope.parse("openid"), new ClientID("x"), here).endpointURI(here)
        .state(new State()).nonce(new Nonce()).codeChallenge(new CodeVerifier(), CodeChallengeMethod.S256).build().toURI();
    try {
      AuthenticationResponseParser.parse(URI.create(here + "?code=c&state=s"));
      OIDCTokenResponseParser.parse(new HTTPResponse(400));
    } catch (ParseException e) {
      // expected for the empty token response; only the class loading matters
    }
    new IDTokenValidator(new Issuer("http://localhost"), new ClientID("x"), JWSAlgorithm.ES256, new JWKSet());
  }

  private static OIDCProviderMetadata parseMetadata(String json) {
    try {
      return OIDCProviderMetadata.parse(json);
    } catch (ParseException e) {
      throw new IllegalStateException("unreadable provider metadata", e);
    }
  }

  private static JWKSet parseJwks(String json) {
    try {
      return JWKSet.parse(json);
    } catch (java.text.ParseException e) {
      throw new IllegalStateException("unreadable JWKS", e);
    }
  }

  private static LangTag langTag(String tag) {
    try {
      return LangTag.parse(tag);
    } catch (LangTagException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
