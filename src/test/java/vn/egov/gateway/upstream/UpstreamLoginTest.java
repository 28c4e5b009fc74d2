package vn.egov.gateway.upstream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.egov.gateway.testing.Browser;
import vn.egov.gateway.testing.FakeUpstream;
import vn.egov.gateway.testing.GatewayHarness;
import vn.egov.gateway.testing.Pkce;
import vn.egov.gateway.testing.PortalClient;

/**
 * The gateway as relying party of a national IdP stubbed with WireMock: the happy path, and every
 * way the IdP can fail or lie. A failure must give the citizen an error page and no session.
 */
class UpstreamLoginTest {
  private FakeUpstream upstream;
  private GatewayHarness gateway;
  private Browser browser;
  private PortalClient portal;

  @BeforeEach
  void start() {
    upstream = new FakeUpstream().stubDiscoveryAndKeys();
    gateway = GatewayHarness.start(upstream.gatewayOverrides());
    browser = new Browser();
    portal = new PortalClient(gateway.baseUrl());
  }

  @AfterEach
  void stop() {
    gateway.close();
    upstream.close();
  }

  /** Given a portal's request, the browser is sent to the IdP; returns the IdP's authorization request. */
  private Map<String, String> beginLogin(Pkce pkce) {
    var r = browser.get(portal.authorizeUrl("openid profile identity_number", "portal-state", "portal-nonce", pkce, Map.of()));
    assertThat(r.statusCode()).isEqualTo(302);
    URI up = Browser.location(r);
    assertThat(up.toString()).startsWith(upstream.issuer() + "/authorize");
    return Browser.query(up);
  }

  private HttpResponse<String> callback(Map<String, String> upstreamRequest) {
    return browser.get(gateway.baseUrl() + "/login/callback?code=upstream-code&state=" + upstreamRequest.get("state"));
  }

  private boolean hasSession() {
    return browser.cookies().getCookieStore().getCookies().stream()
        .anyMatch(c -> c.getName().equals("egov_session") && !c.getValue().isEmpty());
  }

  private HttpResponse<String> loginWithIdToken(UnaryOperator<JWTClaimsSet.Builder> edit) {
    var up = beginLogin(Pkce.create());
    upstream.stubTokenWithIdToken(upstream.sign(edit.apply(upstream.idTokenClaims(up.get("nonce"), "LoA2")).build()));
    upstream.stubUserInfo(FakeUpstream.citizenClaims("vneid-sub-1"));
    return callback(up);
  }

  @Test
  void aVerifiedUpstreamLoginLeadsToConsentThenToACodeForThePortal() throws Exception {
    Pkce pkce = Pkce.create();
    var up = beginLogin(pkce);
    assertThat(up).containsEntry("client_id", "egov-gateway").containsEntry("code_challenge_method", "S256").containsKey("nonce");

    upstream.stubTokenWithIdToken(upstream.sign(upstream.idTokenClaims(up.get("nonce"), "LoA2").build()));
    upstream.stubUserInfo(FakeUpstream.citizenClaims("vneid-sub-1"));
    var toConsent = callback(up);
    assertThat(toConsent.statusCode()).isEqualTo(302);
    assertThat(hasSession()).isTrue();

    var consent = browser.get(Browser.location(toConsent));
    assertThat(consent.statusCode()).isEqualTo(200);
    assertThat(consent.body()).contains("Nguyễn Thị Thu Hà", "001085012345", "Đồng ý", "Cổng dịch vụ công mẫu");

    var back = browser.submitForm(consent, Map.of("decision", "approve"));
    URI redirect = Browser.location(back);
    assertThat(redirect.toString()).startsWith(PortalClient.REDIRECT + "?");
    var q = Browser.query(redirect);
    assertThat(q).containsEntry("state", "portal-state").containsEntry("iss", gateway.baseUrl());

    var tokens = PortalClient.json(portal.redeem(q.get("code"), pkce));
    var idToken = SignedJWT.parse(tokens.getString("id_token"));
    assertThat(idToken.getJWTClaimsSet().getStringClaim("acr")).isEqualTo("LoA2");
    assertThat(idToken.getJWTClaimsSet().getStringClaim("nonce")).isEqualTo("portal-nonce");
    // Pairwise: never the identity number, never the upstream subject.
    assertThat(idToken.getJWTClaimsSet().getSubject()).isNotIn("001085012345", "vneid-sub-1");

    var info = PortalClient.json(portal.userinfo(tokens.getString("access_token")));
    assertThat(info.getString("name")).isEqualTo("Nguyễn Thị Thu Hà");
    assertThat(info.getString("birthdate")).isEqualTo("1985-02-14");
    assertThat(info.getString("gender")).isEqualTo("female");
    assertThat(info.getString("identity_number")).isEqualTo("001085012345");
    assertThat(info.containsKey("phone_number")).as("phone was not requested").isFalse();
  }

  private void assertErrorPageWithoutSession(HttpResponse<String> r, String vietnameseFragment) {
    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(r.body()).contains(vietnameseFragment).contains("Quay lại cổng dịch vụ công");
    assertThat(r.headers().firstValue("Location")).isEmpty();
    assertThat(hasSession()).isFalse();
  }

