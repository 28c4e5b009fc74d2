package vn.egov.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.egov.gateway.testing.GatewayHarness;

/**
 * Keeps the OpenAPI document true: the routes the running gateway and its agency listener serve
 * are exactly the operations the document lists, in both directions, and both the document and
 * its page are served.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiDocsRoutesTest {
  /**
   * Routes that are served but deliberately not in the document: citizen-facing pages that no
   * portal or agency calls. Each is reached only by a redirect inside the login flow.
   */
  private static final Set<String> NOT_API = Set.of(
      // The national IdP sends the citizen's browser back here (the gateway as relying party).
      "GET /login/callback",
      // The consent page and its form post (the HTML automation contract of DESIGN.md section 3).
      "GET /consent",
      "POST /consent");
  private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
  private static final Pattern PARAM = Pattern.compile(":([A-Za-z0-9_]+)");

  private GatewayHarness gateway;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start() {
    gateway = GatewayHarness.start(Map.of());
  }

  @AfterAll
  void stop() {
    gateway.close();
  }

  @Test
  void theDocumentListsExactlyTheRoutesTheGatewayServes() {
    // Given the routes of the running gateway's portal listener and the document's operations outside /agency
    Set<String> served = routes(gateway.started().verticle().routes());
    Set<String> documented = operations(ApiDocument.read(), false);

    // Then every served route is documented or knowingly excluded, and every documented operation is served
    Set<String> undocumented = new TreeSet<>(served);
    undocumented.removeAll(documented);
    undocumented.removeAll(NOT_API);
    Set<String> unserved = new TreeSet<>(documented);
    unserved.removeAll(served);
    assertThat(Map.of("routes the document lacks", undocumented, "documented operations no route serves", unserved))
        .allSatisfy((what, differences) -> assertThat(differences).as(what).isEmpty());
    assertThat(served).as("the exclusions are still routes").containsAll(NOT_API);
    assertThat(served).contains("GET /openapi.json", "GET /docs", "POST /api/v1/dossiers", "GET /api/v1/dossiers/{receiptCode}");
  }

  @Test
  void theAgencyOperationsAreExactlyWhatTheAgencyListenerServes() {
    // Given the agency listener's routes and the document's operations that carry the agency listener's server
    Set<String> served = routes(gateway.started().agency().routes());
    Set<String> documented = operations(ApiDocument.read(), true);

    // Then they are the same, and the portal listener serves none of them
    assertThat(served).isEqualTo(documented).containsExactly("POST /agency/v1/dossiers/{receiptCode}/status");
    assertThat(routes(gateway.started().verticle().routes())).doesNotContainAnyElementsOf(documented);
  }

  @Test
  void theDocumentIsServedWithTheIssuerAsItsServer() throws Exception {
    // When a tool fetches the document
    HttpResponse<String> r = get("/openapi.json");

    // Then it is the JSON document, naming this gateway and its agency listener
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonObject doc = new JsonObject(r.body());
    assertThat(doc.getString("openapi")).startsWith("3.1.");
    String issuer = gateway.baseUrl().replaceAll("/+$", "");
    assertThat(doc.getJsonArray("servers").getJsonObject(0).getString("url")).isEqualTo(issuer);
    assertThat(doc.getJsonObject("components").getJsonObject("securitySchemes").getJsonObject("oidc").getString("openIdConnectUrl"))
        .isEqualTo(issuer + "/.well-known/openid-configuration");
    JsonObject agencyServer = doc.getJsonObject("paths").getJsonObject("/agency/v1/dossiers/{receiptCode}/status")
        .getJsonArray("servers").getJsonObject(0);
    assertThat(agencyServer.getJsonObject("variables").getJsonObject("port").getString("default"))
        .isEqualTo(String.valueOf(gateway.started().agencyPort()));
    // And the discovery document it points at exists
    assertThat(get("/.well-known/openid-configuration").statusCode()).isEqualTo(200);
  }

  @Test
  void theDocsPageListsEveryOperationAndNeedsNothingFromOutside() throws Exception {
    // When a person opens the docs page
    HttpResponse<String> r = get("/docs");

    // Then it is HTML with every operation, its Vietnamese title, and every problem type
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    String html = r.body();
    JsonObject doc = ApiDocument.read();
    JsonObject paths = doc.getJsonObject("paths");
    int operations = 0;
    for (String path : paths.fieldNames()) {
      for (String method : METHODS) {
        JsonObject op = paths.getJsonObject(path).getJsonObject(method);
        if (op == null) continue;
        operations++;
        assertThat(html).as(method + " " + path).contains("id=\"op-" + op.getString("operationId") + "\"")
            .contains(method.toUpperCase(Locale.ROOT) + "</span><code>" + Html.esc(path) + "</code>")
            .contains(Html.esc(op.getString("x-title-vi")));
      }
    }
    assertThat(operations).isGreaterThan(25);
    for (String slug : doc.getJsonObject("x-problem-types").fieldNames()) assertThat(html).contains("id=\"problem-" + slug + "\"");
    assertThat(html).contains("id=\"schema-Problem\"", "id=\"schema-Receipt\"", "id=\"schema-StatusReport\"", "title_vi",
        "Idempotency-Key", "Retry-After", "WWW-Authenticate", "Nộp hồ sơ");

    // And it loads no script, stylesheet, image, font or frame from anywhere, so it works offline
    assertThat(html).doesNotContain("<script", "<link", "<img", "<iframe", "@import", "url(", "src=");
    // Every link is an anchor on the page or a path of this gateway
    Matcher href = Pattern.compile("href=\"([^\"]*)\"").matcher(html);
    while (href.find()) assertThat(href.group(1)).as("a link").matches("#[A-Za-z0-9_-]+|/[^/].*");
    // And the page's anchors resolve: every "#x" link has its id
    Matcher anchor = Pattern.compile("href=\"#([^\"]+)\"").matcher(html);
    while (anchor.find()) assertThat(html).as("the target of #" + anchor.group(1)).contains("id=\"" + anchor.group(1) + "\"");
  }

  // --- helpers --------------------------------------------------------------------------------------

  /**
   * "METHOD /path" for each route with methods, {@code :param} written {@code {param}}; routes without methods (request ids,
   * security headers, body, the ops authentication in front of /ops) are handlers, not endpoints.
   */
  private static Set<String> routes(List<Route> routes) {
    Set<String> out = new TreeSet<>();
    for (Route route : routes) {
      String path = route.getPath();
      Set<HttpMethod> methods = route.methods();
      if (methods == null || methods.isEmpty()) continue;
      // A route defined by a regular expression could not be compared with a path template.
      assertThat(path).as("the path of a " + methods + " route").isNotNull();
      String templated = PARAM.matcher(path).replaceAll("{$1}");
      for (HttpMethod m : methods) out.add(m.name() + " " + templated);
    }
    return out;
  }

  /** "METHOD /path" for each operation of the document, on the agency listener or on the portal one. */
  private static Set<String> operations(JsonObject doc, boolean agency) {
    Set<String> out = new TreeSet<>();
    JsonObject paths = doc.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      JsonArray servers = item.getJsonArray("servers");
      boolean onAgencyListener = servers != null && path.startsWith(ApiDocument.AGENCY_PREFIX);
      if (onAgencyListener != agency) continue;
      for (String method : METHODS) {
        if (item.containsKey(method)) out.add(method.toUpperCase(Locale.ROOT) + " " + path);
      }
    }
    return out;
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl().replaceAll("/+$", "") + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
