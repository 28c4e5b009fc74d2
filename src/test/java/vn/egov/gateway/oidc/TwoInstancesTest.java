package vn.egov.gateway.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.egov.gateway.testing.Browser;
import vn.egov.gateway.testing.FakeUpstream;
import vn.egov.gateway.testing.FreePorts;
import vn.egov.gateway.testing.GatewayHarness;
import vn.egov.gateway.testing.Pkce;
import vn.egov.gateway.testing.PortalClient;
import vn.egov.gateway.testing.Services;

/**
 * Two gateway instances behind one public URL, sharing Redis: every step of a login may land on
 * either instance (DESIGN.md section 2: none holds state another needs).
 */
class TwoInstancesTest {
  @Test
  void aLoginStartedOnOneInstanceFinishesOnTheOther() {
    Services.requireRedis();
    try (FakeUpstream upstream = new FakeUpstream().stubDiscoveryAndKeys()) {
      int publicPort = FreePorts.next();
      Map<String, String> env = new HashMap<>(upstream.gatewayOverrides());
      env.put("EGOV_SESSION_REDIS_URL", Services.REDIS_URL);
      env.put("EGOV_SESSION_REDIS_PREFIX", "egov-two-" + System.nanoTime() + ":");
      env.put("EGOV_HTTP_PUBLIC_URL", "http://localhost:" + publicPort);
      Map<String, String> envA = new HashMap<>(env);
      envA.put("EGOV_HTTP_PORT", String.valueOf(publicPort));
      Map<String, String> envB = new HashMap<>(env);
      int portB = FreePorts.next();
      envB.put("EGOV_HTTP_PORT", String.valueOf(portB));
      try (GatewayHarness a = GatewayHarness.start(envA); GatewayHarness b = GatewayHarness.start(envB)) {
        String onA = "http://localhost:" + publicPort;
        String onB = "http://localhost:" + portB;
        Browser browser = new Browser();
        Pkce pkce = Pkce.create();

        var toIdp = browser.get(new PortalClient(onA).authorizeUrl("openid profile", "st", "n", pkce, Map.of()));
        Map<String, String> up = Browser.query(Browser.location(toIdp));
        upstream.stubTokenWithIdToken(upstream.sign(upstream.idTokenClaims(up.get("nonce"), "LoA2").build()));
        upstream.stubUserInfo(FakeUpstream.citizenClaims("vneid-sub-1"));

        // Cookies are per host name, not per port, so the browser presents them to both instances.
        var toConsent = browser.get(onB + "/login/callback?code=c&state=" + up.get("state"));
        assertThat(toConsent.statusCode()).isEqualTo(302);
        var consent = browser.get(onA + Browser.location(toConsent).getRawPath() + "?" + Browser.location(toConsent).getRawQuery());
        var back = browser.submitForm(consent, Map.of("decision", "approve"));
        String code = Browser.query(Browser.location(back)).get("code");

        var tokens = PortalClient.json(new PortalClient(onB).redeem(code, pkce));
        assertThat(new PortalClient(onA).userinfo(tokens.getString("access_token")).statusCode()).isEqualTo(200);
        // The code is spent for both instances.
        assertThat(new PortalClient(onA).redeem(code, pkce).statusCode()).isEqualTo(400);
        assertThat(new PortalClient(onB).userinfo(tokens.getString("access_token")).statusCode()).isEqualTo(401);
        URI unused = URI.create(onA);
        assertThat(unused.getPort()).isEqualTo(publicPort);
      }
    }
  }
}
