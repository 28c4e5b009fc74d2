package vn.egov.gateway.ops;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.egov.gateway.testing.AgencyStub;
import vn.egov.gateway.testing.GatewayHarness;

/**
 * The statistics and overview API and the dashboard page on the real gateway over HTTP, with
 * dossiers of known figures in the store ({@link OpsSeed}) and an agency that is down, so that
 * every delivery ends as a dead letter: the API reproduces the figures exactly as JSON and CSV,
 * everything needs ops credentials, bad input is a problem, and the redrive is CSRF-guarded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpsStatisticsApiTest {
  private static final String OPS = "Basic " + Base64.getEncoder().encodeToString("ops:ops-dev-password".getBytes(StandardCharsets.UTF_8));
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private AgencyStub agency;
  private GatewayHarness gateway;
  private OpsSeed seed;

  @BeforeAll
  void start() {
    agency = AgencyStub.start();
    agency.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathMatching("/agencies/.+/dossiers")).willReturn(aResponse().withStatus(503)));
    Map<String, String> env = new HashMap<>();
    env.put("EGOV_AGENCIES_0_BASE_URL", agency.baseUrl(OpsSeed.AGENCY_A));
    env.put("EGOV_AGENCIES_1_BASE_URL", agency.baseUrl(OpsSeed.AGENCY_B));
    env.put("EGOV_DELIVERY_RETRY_BUDGET", "1");
    env.put("EGOV_DELIVERY_POLL_INTERVAL", "PT0.05S");
    env.put("EGOV_DELIVERY_BREAKER_MAX_FAILURES", "1000");
    gateway = GatewayHarness.start(env);
    seed = new OpsSeed(gateway.started().dossiers()).quarter().today();
  }

  @AfterAll
  void stop() {
    if (gateway != null) gateway.close();
    if (agency != null) agency.close();
  }

  private HttpResponse<String> get(String path, String authorization, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path)).GET();
    if (authorization != null) b.header("Authorization", authorization);
    if (headers.length > 0) b.headers(headers);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> post(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path)).POST(HttpRequest.BodyPublishers.noBody())
        .header("Authorization", OPS);
    if (headers.length > 0) b.headers(headers);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static JsonObject row(JsonObject report, String procedure) {
    return report.getJsonArray("rows").stream().map(o -> (JsonObject) o).filter(r -> r.getString("procedure").equals(procedure))
        .findFirst().orElseThrow(() -> new AssertionError("no row for " + procedure + " in " + report.encodePrettily()));
  }

  @Test
  void theQuarterIsReportedExactlyAsJson() throws Exception {
    HttpResponse<String> r = get("/ops/v1/statistics?period=2026-Q2", OPS);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonObject report = new JsonObject(r.body());
    assertThat(report.getJsonObject("period")).isEqualTo(new JsonObject().put("name", "2026-Q2").put("from", "2026-04-01")
        .put("to", "2026-07-01").put("timeZone", "Asia/Ho_Chi_Minh"));
    JsonObject household = row(report, OpsSeed.HOUSEHOLD);
    assertThat(household.getString("agency")).isEqualTo(OpsSeed.AGENCY_A);
    assertThat(household.getString("procedureName")).isEqualTo("Đăng ký thành lập hộ kinh doanh");
    assertThat(household.getLong("received")).isEqualTo(8);
    assertThat(household.getJsonObject("resolved")).isEqualTo(new JsonObject().put("total", 6).put("early", 3).put("onTime", 2).put("late", 1));
    assertThat(household.getJsonObject("inProgress")).isEqualTo(new JsonObject().put("total", 2).put("withinTime", 1).put("overdue", 1));
    assertThat(household.getString("onTimePercent")).isEqualTo("83.33");
    JsonObject school = row(report, OpsSeed.SCHOOL);
    assertThat(school.getLong("received")).isEqualTo(2);
    assertThat(school.getString("onTimePercent")).isEqualTo("50.00");
    JsonObject total = report.getJsonObject("total");
    assertThat(total.getLong("received")).isEqualTo(10);
    assertThat(total.getJsonObject("resolved")).isEqualTo(new JsonObject().put("total", 8).put("early", 3).put("onTime", 3).put("late", 2));
    assertThat(total.getJsonObject("inProgress").getLong("total")).isEqualTo(2);
    assertThat(total.getString("onTimePercent")).isEqualTo("75.00");

    // The same figures filtered by agency, and with English names.
    JsonObject onlyB = new JsonObject(get("/ops/v1/statistics?period=2026-Q2&agency=" + OpsSeed.AGENCY_B + "&lang=en", OPS).body());
    assertThat(onlyB.getJsonArray("rows")).hasSize(1);
    assertThat(row(onlyB, OpsSeed.SCHOOL).getString("procedureName")).isEqualTo("School transfer for primary pupils");
    assertThat(onlyB.getJsonObject("total").getLong("received")).isEqualTo(2);
    JsonObject none = new JsonObject(get("/ops/v1/statistics?period=2022-Q2", OPS).body());
    assertThat(none.getJsonArray("rows")).isEmpty();
    assertThat(none.getJsonObject("total").getLong("received")).isZero();
  }

  /** RFC 4180 records: quoted cells with doubled quotes, CRLF between records. */
  private static List<List<String>> parseCsv(String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        cells.add(cell.toString());
        cell.setLength(0);
      } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        cells.add(cell.toString());
        cell.setLength(0);
        records.add(cells);
        cells = new ArrayList<>();
        i++;
      } else {
        cell.append(c);
      }
    }
    assertThat(quoted).as("unterminated quote").isFalse();
    assertThat(cell.length() + cells.size()).as("the last record ends with CRLF").isZero();
    return records;
  }

  @Test
  void theSameFiguresComeAsACsvDownload() throws Exception {
    for (HttpResponse<String> r : List.of(get("/ops/v1/statistics?period=2026-Q2&format=csv", OPS),
        get("/ops/v1/statistics?period=2026-Q2", OPS, "Accept", "text/csv"))) {
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
      assertThat(r.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"egov-statistics-2026-Q2.csv\"");
      // A byte order mark first, so that spreadsheets read the Vietnamese names as UTF-8.
      assertThat(r.body()).startsWith("\uFEFF");
      List<List<String>> csv = parseCsv(r.body().substring(1));
      assertThat(csv).hasSize(4);
      List<String> header = csv.get(0);
      assertThat(header).containsExactly("period", "agency", "procedure", "procedure_name", "received", "resolved", "resolved_early",
          "resolved_on_time", "resolved_late", "in_progress", "in_progress_within_time", "in_progress_overdue", "on_time_percent");
      assertThat(csv.get(1)).containsExactly("2026-Q2", OpsSeed.AGENCY_A, OpsSeed.HOUSEHOLD, "Đăng ký thành lập hộ kinh doanh",
          "8", "6", "3", "2", "1", "2", "1", "1", "83.33");
      assertThat(csv.get(2)).containsExactly("2026-Q2", OpsSeed.AGENCY_B, OpsSeed.SCHOOL, "Chuyển trường đối với học sinh tiểu học",
          "2", "2", "0", "1", "1", "0", "0", "0", "50.00");
      assertThat(csv.get(3)).containsExactly("2026-Q2", "*", "*", "", "10", "8", "3", "3", "2", "2", "1", "1", "75.00");
      assertThat(Normalizer.isNormalized(r.body(), Normalizer.Form.NFC)).isTrue();
    }
    // format= wins over Accept; a range gets a file name without dots.
    HttpResponse<String> json = get("/ops/v1/statistics?period=2026-Q2&format=json", OPS, "Accept", "text/csv");
    assertThat(json.headers().firstValue("Content-Type")).hasValue("application/json");
    HttpResponse<String> range = get("/ops/v1/statistics?period=2026-04-01..2026-07-01&format=csv", OPS);
    assertThat(range.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"egov-statistics-2026-04-01_2026-07-01.csv\"");
    assertThat(parseCsv(range.body().substring(1)).get(3).get(4)).isEqualTo("10");
  }

  @Test
  void badPeriodsAndParametersAreProblems() throws Exception {
    for (String bad : List.of("", "2026-Q5", "2026-13", "Q2", "2026-04-10..2026-04-01", "1900-01-01..2026-01-01",
        "<script>alert(1)</script>", "2026-Q2' OR '1'='1", "x".repeat(2000), "%00", "%FF%FE", "2026-Q2%0d%0aSet-Cookie:x=1")) {
      HttpResponse<String> r = get("/ops/v1/statistics?period=" + (bad.startsWith("%") || bad.contains("%0d") ? bad
          : URLEncoder.encode(bad, StandardCharsets.UTF_8)), OPS);
      assertThat(r.statusCode()).as(bad).isEqualTo(400);
      assertThat(r.headers().firstValue("Content-Type")).as(bad).hasValue("application/problem+json");
      JsonObject problem = new JsonObject(r.body());
      assertThat(problem.getString("type")).as(bad).endsWith("/invalid-period");
      assertThat(problem.getString("title")).isEqualTo("The reporting period is invalid");
      assertThat(problem.getString("title_vi")).isEqualTo("Kỳ báo cáo không hợp lệ");
      assertThat(problem.getString("detail")).as(bad).startsWith("period ").contains("must")
          .hasSizeLessThan(300);
    }
    assertThat(new JsonObject(get("/ops/v1/statistics", OPS).body()).getString("type")).endsWith("/invalid-period");
    HttpResponse<String> format = get("/ops/v1/statistics?period=2026-Q2&format=xlsx", OPS);
    assertThat(format.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(format.body()).getString("type")).endsWith("/invalid-format");
    for (String param : List.of("agency=%27%3B--", "procedure=" + "9".repeat(100), "agency=a%20b")) {
      HttpResponse<String> r = get("/ops/v1/statistics?period=2026-Q2&" + param, OPS);
      assertThat(r.statusCode()).as(param).isEqualTo(400);
      assertThat(new JsonObject(r.body()).getString("type")).endsWith("/invalid-parameter");
    }
    // A request line over the server's limit is refused before any handler runs.
    assertThat(get("/ops/v1/statistics?period=" + "1".repeat(10_000), OPS).statusCode()).isBetween(400, 431);
  }

  @Test
  void everyOpsPageAndCallNeedsOpsCredentials() throws Exception {
    List<String> wrong = new ArrayList<>();
    wrong.add(null);
    wrong.add("Basic " + Base64.getEncoder().encodeToString("ops:wrong-password".getBytes(StandardCharsets.UTF_8)));
    wrong.add("Basic " + Base64.getEncoder().encodeToString("nobody:ops-dev-password".getBytes(StandardCharsets.UTF_8)));
    wrong.add("Bearer " + "a".repeat(40));
    for (String auth : wrong) {
      for (String path : List.of("/ops/v1/statistics?period=2026-Q2", "/ops/v1/statistics?period=2026-Q2&format=csv", "/ops/v1/overview",
          "/ops/dashboard", "/ops/dashboard/dashboard.js", "/ops/dashboard/dashboard.css")) {
        HttpResponse<String> r = get(path, auth);
        assertThat(r.statusCode()).as(path + " with " + auth).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"egov-gateway ops\", charset=\"UTF-8\"");
        assertThat(r.body()).doesNotContain("1.001612").doesNotContain("received");
      }
    }
  }

  @Test
  void theOverviewGivesTheLiveFigures() throws Exception {
    int all = seed.codes.size();
    HttpResponse<String> r = get("/ops/v1/overview", OPS);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonObject o = new JsonObject(r.body());

    // Whatever the forwarder has done with them by now, every accepted dossier has its one job.
    JsonObject outbox = o.getJsonObject("outbox");
    assertThat(outbox.getLong("accepted")).isEqualTo(all);
    assertThat(outbox.getLong("pending") + outbox.getLong("inFlight") + outbox.getLong("delivered") + outbox.getLong("dead")).isEqualTo(all);
    assertThat(outbox.getLong("delivered")).as("the agency is down").isZero();
    assertThat(outbox.getLong("oldestPendingAgeSeconds")).isNotNegative();
    // Today: the two received today, plus the two Q2 dossiers still open (carried over, now overdue).
    JsonObject today = o.getJsonObject("today");
    assertThat(today.getLong("received")).isEqualTo(4);
    assertThat(today.getLong("resolved")).isEqualTo(1);
    assertThat(today.getLong("onTime")).isEqualTo(1);
    assertThat(today.getLong("inProgress")).isEqualTo(3);
    assertThat(today.getLong("overdue")).isEqualTo(2);
    assertThat(today.getString("onTimePercent")).isEqualTo("100.00");
    assertThat(o.getJsonObject("month").getLong("received")).isEqualTo(4);
    JsonObject readiness = o.getJsonObject("readiness");
    assertThat(readiness.getJsonArray("checks").stream().map(c -> ((JsonObject) c).getString("id")))
        .contains("store", "national-idp", "population-register", "agencies");
    JsonObject store = readiness.getJsonArray("checks").stream().map(c -> (JsonObject) c)
        .filter(c -> c.getString("id").equals("store")).findFirst().orElseThrow();
    assertThat(store.getString("status")).isEqualTo("UP");
    assertThat(o.getJsonObject("breakers").fieldNames()).contains("population-register", "agency:" + OpsSeed.AGENCY_A);
    assertThat(o.getJsonObject("instance").getJsonObject("counters").fieldNames())
        .containsExactlyInAnyOrder("logins", "prefills", "dossiers", "deliveryAttempts");
    assertThat(r.body()).doesNotContain("ops-dev-password").doesNotContain("localhost:" + agency.server().httpsPort());
  }

  @Test
  void aRedriveFromAnotherSiteIsRefusedAndFromTheDashboardAccepted() throws Exception {
    // No dossier has this code: a call that passes the guard gets the handler's 404, one that does not gets 403.
    String path = "/ops/v1/dossiers/000.21.30.H26-261127-9999/redrive";
    String self = gateway.baseUrl().replaceAll("/+$", "");

    // A hostile page's form post or fetch: the browser adds the ops user's credentials, but says where it comes from.
    for (String[] headers : List.of(
        new String[] {"Origin", "https://evil.example", "X-Requested-With", "XMLHttpRequest"},
        new String[] {"Sec-Fetch-Site", "cross-site", "X-Requested-With", "XMLHttpRequest"},
        new String[] {"Sec-Fetch-Site", "same-site", "Origin", self, "X-Requested-With", "XMLHttpRequest"},
        new String[] {"Origin", "null", "X-Requested-With", "XMLHttpRequest"},
        new String[] {"Origin", self.replace("localhost", "127.0.0.1"), "X-Requested-With", "x"},
        new String[] {"Origin", self + ".evil.example", "X-Requested-With", "x"},
        new String[] {"Origin", "not a url", "X-Requested-With", "x"},
        new String[] {"Origin", self, "Sec-Fetch-Site", "same-origin"},
        new String[] {"Origin", self, "X-Requested-With", " "},
        new String[] {"Content-Type", "application/x-www-form-urlencoded"})) {
      HttpResponse<String> r = post(path, headers);
      assertThat(r.statusCode()).as(String.join(" ", headers)).isEqualTo(403);
      JsonObject problem = new JsonObject(r.body());
      assertThat(problem.getString("type")).endsWith("/cross-site-request");
      assertThat(problem.getString("title")).isEqualTo("The request did not come from the ops dashboard");
      assertThat(problem.getString("title_vi")).isNotBlank();
    }

    // The dashboard's own call (same origin, the custom header) and a script's (the header only) reach the handler.
    for (String[] headers : List.of(new String[] {"Origin", self, "Sec-Fetch-Site", "same-origin", "X-Requested-With", "XMLHttpRequest"},
        new String[] {"X-Requested-With", "curl"})) {
      HttpResponse<String> r = post(path, headers);
      assertThat(r.statusCode()).as(String.join(" ", headers)).isEqualTo(404);
      assertThat(new JsonObject(r.body()).getString("type")).endsWith("/dossier-not-found");
    }
    // Reading stays free of the header: GET is safe.
    assertThat(get("/ops/v1/dead-letters", OPS, "Origin", "https://evil.example").statusCode()).isEqualTo(200);
  }

  @Test
  void theDashboardPageIsServedWithItsOwnAssetsUnderTheStrictPolicy() throws Exception {
    HttpResponse<String> vi = get("/ops/dashboard", OPS);
    assertThat(vi.statusCode()).isEqualTo(200);
    assertThat(vi.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(vi.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp).startsWith("default-src 'self'"));
    assertThat(vi.body()).contains("<html lang=\"vi\">").contains("Bảng điều khiển vận hành").contains("Thống kê giải quyết hồ sơ")
        .contains("<script src=\"/ops/dashboard/dashboard.js\" defer></script>")
        .contains("<th scope=\"col\">Tiếp nhận</th>").contains("<label for=\"period\">Kỳ báo cáo</label>");
    assertThat(Normalizer.isNormalized(vi.body(), Normalizer.Form.NFC)).isTrue();
    // No inline code, nothing from another origin.
    assertThat(vi.body().replaceAll("<script type=\"application/json\" id=\"texts\">[^<]*</script>", ""))
        .doesNotContain("<script>").doesNotContain("onclick").doesNotContain("http://").doesNotContain("https://");

    HttpResponse<String> en = get("/ops/dashboard?lang=en&period=2026-Q2", OPS);
    assertThat(en.body()).contains("<html lang=\"en\">").contains("Operations dashboard").contains("value=\"2026-Q2\"")
        .contains("href=\"/ops/v1/statistics?period=2026-Q2&amp;format=csv&amp;lang=en\"");
    // A hostile period is not echoed; the page falls back to the current quarter.
    HttpResponse<String> hostile = get("/ops/dashboard?period=" + URLEncoder.encode("\"><script>alert(1)</script>", StandardCharsets.UTF_8), OPS);
    assertThat(hostile.statusCode()).isEqualTo(200);
    assertThat(hostile.body()).doesNotContain("alert(1)").containsPattern("value=\"\\d{4}-Q[1-4]\"");

    HttpResponse<String> js = get("/ops/dashboard/dashboard.js", OPS);
    assertThat(js.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
    assertThat(js.headers().firstValue("Cache-Control")).hasValue("private, max-age=300");
    assertThat(js.body()).contains("/ops/v1/overview").contains("X-Requested-With").doesNotContain("innerHTML").doesNotContain("eval(");
    assertThat(get("/ops/dashboard/dashboard.css", OPS).headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
    assertThat(get("/ops/dashboard/icon.svg", OPS).headers().firstValue("Content-Type")).hasValue("image/svg+xml");
  }
}
