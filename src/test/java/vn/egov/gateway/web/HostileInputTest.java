package vn.egov.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.egov.gateway.testing.Browser;
import vn.egov.gateway.testing.FakeUpstream;
import vn.egov.gateway.testing.GatewayHarness;
import vn.egov.gateway.testing.LoginDriver;
import vn.egov.gateway.testing.Pkce;
import vn.egov.gateway.testing.PortalClient;

/** Malformed, oversized, hostile and replayed input at every endpoint: a clear 4xx, and the gateway keeps serving. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest {
  private FakeUpstream upstream;
  private GatewayHarness gateway;
  private PortalClient portal;
  private String base;

  @BeforeAll
  void start() {
    upstream = new FakeUpstream().stubDiscoveryAndKeys();
    gateway = GatewayHarness.start(upstream.gatewayOverrides());
    portal = new PortalClient(gateway.baseUrl());
    base = gateway.baseUrl();
  }

  @AfterAll
  void stop() {
    gateway.close();
    upstream.close();
  }

  private void stillServing() {
    assertThat(new Browser().get(base + "/.well-known/openid-configuration").statusCode()).isEqualTo(200);
  }

  @Test
  void unknownPathsAndMethodsAreProblemJson() {
    var r = new Browser().get(base + "/no/such/thing");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    var body = new JsonObject(r.body());
    assertThat(body.getString("type")).endsWith("/not-found");
    assertThat(body.getString("title_vi")).isEqualTo("Không tìm thấy");
    var put = new Browser().send(HttpRequest.newBuilder(URI.create(base + "/token")).PUT(HttpRequest.BodyPublishers.ofString("x")));
    assertThat(put.statusCode()).isEqualTo(405);
    assertThat(new JsonObject(put.body()).getString("type")).endsWith("/method-not-allowed");
  }

  @Test
  void aRepeatedClientIdIsAnErrorPageNotARedirect() {
    var r = new Browser().get(portal.authorizeUrl("openid", "s", "n", Pkce.create(), Map.of()) + "&client_id=other");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Location")).isEmpty();
  }

  @Test
  void aHugeQueryIsRefusedAndTheGatewayKeepsServing() {
    var r = new Browser().get(portal.authorizeUrl("openid", "x".repeat(20_000), "n", Pkce.create(), Map.of()));
    assertThat(r.statusCode()).isIn(400, 414, 431);
    stillServing();
  }

  @Test
  void markupInStateIsNeverRenderedAsHtml() {
    // The unknown client makes the gateway render a page; the hostile state must not appear unescaped.
    String evil = "<script>alert(1)</script>";
    var r = new Browser().get(portal.authorizeUrl("openid", evil, "n", Pkce.create(), Map.of())
        .replace("client_id=demo-portal", "client_id=%3Cimg%20src%3Dx%3E"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).doesNotContain("<script>alert(1)</script>").doesNotContain("<img src=x>");
    assertThat(r.headers().firstValue("Content-Security-Policy")).isPresent();
    assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
  }

  @Test
  void aForgedOrReplayedCallbackIsRefused() {
    var garbage = new Browser().get(base + "/login/callback?code=x&state=" + "A".repeat(600));
    assertThat(garbage.statusCode()).isEqualTo(400);
    var unknown = new Browser().get(base + "/login/callback?code=x&state=never-issued");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("hết hạn");
    var noState = new Browser().get(base + "/login/callback?code=x");
    assertThat(noState.statusCode()).isEqualTo(400);
  }

  @Test
  void aConsentDecisionWithoutTheRightCsrfTokenOrTwiceIsRefused() {
    Browser b = new Browser();
    Pkce pkce = Pkce.create();
    var r = b.get(portal.authorizeUrl("openid profile", "s", "n", pkce, Map.of("prompt", "consent")));
    Map<String, String> up = Browser.query(Browser.location(r));
    upstream.stubTokenWithIdToken(upstream.sign(upstream.idTokenClaims(up.get("nonce"), "LoA2").build()));
    upstream.stubUserInfo(FakeUpstream.citizenClaims("vneid-sub-1"));
    var consent = b.get(Browser.location(b.get(base + "/login/callback?code=c&state=" + up.get("state"))));

    var forged = b.submitForm(consent, Map.of("decision", "approve", "csrf", "forged"));
    assertThat(forged.statusCode()).isEqualTo(400);
    var odd = b.submitForm(consent, Map.of("decision", "maybe"));
    assertThat(odd.statusCode()).isEqualTo(400);

    var first = b.submitForm(consent, Map.of("decision", "approve"));
    assertThat(first.statusCode()).isEqualTo(302);
    var replay = b.submitForm(consent, Map.of("decision", "approve"));
    assertThat(replay.statusCode()).isEqualTo(400);
    assertThat(replay.headers().firstValue("Location")).isEmpty();
  }

  @Test
  void aConsentPageOfAnotherBrowserIsNotShown() {
    Browser victim = new Browser();
    var r = victim.get(portal.authorizeUrl("openid profile", "s", "n", Pkce.create(), Map.of("prompt", "consent")));
    Map<String, String> up = Browser.query(Browser.location(r));
    upstream.stubTokenWithIdToken(upstream.sign(upstream.idTokenClaims(up.get("nonce"), "LoA2").build()));
    upstream.stubUserInfo(FakeUpstream.citizenClaims("vneid-sub-1"));
    URI consentUrl = Browser.location(victim.get(base + "/login/callback?code=c&state=" + up.get("state")));
    var attacker = new Browser().get(consentUrl);
    assertThat(attacker.statusCode()).isEqualTo(400);
    assertThat(attacker.body()).doesNotContain("Nguyễn Thị Thu Hà");
  }

  @Test
  void invalidUtf8AndDuplicatedParametersAtTheTokenEndpointAreInvalidRequest() {
    var bad = new Browser().send(HttpRequest.newBuilder(URI.create(base + "/token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("demo-portal:demo-portal-secret".getBytes()))
        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {'g', 'r', 'a', 'n', 't', '_', 't', 'y', 'p', 'e', '=', (byte) 0xC3, (byte) 0x28})));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(bad.body()).getString("error")).isIn("invalid_request", "unsupported_grant_type");

    var dup = new Browser().send(HttpRequest.newBuilder(URI.create(base + "/token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("demo-portal:demo-portal-secret".getBytes()))
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&grant_type=authorization_code&refresh_token=x")));
    assertThat(dup.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(dup.body()).getString("error")).isEqualTo("invalid_request");
    stillServing();
  }

  @Test
  void garbageBearerTokensAndLogoutHintsAreRefusedCleanly() {
    // A header beyond the server's limit is refused before routing (431), and the server keeps serving.
    assertThat(portal.userinfo("x".repeat(10_000)).statusCode()).isEqualTo(431);
    for (String token : new String[] {"garbage", "a.b.c", "eyJhbGciOiJub25lIn0.e30.", "x".repeat(3_000)}) {
      var r = portal.userinfo(token);
      assertThat(r.statusCode()).as(token.substring(0, Math.min(20, token.length()))).isEqualTo(401);
      assertThat(new JsonObject(r.body()).getString("error")).isEqualTo("invalid_token");
    }
    var noBearer = new Browser().get(base + "/userinfo");
    assertThat(noBearer.statusCode()).isEqualTo(401);
    var logout = new Browser().get(base + "/logout?id_token_hint=not-a-token");
    assertThat(logout.statusCode()).isEqualTo(400);
  }

  @Test
  void aReplayedCodeAfterExpiryOrForAnotherClientStaysRefused() {
    Pkce pkce = Pkce.create();
    URI back = new LoginDriver(base, upstream).login(new Browser(), portal.authorizeUrl("openid", "s", "n", pkce, Map.of()), "LoA1", "approve");
    String code = Browser.query(back).get("code");
    var otherClient = portal.tokenAs("demo-portal", "demo-portal-secret", Map.of("grant_type", "authorization_code",
        "code", code + "x", "redirect_uri", PortalClient.REDIRECT, "code_verifier", pkce.verifier()));
    assertThat(new JsonObject(otherClient.body()).getString("error")).isEqualTo("invalid_grant");
    assertThat(portal.redeem(code, pkce).statusCode()).isEqualTo(200);
  }
}
