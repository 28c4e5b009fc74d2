package vn.egov.gateway.dev.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.egov.gateway.testing.Browser;
import vn.egov.gateway.testing.DevLogin;
import vn.egov.gateway.testing.DevStackHarness;

/** The demo portal over plain HTTP, no browser needed: its login, sessions and hostile input. */
class DemoPortalHttpTest {
  private static DevStackHarness dev;
  private static DevLogin logins;

  @BeforeAll
  static void start() {
    dev = DevStackHarness.start(Map.of());
    logins = new DevLogin(dev);
  }

  @AfterAll
  static void stop() {
    if (dev != null) dev.close();
  }

  /** Logs in through the portal up to the gateway's redirect back to the portal's callback; returns that URL. */
  private static URI callbackUrl(Browser b, JsonObject citizen, String next) {
    var toGateway = b.get(dev.portalUrl() + "/login" + (next == null ? "" : "?next=" + next));
    assertThat(toGateway.statusCode()).isEqualTo(303);
    URI authorize = Browser.location(toGateway);
    assertThat(authorize.toString()).startsWith(dev.gatewayUrl() + "/authorize");
    Map<String, String> q = Browser.query(authorize);
    assertThat(q).containsEntry("client_id", "demo-portal").containsEntry("code_challenge_method", "S256")
        .containsEntry("redirect_uri", dev.portalUrl() + "/callback").containsEntry("ui_locales", "vi").containsKeys("state", "nonce");
    var form = b.followUntil(b.get(authorize), dev.vneidUrl() + "/nothing");
    var posted = b.submitForm(form, Map.of("username", citizen.getString("identity_number"), "password", citizen.getString("password"),
        "otp", citizen.getString("otp")));
    URI next2 = Browser.location(b.get(Browser.location(posted)));
    if (next2.getPath().equals("/consent")) next2 = Browser.location(b.submitForm(b.get(next2), Map.of("decision", "approve")));
    assertThat(next2.toString()).startsWith(dev.portalUrl() + "/callback?");
    return next2;
  }

  @Test
  void loginSetsAFreshHttpOnlySessionAndTheCallbackCannotBeReplayed() {
    Browser b = new Browser();
    var home = b.get(dev.portalUrl() + "/");
    String before = home.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(before).contains(PortalSessions.COOKIE).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax");
    assertThat(home.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'self'");
    assertThat(home.body()).contains("<html lang=\"vi\"").contains("Đăng nhập bằng VNeID");

    URI callback = callbackUrl(b, logins.account(2, 2), "/data");
    var done = b.get(callback);
    assertThat(done.statusCode()).isEqualTo(303);
    assertThat(done.headers().firstValue("Location")).contains("/data");
    // A new session id after login (session fixation)
    assertThat(done.headers().firstValue("Set-Cookie").orElseThrow()).doesNotContain(before.substring(0, before.indexOf(';')));
    assertThat(b.get(dev.portalUrl() + "/data").body()).contains("Ai đã đọc dữ liệu của tôi");

    // The same callback again finds no login in progress
    var replay = b.get(callback);
    assertThat(replay.statusCode()).isEqualTo(400);
    assertThat(replay.body()).contains("Phiên làm việc đã hết hạn");
  }

  @Test
  void aCallbackWithAnotherStateIsRefused() {
    Browser b = new Browser();
    URI callback = callbackUrl(b, logins.account(1, 0), null);
    Map<String, String> q = Browser.query(callback);
    var r = b.get(dev.portalUrl() + "/callback?code=" + q.get("code") + "&state=forged&iss=" + q.get("iss"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(b.get(dev.portalUrl() + "/").body()).doesNotContain("id=\"logout\"");
  }

  @Test
  void aCallbackWithoutALoginInProgressIsRefused() {
    var r = new Browser().get(dev.portalUrl() + "/callback?code=abc&state=xyz");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
  }

  @Test
  void pagesForCitizensSendAnonymousVisitorsToLogIn() {
    var r = new Browser().get(dev.portalUrl() + "/procedures/1.001612");
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location").orElseThrow()).isEqualTo("/login?next=%2Fprocedures%2F1.001612");
  }

  @Test
  void aPostWithoutTheSessionsCsrfTokenIsRefused() {
    Browser b = new Browser();
    b.get(dev.portalUrl() + "/");
    var r = b.postForm(dev.portalUrl() + "/logout", Map.of("csrf", "forged"));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(b.postForm(dev.portalUrl() + "/data/consents/demo-portal/withdraw", Map.of()).statusCode()).isEqualTo(403);
  }

  @Test
  void anOversizedBodyIsRefused() {
    Browser b = new Browser();
    var r = b.send(HttpRequest.newBuilder(URI.create(dev.portalUrl() + "/procedures/1.001612"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("x=" + "a".repeat(200_000))));
    assertThat(r.statusCode()).isEqualTo(413);
  }

  @Test
  void unknownPagesAreA404InTheCitizensLanguage() {
    HttpResponse<String> r = new Browser().get(dev.portalUrl() + "/nope?lang=en");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).contains("<html lang=\"en\"").contains("Page not found.");
  }

  @Test
  void afterLoginOnlyPathsOfThePortalAreFollowed() {
    assertThat(LoginHandlers.localPath("/procedures/1.001612")).isEqualTo("/procedures/1.001612");
    assertThat(LoginHandlers.localPath("//evil.example/x")).isNull();
    assertThat(LoginHandlers.localPath("https://evil.example/")).isNull();
    assertThat(LoginHandlers.localPath("/\\evil.example")).isNull();
    assertThat(LoginHandlers.localPath(null)).isNull();
  }
}
