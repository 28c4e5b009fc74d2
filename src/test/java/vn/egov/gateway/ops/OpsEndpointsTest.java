package vn.egov.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.egov.gateway.dev.register.MockRegisterConfig;
import vn.egov.gateway.dev.register.MockRegisterServer;
import vn.egov.gateway.testing.Browser;
import vn.egov.gateway.testing.DevLogin;
import vn.egov.gateway.testing.DevStackHarness;

/**
 * Health and metrics over real HTTP in dev mode: readiness per back end (red while the register
 * is down, green again after), probe storms served from one evaluation, and a Prometheus scrape
 * with the HTTP and domain series a dashboard needs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpsEndpointsTest {
  private DevStackHarness dev;
  private int registerPort;

  @BeforeAll
  void start() {
    dev = DevStackHarness.start(Map.of("EGOV_OPS_READINESS_CACHE", "PT1S", "EGOV_OPS_GAUGE_REFRESH", "PT1S",
        // A shared 2-core machine under load can take seconds for a TLS handshake.
        "EGOV_OPS_READINESS_TIMEOUT", "PT10S", "EGOV_REGISTER_TIMEOUT", "PT10S"));
    registerPort = dev.stack().register().actualPort();
  }

  @AfterAll
  void stop() {
    dev.close();
  }

  private HttpResponse<String> get(String path) {
    return new Browser().get(dev.gatewayUrl() + path);
  }

  private static JsonObject check(JsonObject health, String id) {
    for (Object o : health.getJsonArray("checks")) {
      JsonObject c = (JsonObject) o;
      if (c.getString("id").equals(id)) return c;
    }
    throw new AssertionError("no check " + id + " in " + health.encode());
  }

  /** Polls readiness until it answers {@code status}, within a deadline. */
  private HttpResponse<String> readyUntil(int status) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 15_000;
    HttpResponse<String> r;
    do {
      r = get("/health/ready");
      if (r.statusCode() == status) return r;
      Thread.onSpinWait();
    } while (System.currentTimeMillis() < deadline);
    throw new AssertionError("readiness stayed " + r.statusCode() + ": " + r.body());
  }

  @Test
  void readinessReportsEveryBackEndAndTurnsRedWhileTheRegisterIsDown() throws Exception {
    // Given the dev stack with every stand-in up
    var up = readyUntil(200);
    JsonObject body = new JsonObject(up.body());
    assertThat(body.getString("status")).isEqualTo("UP");
    assertThat(check(body, "store").getString("status")).isEqualTo("UP");
    assertThat(check(body, "national-idp").getJsonObject("data").getInteger("jwks_keys")).isPositive();
    assertThat(check(body, "population-register").getJsonObject("data").getString("breaker")).isEqualTo("CLOSED");
    assertThat(check(body, "agencies").getString("status")).isEqualTo("UP");
    assertThat(up.body()).doesNotContain("secret", "http://", "https://", "password");

    // When the register goes away, readiness turns red naming it
    dev.stack().register().close().await();
    var down = readyUntil(503);
    JsonObject red = new JsonObject(down.body());
    assertThat(red.getString("status")).isEqualTo("DOWN");
    assertThat(check(red, "population-register").getString("status")).isEqualTo("DOWN");
    assertThat(check(red, "store").getString("status")).isEqualTo("UP");
    assertThat(down.body()).doesNotContain("secret", "https://");

    // And when it is back on its port, green again
    Map<String, String> env = new HashMap<>();
    env.put("EGOV_MOCK_REGISTER_PORT", String.valueOf(registerPort));
    MockRegisterServer.start(dev.vertx(), MockRegisterConfig.load(Path.of("config/mock-register.yaml"), env)).await();
    JsonObject green = new JsonObject(readyUntil(200).body());
    assertThat(check(green, "population-register").getString("status")).isEqualTo("UP");
  }

  @Test
  void aStormOfProbesCostsTheBackEndsOneEvaluation() throws Exception {
    // Given a scrape of how often the register's health endpoint was asked so far
    readyUntil(200);
    double before = registerHealthCalls();
    // When 40 probes arrive at once
    long started = System.nanoTime();
    List<CompletableFuture<HttpResponse<String>>> probes = new ArrayList<>();
    var client = java.net.http.HttpClient.newHttpClient();
    for (int i = 0; i < 40; i++) {
      probes.add(client.sendAsync(HttpRequest.newBuilder(URI.create(dev.gatewayUrl() + "/health/ready")).build(),
          HttpResponse.BodyHandlers.ofString()));
    }
    // (on a loaded machine a probe may time out: the verdict, whichever, is shared)
    for (var p : probes) assertThat(p.get().statusCode()).as(p.get().body()).isIn(200, 503);
    // Then the register saw one probe per cache period (one second) at most, not forty
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;
    assertThat(registerHealthCalls() - before).isLessThanOrEqualTo(seconds + 2);
  }

  private double registerHealthCalls() {
    double sum = 0;
    for (String line : scrape().split("\n")) {
      if (line.startsWith("vertx_http_server_requests_total{") && line.contains("route=\"/health\"")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  private String scrape() {
    var r = get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (-?[0-9.eE+-]+|NaN|[+-]Inf)$");

  @Test
  void theScrapeIsPrometheusTextWithRouteTemplatesAndDomainSeries() {
    // Given a login with prefill, a prefill, and requests to paths that do not exist
    DevLogin login = new DevLogin(dev);
    JsonObject citizen = login.account(2, 3);
    String token = login.tokens(new Browser(), citizen, "openid profile prefill", Map.of()).getString("access_token");
    var prefill = new Browser().send(HttpRequest.newBuilder(URI.create(dev.gatewayUrl() + "/api/v1/procedures/1.001612/prefill"))
        .header("Authorization", "Bearer " + token).GET());
    assertThat(prefill.statusCode()).isEqualTo(200);
    for (int i = 0; i < 5; i++) get("/no-such-page-" + i + "-zq7");
    get("/api/v1/procedures/unknown-zq7");

    // When Prometheus scrapes
    var r = get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");

    // Then every line parses as the text format
    Map<String, List<String>> series = new HashMap<>();
    for (String line : r.body().split("\n")) {
      if (line.isBlank() || line.startsWith("#")) continue;
      Matcher m = SAMPLE.matcher(line);
      assertThat(m.matches()).as("sample line: %s", line).isTrue();
      series.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(m.group(2) == null ? "" : m.group(2));
    }
    // HTTP by route template and status, never by raw path
    assertThat(series.get("vertx_http_server_requests_total")).anyMatch(l -> l.contains("route=\"/token\"") && l.contains("code=\"200\""));
    assertThat(series.get("vertx_http_server_requests_total"))
        .anyMatch(l -> l.contains("route=\"/api/v1/procedures/:code/prefill\"") && l.contains("code=\"200\""));
    assertThat(r.body()).doesNotContain("zq7");
    assertThat(series).containsKey("vertx_http_server_response_time_seconds_bucket");
    // Domain series
    assertThat(series.get("egov_logins_total")).anyMatch(l -> l.contains("outcome=\"success\"") && l.contains("level=\"LoA2\""));
    assertThat(series.get("egov_prefills_total")).anyMatch(l -> l.contains("procedure=\"1.001612\"") && l.contains("outcome=\"success\""));
    assertThat(series.get("egov_breaker_state")).anyMatch(l -> l.contains("breaker=\"population-register\""));
    assertThat(series.get("egov_outbox_jobs")).anyMatch(l -> l.contains("state=\"pending\""));
    assertThat(series).containsKeys("egov_outbox_oldest_age_seconds", "egov_on_time_ratio", "egov_period_dossiers");
    assertThat(r.body()).doesNotContain(citizen.getString("identity_number"), token);

    // And the login, the consent and the release are in the audit chain, keyed, without the ID number
    // (the release's chain entry is written after the answer, with the next batch)
    var audit = new vn.egov.gateway.store.AuditStore(dev.stack().gateway().database());
    vn.egov.gateway.testing.Eventually.until(dev.vertx(), java.time.Duration.ofSeconds(5), "the release in the audit chain",
        () -> audit.entries(1, 10_000).await().stream().anyMatch(e -> e.type().equals("data-release")));
    List<vn.egov.gateway.store.AuditEntry> entries = audit.entries(1, 10_000).await();
    assertThat(entries).extracting(vn.egov.gateway.store.AuditEntry::type).contains("login", "consent", "data-release");
    assertThat(entries).allSatisfy(e -> assertThat(e.data()).doesNotContain(citizen.getString("identity_number")));
    JsonObject release = new JsonObject(entries.stream().filter(e -> e.type().equals("data-release")).reduce((a, b) -> b)
        .orElseThrow().data());
    assertThat(release.getString("procedure")).isEqualTo("1.001612");
    assertThat(release.getString("client")).isEqualTo("demo-portal");
    assertThat(new vn.egov.gateway.audit.AuditVerifier(audit).verify().await().ok()).isTrue();
  }

  @Test
  void liveAnswersWithoutAskingAnyBackEnd() {
    var r = get("/health/live");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(r.body()).getString("status")).isEqualTo("UP");
  }

  @Test
  void hostileReadinessRequestsGetNothingExtra() {
    assertThat(get("/health/ready/../../metrics").statusCode()).isIn(200, 404, 503);
    assertThat(get("/health/ready/store").statusCode()).isEqualTo(404);
    var post = new Browser().send(HttpRequest.newBuilder(URI.create(dev.gatewayUrl() + "/health/ready"))
        .POST(HttpRequest.BodyPublishers.ofString("x".repeat(100_000))));
    assertThat(post.statusCode()).isIn(405, 413);
    assertThat(new JsonArray().encode()).isEqualTo("[]");
  }
}
