package vn.egov.gateway.prefill;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.egov.gateway.testing.Browser;
import vn.egov.gateway.testing.DevLogin;
import vn.egov.gateway.testing.DevStackHarness;

/** Through the gateway's API: a register that does not answer gives the portal a 503 problem with Retry-After, at once. */
class PrefillRegisterDownTest {
  @Test
  void aDownRegisterIs503WithRetryAfterAndNothingIsLogged() {
    try (DevStackHarness dev = DevStackHarness.start(Map.of("EGOV_REGISTER_BASE_URL", "https://localhost:1"))) {
      DevLogin login = new DevLogin(dev);
      String token = login.tokens(new Browser(), login.account(2, 0), "openid profile identity_number prefill", Map.of())
          .getString("access_token");
      long t0 = System.nanoTime();
      var r = new Browser().send(HttpRequest.newBuilder(URI.create(dev.gatewayUrl() + "/api/v1/procedures/1.005099/prefill"))
          .header("Authorization", "Bearer " + token).GET());
      long millis = (System.nanoTime() - t0) / 1_000_000;
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(r.headers().firstValue("Retry-After")).hasValue("10");
      JsonObject problem = new JsonObject(r.body());
      assertThat(problem.getString("type")).endsWith("/register-unavailable");
      assertThat(problem.getString("title_vi")).contains("tạm thời không sẵn sàng");
      assertThat(millis).isLessThan(3000);
      var log = new Browser().send(HttpRequest.newBuilder(URI.create(dev.gatewayUrl() + "/api/v1/me/data-access"))
          .header("Authorization", "Bearer " + token).GET());
      assertThat(new JsonObject(log.body()).getJsonArray("entries")).isEmpty();
    }
  }
}
