package vn.egov.gateway.ops;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.egov.gateway.dossier.AgencyClient;
import vn.egov.gateway.dossier.NewSubmission;
import vn.egov.gateway.store.DossierStore;
import vn.egov.gateway.testing.AgencyStub;
import vn.egov.gateway.testing.Eventually;
import vn.egov.gateway.testing.GatewayHarness;

/**
 * The ops endpoints on the real gateway, with its forwarder delivering to a WireMock agency over
 * mutual TLS: a dossier whose retry budget is spent is listed as a dead letter, redriven by an ops
 * user and then delivered; credentials and receipt codes are checked first.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpsDeliveryTest {
  private static final String AGENCY = "000.21.30.H26";
  private static final String OPS = basic("ops", "ops-dev-password");
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private AgencyStub agency;
  private GatewayHarness gateway;
  private DossierStore dossiers;
  private int submitted;

  @BeforeAll
  void start() {
    agency = AgencyStub.start();
    Map<String, String> env = new HashMap<>();
    env.put("EGOV_AGENCIES_0_BASE_URL", agency.baseUrl("000.21.30.H26"));
    env.put("EGOV_AGENCIES_1_BASE_URL", agency.baseUrl("000.22.30.H26"));
    env.put("EGOV_DELIVERY_RETRY_BUDGET", "2");
    env.put("EGOV_DELIVERY_RETRY_INITIAL_BACKOFF", "PT0.01S");
    env.put("EGOV_DELIVERY_RETRY_MAX_BACKOFF", "PT0.05S");
    env.put("EGOV_DELIVERY_POLL_INTERVAL", "PT0.05S");
    env.put("EGOV_DELIVERY_BREAKER_MAX_FAILURES", "100");
    gateway = GatewayHarness.start(env);
    dossiers = gateway.started().dossiers();
  }

  @AfterAll
  void stop() {
    if (gateway != null) gateway.close();
    if (agency != null) agency.close();
  }

  @BeforeEach
  void agencyDown() {
    agency.server().resetAll();
    agency.server().stubFor(post(urlPathMatching("/agencies/.+/dossiers"))
        .willReturn(aResponse().withStatus(503).withBody("{\"title\":\"down\"}")));
  }

  private void agencyUp() {
    agency.server().resetAll();
    agency.server().stubFor(post(urlPathMatching("/agencies/.+/dossiers")).willReturn(aResponse().withStatus(201)));
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> send(String method, String path, String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path)).method(method,
        HttpRequest.BodyPublishers.noBody());
    if (authorization != null) b.header("Authorization", authorization);
    // What a script sends to pass the ops API's CSRF guard (OpsRequestGuard).
    if (!method.equals("GET")) b.header("X-Requested-With", "test");
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String submit() {
    int n = ++submitted;
    Instant now = Instant.now();
    return dossiers.submit(new NewSubmission("demo-portal", "ops-key-" + n, "hash", "1.001612", AGENCY, "c", "s",
        "{\"hoTen\":\"Trần Văn Bình\"}", now, now.plus(Duration.ofDays(3)), "test")).await().receipt().receiptCode();
  }

  /** Whether the agency received a dossier JWS for this receipt code. */
  private boolean deliveredTo(String code) {
    return agency.deliveries().stream().anyMatch(r -> {
      String payload = r.getBodyAsString().split("\\.")[1];
      return new JsonObject(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8))
          .getString("receipt_code").equals(code);
    });
  }

  private JsonArray deadLetters() throws Exception {
    HttpResponse<String> r = send("GET", "/ops/v1/dead-letters", OPS);
    assertThat(r.statusCode()).isEqualTo(200);
    return new JsonObject(r.body()).getJsonArray("deadLetters");
  }

  private static boolean lists(JsonArray dead, String code) {
    return dead.stream().anyMatch(o -> ((JsonObject) o).getString("receiptCode").equals(code));
  }

  @Test
  void aDeadLetterIsListedRedrivenByOpsAndThenDelivered() throws Exception {
    String code = submit();

    Eventually.until(gateway.vertx(), Duration.ofSeconds(20), "the job is a dead letter", () -> lists(deadLetters(), code));
    JsonObject dead = deadLetters().stream().map(o -> (JsonObject) o).filter(o -> o.getString("receiptCode").equals(code))
        .findFirst().orElseThrow();
    assertThat(dead.getString("agencyCode")).isEqualTo(AGENCY);
    assertThat(dead.getInteger("attempts")).isEqualTo(2);
    assertThat(dead.getString("lastError")).contains("HTTP 503").contains("retry budget of 2 attempts spent");
    assertThat(agency.deliveries()).hasSize(2);

    agencyUp();
    HttpResponse<String> redrive = send("POST", "/ops/v1/dossiers/" + code + "/redrive", OPS);
    assertThat(redrive.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(redrive.body())).isEqualTo(new JsonObject().put("receiptCode", code).put("redriven", 1));

    Eventually.until(gateway.vertx(), Duration.ofSeconds(20), "the redriven dossier reached the agency",
        () -> deliveredTo(code) && !lists(deadLetters(), code));
    // What the agency got verifies against the JWKS the gateway publishes, as an agency would check it.
    String jwksUri = new JsonObject(send("GET", "/.well-known/openid-configuration", null).body()).getString("jwks_uri");
    JWKSet jwks = JWKSet.parse(http.send(HttpRequest.newBuilder(URI.create(jwksUri)).build(), HttpResponse.BodyHandlers.ofString()).body());
    DefaultJWTProcessor<SecurityContext> verifier = new DefaultJWTProcessor<>();
    verifier.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(AgencyClient.TYPE));
    verifier.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, new ImmutableJWKSet<>(jwks)));
    var request = agency.deliveries().get(0);
    JWTClaimsSet claims = verifier.process(request.getBodyAsString(), null);
    assertThat(claims.getIssuer()).isEqualTo(gateway.baseUrl());
    assertThat(claims.getJWTID()).isEqualTo(request.getHeader("Idempotency-Key"));
    assertThat(claims.getStringClaim("receipt_code")).isEqualTo(code);

    // Replayed: nothing is dead any more.
    HttpResponse<String> again = send("POST", "/ops/v1/dossiers/" + code + "/redrive", OPS);
    assertThat(again.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(again.body()).getString("type")).endsWith("/no-dead-delivery");
  }

  @Test
  void withoutValidCredentialsEveryOpsCallIs401WithABasicChallenge() throws Exception {
    String code = "000.21.30.H26-261127-0001";
    for (String auth : new String[] {null, basic("ops", "wrong-password"), basic("nobody", "ops-dev-password"), "Basic !!!",
        "Bearer abc", "Basic " + Base64.getEncoder().encodeToString("no-colon".getBytes(StandardCharsets.UTF_8)),
        basic("ops", "x".repeat(5_000)), basic("ops", "ops-dev-password").toLowerCase()}) {
      for (String[] call : new String[][] {{"GET", "/ops/v1/dead-letters"}, {"POST", "/ops/v1/dossiers/" + code + "/redrive"}}) {
        HttpResponse<String> r = send(call[0], call[1], auth);
        assertThat(r.statusCode()).as(call[1] + " with " + auth).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"egov-gateway ops\", charset=\"UTF-8\"");
        assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
        JsonObject problem = new JsonObject(r.body());
        assertThat(problem.getString("title")).isEqualTo("Ops credentials are required");
        assertThat(problem.getString("title_vi")).isNotBlank();
      }
    }
  }

  @Test
  void unknownOrMalformedReceiptCodesAreProblems() throws Exception {
    HttpResponse<String> unknown = send("POST", "/ops/v1/dossiers/000.21.30.H26-261127-9999/redrive", OPS);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(unknown.body()).getString("type")).endsWith("/dossier-not-found");

    // An encoded dot segment is normalised away before routing (RFC 3986 section 6.2.2.3): no such route.
    assertThat(send("POST", "/ops/v1/dossiers/%2e%2e/redrive", OPS).statusCode()).isEqualTo(404);
    for (String bad : new String[] {"nonsense", "000.21.30.H26-261327-0001", "a".repeat(300), "%00", "%E2%80%AE0001"}) {
      HttpResponse<String> r = send("POST", "/ops/v1/dossiers/" + bad + "/redrive", OPS);
      assertThat(r.statusCode()).as(bad).isEqualTo(400);
      assertThat(new JsonObject(r.body()).getString("type")).endsWith("/invalid-receipt-code");
    }
    for (String limit : new String[] {"0", "-1", "1001", "ten", "99999999999"}) {
      HttpResponse<String> r = send("GET", "/ops/v1/dead-letters?limit=" + limit, OPS);
      assertThat(r.statusCode()).as(limit).isEqualTo(400);
      assertThat(new JsonObject(r.body()).getString("type")).endsWith("/invalid-limit");
    }
  }

  @Test
  void aDossierWithNothingDeadCannotBeRedriven() throws Exception {
    agencyUp();
    String code = submit();
    Eventually.until(gateway.vertx(), Duration.ofSeconds(20), "delivered", () -> deliveredTo(code));
    HttpResponse<String> r = send("POST", "/ops/v1/dossiers/" + code + "/redrive", OPS);
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(r.body()).getString("type")).endsWith("/no-dead-delivery");
  }
}
