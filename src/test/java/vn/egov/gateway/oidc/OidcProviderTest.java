package vn.egov.gateway.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import com.nimbusds.oauth2.sdk.id.Issuer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import vn.egov.gateway.crypto.SigningKeys;
import vn.egov.gateway.testing.Browser;
import vn.egov.gateway.testing.FakeUpstream;
import vn.egov.gateway.testing.GatewayHarness;
import vn.egov.gateway.testing.LoginDriver;
import vn.egov.gateway.testing.Pkce;
import vn.egov.gateway.testing.PortalClient;

/**
 * The gateway as OpenID Provider, over real HTTP, each scenario asserting the exact outcome a
 * portal or citizen would see. The national IdP is a WireMock stub; the gateway is the real one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OidcProviderTest {
  static final String SCOPE = "openid profile identity_number offline_access";
  private FakeUpstream upstream;
  private GatewayHarness gateway;
  private PortalClient portal;
  private LoginDriver driver;
  private ECKey jwtClientKey;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    jwtClientKey = new ECKeyGenerator(Curve.P_256).keyID("jwt-portal-1").algorithm(JWSAlgorithm.ES256).generate();
    Path clients = dir.resolve("clients.yaml");
    Files.writeString(clients, Files.readString(Path.of("config/clients.yaml")) + """
          - client-id: jwt-portal
            name: Cổng thử nghiệm khoá riêng
            purpose: Kiểm thử private_key_jwt
            auth-method: private_key_jwt
            jwks: %s
            redirect-uris: [https://jwt-portal.example/cb]
            scopes: [openid, profile]
        """.formatted(new JWKSet(jwtClientKey.toPublicJWK()).toString()));
    upstream = new FakeUpstream().stubDiscoveryAndKeys();
    Map<String, String> env = new HashMap<>(upstream.gatewayOverrides());
    env.put("EGOV_CLIENTS_FILE", clients.toString());
    gateway = GatewayHarness.start(env);
    portal = new PortalClient(gateway.baseUrl());
    driver = new LoginDriver(gateway.baseUrl(), upstream);
  }

  @AfterAll
  void stop() {
    gateway.close();
    upstream.close();
  }

  private String authorize(Pkce pkce, Map<String, String> extra) {
    return portal.authorizeUrl(SCOPE, "st-" + System.nanoTime(), "n-1", pkce, extra);
  }

  /** A complete login; returns the token response. */
  private JsonObject loginAndRedeem(Browser browser, Pkce pkce) {
    URI back = driver.login(browser, authorize(pkce, Map.of()), "LoA2", "approve");
    var r = portal.redeem(Browser.query(back).get("code"), pkce);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return PortalClient.json(r);
  }

  // --- discovery ---------------------------------------------------------------------------

  @Test
  void discoveryIsValidAndEveryEndpointAnswers() throws Exception {
    var b = new Browser();
    var r = b.get(gateway.baseUrl() + "/.well-known/openid-configuration");
    assertThat(r.statusCode()).isEqualTo(200);
    var md = OIDCProviderMetadata.parse(r.body());
    assertThat(md.getIssuer().getValue()).isEqualTo(gateway.baseUrl());
    assertThat(md.getCodeChallengeMethods()).extracting(Object::toString).containsExactly("S256");
    assertThat(md.getIDTokenJWSAlgs()).extracting(Object::toString).containsExactly("ES256");
    assertThat(md.supportsAuthorizationResponseIssuerParam()).isTrue();
    assertThat(JWKSet.parse(b.get(md.getJWKSetURI()).body()).getKeys()).hasSize(2);
    // Each endpoint answers with its own protocol error rather than 404.
    assertThat(b.get(md.getAuthorizationEndpointURI()).statusCode()).isEqualTo(400);
    for (URI u : new URI[] {md.getTokenEndpointURI(), md.getPushedAuthorizationRequestEndpointURI(),
        md.getIntrospectionEndpointURI(), md.getRevocationEndpointURI()}) {
      assertThat(b.postForm(u.toString(), Map.of()).statusCode()).as(u.toString()).isEqualTo(401);
    }
    assertThat(b.get(md.getUserInfoEndpointURI()).statusCode()).isEqualTo(401);
    assertThat(b.get(md.getEndSessionEndpointURI()).statusCode()).isEqualTo(200);
  }

  @Test
  void theIdTokenVerifiesAgainstThePublishedJwks() throws Exception {
    var tokens = loginAndRedeem(new Browser(), Pkce.create());
    JWKSet jwks = JWKSet.parse(new Browser().get(gateway.baseUrl() + "/jwks").body());
    var validator = new IDTokenValidator(new Issuer(gateway.baseUrl()), new ClientID(PortalClient.CLIENT_ID),
        new JWSVerificationKeySelector<SecurityContext>(JWSAlgorithm.ES256, new ImmutableJWKSet<>(jwks)), null);
    var claims = validator.validate(SignedJWT.parse(tokens.getString("id_token")), new Nonce("n-1"));
    assertThat(claims.getACR().getValue()).isEqualTo("LoA2");
    assertThat(tokens.getString("token_type")).isEqualTo("Bearer");
    assertThat(SignedJWT.parse(tokens.getString("access_token")).getHeader().getType().getType()).isEqualTo("at+jwt");
  }

  // --- authorization endpoint --------------------------------------------------------------

  @Test
  void anUnregisteredRedirectUriGetsAnErrorPageAndNoRedirect() {
    var r = new Browser().get(authorize(Pkce.create(), Map.of()).replace("8081%2Fcallback", "8081%2Fcallback%2Fevil"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Location")).isEmpty();
    assertThat(r.body()).contains("không khớp với địa chỉ đã đăng ký");
  }

  @Test
  void anUnknownClientGetsAnErrorPage() {
    var r = new Browser().get(authorize(Pkce.create(), Map.of()).replace("client_id=demo-portal", "client_id=nobody"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Location")).isEmpty();
    assertThat(r.body()).contains("chưa được đăng ký");
  }

  @Test
  void aRequestWithoutPkceGoesBackWithInvalidRequest() {
    var r = new Browser().get(portal.authorizeUrl(SCOPE, "st", "n", null, Map.of()));
    var q = Browser.query(Browser.location(r));
    assertThat(q).containsEntry("error", "invalid_request").containsEntry("state", "st").containsEntry("iss", gateway.baseUrl());
    assertThat(q.get("error_description")).contains("code_challenge");
  }

  @Test
  void plainPkceIsRefused() {
    Pkce p = Pkce.create();
    var r = new Browser().get(portal.authorizeUrl(SCOPE, "st", "n", null,
        Map.of("code_challenge", p.verifier(), "code_challenge_method", "plain")));
    assertThat(Browser.query(Browser.location(r))).containsEntry("error", "invalid_request");
  }

  @Test
  void aScopeTheClientMayNotHaveIsInvalidScope() {
    var r = new Browser().get(portal.authorizeUrl("openid root", "st", "n", Pkce.create(), Map.of()));
    assertThat(Browser.query(Browser.location(r))).containsEntry("error", "invalid_scope");
  }

  @Test
  void promptNoneWithoutASessionIsLoginRequired() {
    var r = new Browser().get(authorize(Pkce.create(), Map.of("prompt", "none")));
    assertThat(Browser.location(r).toString()).startsWith(PortalClient.REDIRECT);
    assertThat(Browser.query(Browser.location(r))).containsEntry("error", "login_required");
  }

  @Test
  void aSessionGivesSingleSignOnAndPromptNoneWorksAfterConsent() {
    Browser b = new Browser();
    loginAndRedeem(b, Pkce.create());
    Pkce pkce = Pkce.create();
    var r = b.get(authorize(pkce, Map.of("prompt", "none")));
    var q = Browser.query(Browser.location(r));
    assertThat(q).containsKey("code").doesNotContainKey("error");
    assertThat(portal.redeem(q.get("code"), pkce).statusCode()).isEqualTo(200);
  }

  @Test
  void maxAgeZeroForcesANewUpstreamLogin() {
    Browser b = new Browser();
    loginAndRedeem(b, Pkce.create());
    var r = b.get(authorize(Pkce.create(), Map.of("max_age", "0")));
    URI next = Browser.location(r);
    assertThat(next.toString()).startsWith(upstream.issuer());
    assertThat(Browser.query(next)).containsEntry("prompt", "login");
  }

  @Test
  void denyingConsentSendsAccessDenied() {
    URI back = driver.login(new Browser(), portal.authorizeUrl("openid phone", "st-deny", "n", Pkce.create(),
        Map.of("prompt", "consent")), "LoA2", "deny");
    assertThat(Browser.query(back)).containsEntry("error", "access_denied").containsEntry("state", "st-deny");
  }

  @Test
  void theConsentPageSpeaksEnglishWhenAsked() {
    Browser b = new Browser();
    var r = b.get(portal.authorizeUrl("openid email", "st", "n", Pkce.create(), Map.of("ui_locales", "en", "prompt", "consent")));
    Map<String, String> up = Browser.query(Browser.location(r));
    assertThat(up).containsEntry("ui_locales", "en");
    upstream.stubTokenWithIdToken(upstream.sign(upstream.idTokenClaims(up.get("nonce"), "LoA1").build()));
    upstream.stubUserInfo(FakeUpstream.citizenClaims("vneid-sub-1"));
    var consent = b.get(Browser.location(b.get(gateway.baseUrl() + "/login/callback?code=c&state=" + up.get("state"))));
    assertThat(consent.body()).contains("lang=\"en\"", "Approve", "Deny", "thuha.nguyen@example.vn");
  }

  // --- token endpoint -----------------------------------------------------------------------

  @Test
  void aWrongPkceVerifierIsInvalidGrant() {
    Pkce pkce = Pkce.create();
    URI back = driver.login(new Browser(), authorize(pkce, Map.of()), "LoA2", "approve");
    var r = portal.redeem(Browser.query(back).get("code"), Pkce.create());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(PortalClient.json(r).getString("error")).isEqualTo("invalid_grant");
  }

  @Test
  void aMissingPkceVerifierIsInvalidGrant() {
    Pkce pkce = Pkce.create();
    URI back = driver.login(new Browser(), authorize(pkce, Map.of()), "LoA2", "approve");
    var r = portal.token(Map.of("grant_type", "authorization_code", "code", Browser.query(back).get("code"),
        "redirect_uri", PortalClient.REDIRECT));
    assertThat(PortalClient.json(r).getString("error")).isEqualTo("invalid_grant");
  }

  @Test
  void aReusedCodeFailsAndRevokesTheTokensOfTheFirstUse() {
    Pkce pkce = Pkce.create();
    URI back = driver.login(new Browser(), authorize(pkce, Map.of()), "LoA2", "approve");
    String code = Browser.query(back).get("code");
    var first = PortalClient.json(portal.redeem(code, pkce));
    assertThat(portal.userinfo(first.getString("access_token")).statusCode()).isEqualTo(200);

    var second = portal.redeem(code, pkce);
    assertThat(second.statusCode()).isEqualTo(400);
    assertThat(PortalClient.json(second).getString("error")).isEqualTo("invalid_grant");

    var info = portal.userinfo(first.getString("access_token"));
    assertThat(info.statusCode()).isEqualTo(401);
    assertThat(info.headers().firstValue("WWW-Authenticate").orElse("")).contains("invalid_token");
    var refresh = portal.token(Map.of("grant_type", "refresh_token", "refresh_token", first.getString("refresh_token")));
    assertThat(PortalClient.json(refresh).getString("error")).isEqualTo("invalid_grant");
  }

  @Test
  void aWrongClientSecretIsInvalidClient() {
    var r = portal.tokenAs(PortalClient.CLIENT_ID, "wrong-secret", Map.of("grant_type", "authorization_code", "code", "x",
        "redirect_uri", PortalClient.REDIRECT, "code_verifier", Pkce.create().verifier()));
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(PortalClient.json(r).getString("error")).isEqualTo("invalid_client");
    assertThat(r.headers().firstValue("WWW-Authenticate")).isPresent();
  }

  @Test
  void aCodeIssuedToAnotherRedirectUriOrClientIsRefused() {
    Pkce pkce = Pkce.create();
    URI back = driver.login(new Browser(), authorize(pkce, Map.of()), "LoA2", "approve");
    var r = portal.token(Map.of("grant_type", "authorization_code", "code", Browser.query(back).get("code"),
        "redirect_uri", "http://localhost:8081/other", "code_verifier", pkce.verifier()));
    assertThat(PortalClient.json(r).getString("error")).isEqualTo("invalid_grant");
  }

  @Test
  void refreshTokensRotateAndAReusedOneRevokesTheFamily() {
    var tokens = loginAndRedeem(new Browser(), Pkce.create());
    String r1 = tokens.getString("refresh_token");
    var second = PortalClient.json(portal.token(Map.of("grant_type", "refresh_token", "refresh_token", r1)));
    String r2 = second.getString("refresh_token");
    assertThat(r2).isNotBlank().isNotEqualTo(r1);
    assertThat(portal.userinfo(second.getString("access_token")).statusCode()).isEqualTo(200);

    var replay = portal.token(Map.of("grant_type", "refresh_token", "refresh_token", r1));
    assertThat(PortalClient.json(replay).getString("error")).isEqualTo("invalid_grant");
    // The whole family is gone: the successor and the access tokens too.
    assertThat(PortalClient.json(portal.token(Map.of("grant_type", "refresh_token", "refresh_token", r2))).getString("error"))
        .isEqualTo("invalid_grant");
    assertThat(portal.userinfo(second.getString("access_token")).statusCode()).isEqualTo(401);
  }

  @Test
  void unsupportedGrantTypesAreRefused() {
    var r = portal.token(Map.of("grant_type", "password", "username", "a", "password", "b"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(PortalClient.json(r).getString("error")).isIn("unsupported_grant_type", "invalid_request");
  }

  @Test
  void aTokenRequestThatIsNotAFormIsInvalidRequest() {
    var r = new Browser().send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/token"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"grant_type\":\"x\"}")));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(PortalClient.json(r).getString("error")).isEqualTo("invalid_request");
  }

  @Test
  void anOversizedTokenRequestIs413AndTheGatewayKeepsServing() {
    var r = portal.token(Map.of("grant_type", "refresh_token", "refresh_token", "x".repeat(200_000)));
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(new Browser().get(gateway.baseUrl() + "/.well-known/openid-configuration").statusCode()).isEqualTo(200);
  }

  // --- private_key_jwt ------------------------------------------------------------------------

  private String assertion(ECKey key, Instant exp, String jti) throws Exception {
    JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("jwt-portal").subject("jwt-portal")
        .audience(gateway.baseUrl() + "/token").expirationTime(Date.from(exp)).issueTime(new Date()).jwtID(jti).build();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
    jwt.sign(new ECDSASigner(key));
    return jwt.serialize();
  }

  private HttpResponse<String> tokenWithAssertion(String assertion) {
    return portal.post("/token", Map.of("grant_type", "refresh_token", "refresh_token", "unknown",
        "client_assertion_type", PrivateKeyJWT.CLIENT_ASSERTION_TYPE, "client_assertion", assertion));
  }

  @Test
  void aValidClientAssertionAuthenticatesAndItsReplayIsRefused() throws Exception {
    String a = assertion(jwtClientKey, Instant.now().plusSeconds(60), "jti-" + System.nanoTime());
    var first = tokenWithAssertion(a);
    // Authenticated: the failure is about the (unknown) refresh token, not the client.
    assertThat(PortalClient.json(first).getString("error")).isEqualTo("invalid_grant");
    var replay = tokenWithAssertion(a);
    assertThat(replay.statusCode()).isEqualTo(401);
    assertThat(PortalClient.json(replay).getString("error_description")).contains("replayed");
  }

  @Test
  void aClientAssertionSignedWithAnotherKeyIsRefused() throws Exception {
    ECKey other = new ECKeyGenerator(Curve.P_256).keyID("jwt-portal-1").generate();
    var r = tokenWithAssertion(assertion(other, Instant.now().plusSeconds(60), "jti-" + System.nanoTime()));
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(PortalClient.json(r).getString("error")).isEqualTo("invalid_client");
  }

  @Test
  void anExpiredClientAssertionIsRefused() throws Exception {
    var r = tokenWithAssertion(assertion(jwtClientKey, Instant.now().minusSeconds(120), "jti-" + System.nanoTime()));
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(PortalClient.json(r).getString("error")).isEqualTo("invalid_client");
  }

  @Test
  void aClientAssertionForAnotherAudienceIsRefused() throws Exception {
    JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("jwt-portal").subject("jwt-portal").audience("https://elsewhere")
        .expirationTime(Date.from(Instant.now().plusSeconds(60))).jwtID("j-" + System.nanoTime()).build();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("jwt-portal-1").build(), claims);
    jwt.sign(new ECDSASigner(jwtClientKey));
    assertThat(tokenWithAssertion(jwt.serialize()).statusCode()).isEqualTo(401);
  }

  @Test
  void aSecretClientCannotUseAnotherMethodAndViceVersa() {
    var r = portal.tokenAs("jwt-portal", "guess", Map.of("grant_type", "refresh_token", "refresh_token", "x"));
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(PortalClient.json(r).getString("error_description")).contains("private_key_jwt");
  }

  // --- userinfo: every kind of bad token --------------------------------------------------

  private JWTClaimsSet.Builder accessClaims(String aud, String iss, Instant exp) {
    return new JWTClaimsSet.Builder().issuer(iss).subject("s").audience(aud).issueTime(new Date())
        .expirationTime(Date.from(exp)).jwtID("j").claim("client_id", "demo-portal").claim("scope", "openid").claim("gid", "g");
  }

  private ECKey gatewayKey() throws Exception {
    return SigningKeys.loadEcJwk(Path.of("certs-dev/gateway-signing-1.jwk"));
  }

  private String signWith(ECKey key, String kid, JOSEObjectType typ, JWTClaimsSet claims) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).type(typ).build(), claims);
    jwt.sign(new ECDSASigner(key));
    return jwt.serialize();
  }

  private void assertRefusedAtUserinfo(String token) {
    var r = portal.userinfo(token);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(PortalClient.json(r).getString("error")).isEqualTo("invalid_token");
    assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer error=\"invalid_token\"");
  }

  @Test
  void userinfoRefusesAlgNone() {
    assertRefusedAtUserinfo(new PlainJWT(accessClaims(gateway.baseUrl(), gateway.baseUrl(), Instant.now().plusSeconds(60)).build()).serialize());
  }

  @Test
  void userinfoRefusesHmacSignedWithThePublicKey() throws Exception {
    // The classic key-confusion attack: HS256 with the published public key as the secret.
    byte[] secret = gatewayKey().toPublicJWK().toJSONString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("dev-gateway-1").type(TokenService.ACCESS_TOKEN_TYPE).build(),
        accessClaims(gateway.baseUrl(), gateway.baseUrl(), Instant.now().plusSeconds(60)).build());
    jwt.sign(new MACSigner(secret));
    assertRefusedAtUserinfo(jwt.serialize());
  }

  @Test
  void userinfoRefusesAnUnknownKid() throws Exception {
    ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID("stranger").generate();
    assertRefusedAtUserinfo(signWith(stranger, "stranger", TokenService.ACCESS_TOKEN_TYPE,
        accessClaims(gateway.baseUrl(), gateway.baseUrl(), Instant.now().plusSeconds(60)).build()));
  }

  @Test
  void userinfoRefusesAWrongIssuer() throws Exception {
    assertRefusedAtUserinfo(signWith(gatewayKey(), "dev-gateway-1", TokenService.ACCESS_TOKEN_TYPE,
        accessClaims(gateway.baseUrl(), "https://evil.example", Instant.now().plusSeconds(60)).build()));
  }

  @Test
  void userinfoRefusesAWrongAudience() throws Exception {
    assertRefusedAtUserinfo(signWith(gatewayKey(), "dev-gateway-1", TokenService.ACCESS_TOKEN_TYPE,
        accessClaims("https://other-api.example", gateway.baseUrl(), Instant.now().plusSeconds(60)).build()));
  }

  @Test
  void userinfoRefusesAnExpiredToken() throws Exception {
    assertRefusedAtUserinfo(signWith(gatewayKey(), "dev-gateway-1", TokenService.ACCESS_TOKEN_TYPE,
        accessClaims(gateway.baseUrl(), gateway.baseUrl(), Instant.now().minusSeconds(300)).build()));
  }

  @Test
  void userinfoRefusesAnIdTokenUsedAsAnAccessToken() {
    var tokens = loginAndRedeem(new Browser(), Pkce.create());
    assertRefusedAtUserinfo(tokens.getString("id_token"));
  }

  @Test
  void userinfoRefusesATokenOfAGrantThatNeverExisted() throws Exception {
    // Correctly signed by the gateway's key but never issued: the grant id resolves to nothing.
    assertRefusedAtUserinfo(signWith(gatewayKey(), "dev-gateway-1", TokenService.ACCESS_TOKEN_TYPE,
        accessClaims(gateway.baseUrl(), gateway.baseUrl(), Instant.now().plusSeconds(60)).build()));
  }

  // --- PAR, introspection, revocation, logout -----------------------------------------------

  @Test
  void aPushedRequestIsUsableOnceAndOnlyByItsClient() {
    Pkce pkce = Pkce.create();
    var pushed = portal.postAuthenticated("/par", PortalClient.CLIENT_ID, PortalClient.SECRET, Map.of(
        "response_type", "code", "client_id", PortalClient.CLIENT_ID, "redirect_uri", PortalClient.REDIRECT,
        "scope", SCOPE, "state", "par-state", "nonce", "n-1", "code_challenge", pkce.challenge(), "code_challenge_method", "S256"));
    assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
    String requestUri = PortalClient.json(pushed).getString("request_uri");
    assertThat(requestUri).startsWith("urn:ietf:params:oauth:request_uri:");

    String url = gateway.baseUrl() + "/authorize?" + Browser.encode(Map.of("client_id", PortalClient.CLIENT_ID, "request_uri", requestUri));
    URI back = driver.login(new Browser(), url, "LoA2", "approve");
    assertThat(Browser.query(back)).containsEntry("state", "par-state").containsKey("code");
    assertThat(portal.redeem(Browser.query(back).get("code"), pkce).statusCode()).isEqualTo(200);

    var again = new Browser().get(url);
    assertThat(again.statusCode()).isEqualTo(400);
    assertThat(again.headers().firstValue("Location")).isEmpty();
  }

  @Test
  void aPushedRequestWithABadRedirectUriIsRefusedToTheClient() {
    var pushed = portal.postAuthenticated("/par", PortalClient.CLIENT_ID, PortalClient.SECRET, Map.of(
        "response_type", "code", "redirect_uri", "https://evil.example/cb", "scope", "openid",
        "code_challenge", Pkce.create().challenge(), "code_challenge_method", "S256"));
    assertThat(pushed.statusCode()).isEqualTo(400);
    assertThat(PortalClient.json(pushed).getString("error")).isEqualTo("invalid_request");
  }

  @Test
  void introspectionShowsOwnLiveTokensAndRevocationEndsThem() {
    var tokens = loginAndRedeem(new Browser(), Pkce.create());
    String at = tokens.getString("access_token");
    var active = PortalClient.json(portal.postAuthenticated("/introspect", PortalClient.CLIENT_ID, PortalClient.SECRET, Map.of("token", at)));
    assertThat(active.getBoolean("active")).isTrue();
    assertThat(active.getString("client_id")).isEqualTo(PortalClient.CLIENT_ID);
    assertThat(active.getString("scope")).contains("profile");

    var revoked = portal.postAuthenticated("/revoke", PortalClient.CLIENT_ID, PortalClient.SECRET,
        Map.of("token", tokens.getString("refresh_token"), "token_type_hint", "refresh_token"));
    assertThat(revoked.statusCode()).isEqualTo(200);
    var after = PortalClient.json(portal.postAuthenticated("/introspect", PortalClient.CLIENT_ID, PortalClient.SECRET, Map.of("token", at)));
    assertThat(after.getBoolean("active")).isFalse();
    assertThat(portal.userinfo(at).statusCode()).isEqualTo(401);
  }

  @Test
  void revokingOneAccessTokenLeavesTheGrant() {
    var tokens = loginAndRedeem(new Browser(), Pkce.create());
    portal.postAuthenticated("/revoke", PortalClient.CLIENT_ID, PortalClient.SECRET, Map.of("token", tokens.getString("access_token")));
    assertThat(portal.userinfo(tokens.getString("access_token")).statusCode()).isEqualTo(401);
    var refreshed = portal.token(Map.of("grant_type", "refresh_token", "refresh_token", tokens.getString("refresh_token")));
    assertThat(refreshed.statusCode()).isEqualTo(200);
  }

  @Test
  void logoutWithAnIdTokenHintEndsTheSessionAndReturnsToThePortal() {
    Browser b = new Browser();
    var tokens = loginAndRedeem(b, Pkce.create());
    var r = b.get(gateway.baseUrl() + "/logout?" + Browser.encode(Map.of("id_token_hint", tokens.getString("id_token"),
        "post_logout_redirect_uri", "http://localhost:8081/", "state", "bye")));
    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(Browser.location(r).toString()).isEqualTo("http://localhost:8081/?state=bye");
    var after = b.get(authorize(Pkce.create(), Map.of("prompt", "none")));
    assertThat(Browser.query(Browser.location(after))).containsEntry("error", "login_required");
  }

  @Test
  void logoutToAnUnregisteredAddressIsRefused() {
    var tokens = loginAndRedeem(new Browser(), Pkce.create());
    var r = new Browser().get(gateway.baseUrl() + "/logout?" + Browser.encode(Map.of("id_token_hint", tokens.getString("id_token"),
        "post_logout_redirect_uri", "https://evil.example/")));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Location")).isEmpty();
  }
}
