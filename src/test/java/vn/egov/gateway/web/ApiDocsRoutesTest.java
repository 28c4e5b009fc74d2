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
      "POST /consent",
      // The ops dashboard: a page for people (behind the ops credentials) and its own static files.
      "GET /ops/dashboard",
      "GET /ops/dashboard/dashboard.css",
      "GET /ops/dashboard/dashboard.js",
      "GET /ops/dashboard/icon.svg");
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

  @Test
  void realAnswersMatchTheDocumentedSchemasAndProblemTypes() throws Exception {
    // Given calls a portal or a probe can make without a token, each with the path template it is documented under
    record Call(String method, String path, String template, int status) {
    }
    List<Call> calls = List.of(
        new Call("GET", "/.well-known/openid-configuration", "/.well-known/openid-configuration", 200),
        new Call("GET", "/jwks", "/jwks", 200),
        new Call("GET", "/api/v1/procedures", "/api/v1/procedures", 200),
        new Call("GET", "/api/v1/procedures/1.005099", "/api/v1/procedures/{code}", 200),
        new Call("GET", "/api/v1/procedures/9.999999", "/api/v1/procedures/{code}", 404),
        new Call("GET", "/api/v1/procedures/1.005099/prefill", "/api/v1/procedures/{code}/prefill", 401),
        new Call("POST", "/api/v1/dossiers", "/api/v1/dossiers", 401),
        new Call("GET", "/api/v1/dossiers/000.21.30.H26-261127-0012", "/api/v1/dossiers/{receiptCode}", 401),
        new Call("GET", "/api/v1/me/consents", "/api/v1/me/consents", 401),
        new Call("GET", "/ops/v1/dead-letters", "/ops/v1/dead-letters", 401),
        new Call("GET", "/health/live", "/health/live", 200),
        new Call("GET", "/userinfo", "/userinfo", 401));
    JsonObject doc = ApiDocument.read();
    for (Call c : calls) {
      // When it is made
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + c.path()))
          .method(c.method(), HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

      // Then the status, the content type and the body are the documented ones
      String where = c.method() + " " + c.path();
      assertThat(r.statusCode()).as(where).isEqualTo(c.status());
      JsonObject response = resolve(doc, doc.getJsonObject("paths").getJsonObject(c.template())
          .getJsonObject(c.method().toLowerCase(Locale.ROOT)).getJsonObject("responses").getJsonObject(String.valueOf(c.status())));
      assertThat(response).as(where + " documents " + c.status()).isNotNull();
      String type = r.headers().firstValue("Content-Type").orElse("").split(";")[0].trim();
      JsonObject media = response.getJsonObject("content").getJsonObject(type);
      assertThat(media).as(where + " documents " + type).isNotNull();
      Object body = r.body().startsWith("[") ? new JsonArray(r.body()) : new JsonObject(r.body());
      JsonObject schema = media.getJsonObject("schema").copy().put("components", new JsonObject()
          .put("schemas", doc.getJsonObject("components").getJsonObject("schemas").copy()));
      var result = io.vertx.json.schema.Validator.create(io.vertx.json.schema.JsonSchema.of(schema), new io.vertx.json.schema.JsonSchemaOptions()
          .setDraft(io.vertx.json.schema.Draft.DRAFT202012).setBaseUri("https://egov-gateway.invalid/")
          .setOutputFormat(io.vertx.json.schema.OutputFormat.Basic)).validate(body);
      assertThat(result.getValid()).as(where + " body " + r.body() + " against the schema: " + result.getErrors()).isTrue();
      if (type.equals("application/problem+json")) {
        String slug = ((JsonObject) body).getString("type").substring(Problem.TYPE_BASE.length());
        assertThat(response.getJsonArray("x-problem-types").getList()).as(where + " problem types").contains(slug);
      }
      for (String header : response.getJsonObject("headers", new JsonObject()).fieldNames()) {
        if (header.equals("WWW-Authenticate") && c.status() == 401) assertThat(r.headers().firstValue(header)).as(where + " " + header).isPresent();
      }
    }
  }

  @Test
  void theDocsRoutesRefuseOtherMethodsAndIgnoreHostileInput() throws Exception {
    // When the document is posted to, or fetched under a longer path, or with script in the query
    HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base() + "/openapi.json"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"openapi\":\"3.0.0\"}")).header("Content-Type", "application/json").build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> longer = get("/docs/../openapi.json.bak");
    HttpResponse<String> hostile = get("/docs?q=%3Cscript%3Ealert(1)%3C/script%3E");
    HttpResponse<String> again = get("/docs");

    // Then other methods get a problem, nothing is echoed, and the page is the same every time
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(longer.statusCode()).isEqualTo(404);
    assertThat(get("/docs/extra").statusCode()).isEqualTo(404);
    assertThat(hostile.statusCode()).isEqualTo(200);
    assertThat(hostile.body()).doesNotContain("<script").isEqualTo(again.body());
    assertThat(get("/openapi.json").body()).isEqualTo(get("/openapi.json").body());
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
    return http.send(HttpRequest.newBuilder(URI.create(base() + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private String base() {
    return gateway.baseUrl().replaceAll("/+$", "");
  }

  private static JsonObject resolve(JsonObject doc, JsonObject o) {
    if (o == null || o.getString("$ref") == null) return o;
    return (JsonObject) io.vertx.core.json.pointer.JsonPointer.from(o.getString("$ref").substring(1)).queryJson(doc);
  }
}