  @Test
  void upstreamTokenEndpointFailingWith500GivesAnErrorPageAndNoSession() {
    var up = beginLogin(Pkce.create());
    upstream.stubToken(aResponse().withStatus(500).withBody("boom"));
    assertErrorPageWithoutSession(callback(up), "Không xác minh được kết quả đăng nhập từ VNeID");
  }

  @Test
  void upstreamTimeoutGivesAnErrorPageWithinTheConfiguredTimeout() {
    var up = beginLogin(Pkce.create());
    upstream.stubToken(FakeUpstream.json("{}").withFixedDelay(6000));
    long t0 = System.nanoTime();
    var r = callback(up);
    long millis = (System.nanoTime() - t0) / 1_000_000;
    assertErrorPageWithoutSession(r, "tạm thời không phản hồi");
    assertThat(millis).as("gateway timeout is PT2S").isLessThan(5000);
  }

  @Test
  void anIdTokenSignedByAnotherKeyIsRejected() throws Exception {
    RSAKey forger = new RSAKeyGenerator(2048).keyID("upstream-1").algorithm(JWSAlgorithm.RS256).generate();
    var up = beginLogin(Pkce.create());
    upstream.stubTokenWithIdToken(FakeUpstream.sign(upstream.idTokenClaims(up.get("nonce"), "LoA2").build(), forger));
    upstream.stubUserInfo(FakeUpstream.citizenClaims("vneid-sub-1"));
    assertErrorPageWithoutSession(callback(up), "Không xác minh được");
  }

  @Test
  void aWrongNonceIsRejected() {
    assertErrorPageWithoutSession(loginWithIdToken(b -> b.claim("nonce", "replayed-nonce")), "Không xác minh được");
  }

  @Test
  void aWrongIssuerIsRejected() {
    assertErrorPageWithoutSession(loginWithIdToken(b -> b.issuer("https://evil.example")), "Không xác minh được");
  }

  @Test
  void aWrongAudienceIsRejected() {
    assertErrorPageWithoutSession(loginWithIdToken(b -> b.audience("another-client")), "Không xác minh được");
  }

  @Test
  void anExpiredIdTokenIsRejected() {
    assertErrorPageWithoutSession(loginWithIdToken(b -> b.expirationTime(new java.util.Date(System.currentTimeMillis() - 600_000))),
        "Không xác minh được");
  }

  @Test
  void userinfoOfAnotherSubjectIsRejected() {
    var up = beginLogin(Pkce.create());
    upstream.stubTokenWithIdToken(upstream.sign(upstream.idTokenClaims(up.get("nonce"), "LoA2").build()));
    upstream.stubUserInfo(FakeUpstream.citizenClaims("somebody-else"));
    assertErrorPageWithoutSession(callback(up), "Không xác minh được");
  }

  @Test
  void aRolledUpstreamKeyIsFetchedOnItsUnknownKid() throws Exception {
    // The gateway caches the JWKS during the first login...
    var first = loginWithIdToken(b -> b);
    assertThat(first.statusCode()).isEqualTo(302);
    // ...then the IdP rolls to a new key: the gateway must fetch the JWKS again rather than fail.
    RSAKey next = new RSAKeyGenerator(2048).keyID("upstream-2").algorithm(JWSAlgorithm.RS256).generate();
    upstream.stubJwks(new JWKSet(java.util.List.of(upstream.key().toPublicJWK(), next.toPublicJWK())));
    browser = new Browser();
    var up = beginLogin(Pkce.create());
    upstream.stubTokenWithIdToken(FakeUpstream.sign(upstream.idTokenClaims(up.get("nonce"), "LoA2").build(), next));
    var r = callback(up);
    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(Browser.location(r).getPath()).isEqualTo("/consent");
  }

  @Test
  void discoveryDownGivesAnErrorPageAtAuthorize() {
    upstream.server().resetAll();
    var r = browser.get(portal.authorizeUrl("openid", "s", "n", Pkce.create(), Map.of()));
    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(r.body()).contains("VNeID");
    assertThat(hasSession()).isFalse();
  }

  @Test
  void aCallbackFromAnotherBrowserIsRefused() {
    var up = beginLogin(Pkce.create());
    upstream.stubTokenWithIdToken(upstream.sign(upstream.idTokenClaims(up.get("nonce"), "LoA2").build()));
    upstream.stubUserInfo(FakeUpstream.citizenClaims("vneid-sub-1"));
    // An attacker replays the victim's callback URL in a browser that did not start this login.
    var other = new Browser();
    var r = other.get(gateway.baseUrl() + "/login/callback?code=upstream-code&state=" + up.get("state"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("không thuộc phiên trình duyệt này");
  }

  @Test
  void aLevelOneLoginForALevelTwoDemandGoesBackToThePortalAsUnmet() {
    Pkce pkce = Pkce.create();
    var r0 = browser.get(portal.authorizeUrl("openid", "st", "n", pkce, Map.of("acr_values", "LoA2")));
    var up = Browser.query(Browser.location(r0));
    assertThat(up).containsEntry("acr_values", "LoA2");
    upstream.stubTokenWithIdToken(upstream.sign(upstream.idTokenClaims(up.get("nonce"), "LoA1").build()));
    upstream.stubUserInfo(FakeUpstream.citizenClaims("vneid-sub-1"));
    var r = callback(up);
    var q = Browser.query(Browser.location(r));
    assertThat(q).containsEntry("error", "unmet_authentication_requirements").containsEntry("state", "st");
  }
}
