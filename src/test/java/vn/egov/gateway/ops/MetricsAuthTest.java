package vn.egov.gateway.ops;

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
import vn.egov.gateway.testing.GatewayHarness;

/** {@code /metrics} behind the ops bearer token when one is configured; readiness stays open to probes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsAuthTest {
  private static final String TOKEN = "ops-metrics-token-0123456789abcdef-test";
  private GatewayHarness gateway;

  @BeforeAll
  void start() {
    gateway = GatewayHarness.start(Map.of("EGOV_OPS_METRICS_TOKEN", TOKEN));
  }

  @AfterAll
  void stop() {
    gateway.close();
  }

  private HttpResponse<String> metrics(String authorization) {
    var b = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/metrics")).GET();
    if (authorization != null) b.header("Authorization", authorization);
    return new Browser().send(b);
  }

  @Test
  void theRightTokenGetsTheScrape() {
    var r = metrics("Bearer " + TOKEN);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("vertx_http_server_requests_total", "egov_outbox_jobs");
  }

  @Test
  void noWrongOrHostileCredentialsGetProblemJson401() {
    for (String auth : new String[] {null, "Bearer wrong", "Bearer " + TOKEN + "x", "bearer " + TOKEN, "Basic " + TOKEN,
        "Bearer " + "A".repeat(6000), "Bearer " + TOKEN.substring(0, 10)}) {
      var r = metrics(auth);
      assertThat(r.statusCode()).as(String.valueOf(auth)).isIn(401, 431);
      if (r.statusCode() == 401) {
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
        JsonObject p = new JsonObject(r.body());
        assertThat(p.getString("title_vi")).isNotBlank();
        assertThat(r.body()).doesNotContain(TOKEN);
      }
    }
  }

  @Test
  void readinessAndLivenessNeedNoToken() {
    assertThat(new Browser().get(gateway.baseUrl() + "/health/live").statusCode()).isEqualTo(200);
    assertThat(new Browser().get(gateway.baseUrl() + "/health/ready").statusCode()).isIn(200, 503);
  }
}
