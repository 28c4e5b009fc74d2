package vn.egov.gateway.prefill;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

/** The citizen's own view through a portal: consents, withdrawal, and its effect on the next login. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CitizenApiTest {
  private FakeUpstream upstream;
  private GatewayHarness gateway;
  private PortalClient portal;
  private LoginDriver driver;

  @BeforeAll
  void start() {
    upstream = new FakeUpstream().stubDiscoveryAndKeys();
    gateway = GatewayHarness.start(upstream.gatewayOverrides());
    portal = new PortalClient(gateway.baseUrl());
    driver = new LoginDriver(gateway.baseUrl(), upstream);
  }

  @AfterAll
  void stop() {
    gateway.close();
    upstream.close();
  }

  private HttpResponse<String> call(String method, String path, String token) {
    return new Browser().send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
        .header("Authorization", "Bearer " + token).method(method, HttpRequest.BodyPublishers.noBody()));
  }

  private String login(Browser b) {
    Pkce pkce = Pkce.create();
    URI back = driver.login(b, portal.authorizeUrl("openid profile prefill", "s", "n", pkce, Map.of()), "LoA2", "approve");
    return PortalClient.json(portal.redeem(Browser.query(back).get("code"), pkce)).getString("access_token");
  }

  @Test
  void withdrawingAConsentIsRecordedAndTheNextLoginAsksAgain() {
    Browser b = new Browser();
    String token = login(b);

    var consents = new JsonObject(call("GET", "/api/v1/me/consents", token).body());
    assertThat(consents.getJsonArray("decisions").getJsonObject(0).getString("decision")).isEqualTo("approved");

    assertThat(call("DELETE", "/api/v1/me/consents/demo-portal", token).statusCode()).isEqualTo(204);
    var again = call("DELETE", "/api/v1/me/consents/demo-portal", token);
    assertThat(again.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(again.body()).getString("type")).endsWith("/no-consent");

    var history = new JsonObject(call("GET", "/api/v1/me/consents", token).body()).getJsonArray("decisions");
    assertThat(history.getJsonObject(history.size() - 1).getString("decision")).isEqualTo("withdrawn");

    // The SSO session is still there, but consent is not: prompt=none cannot proceed silently.
    var r = b.get(portal.authorizeUrl("openid profile prefill", "s2", "n", Pkce.create(), Map.of("prompt", "none")));
    assertThat(Browser.query(Browser.location(r))).containsEntry("error", "consent_required");
  }

  @Test
  void theApiAnswersProblemJsonWithABearerChallenge() {
    var r = call("GET", "/api/v1/me/data-access", "not-a-token");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer error=\"invalid_token\"");
    assertThat(new JsonObject(r.body()).getString("type")).endsWith("/invalid-token");
  }

  @Test
  void withdrawingForAnUnknownPortalIs404() {
    String token = login(new Browser());
    var r = call("DELETE", "/api/v1/me/consents/no-such-portal", token);
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(r.body()).getString("type")).endsWith("/unknown-portal");
  }

  @Test
  void dataAccessIsEmptyBeforeAnyRead() {
    String token = login(new Browser());
    var r = call("GET", "/api/v1/me/data-access", token);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(r.body()).getJsonArray("entries")).isEmpty();
  }
}
