package vn.egov.gateway.prefill;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.pointer.JsonPointer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vn.egov.gateway.testing.Browser;
import vn.egov.gateway.testing.DevLogin;
import vn.egov.gateway.testing.DevStackHarness;

/**
 * Prefill over real HTTP in dev mode: the gateway reads the mock register over mutual TLS and
 * returns each shipped procedure's form with exactly the register's values, with provenance,
 * signed, released only with the scope, the consent and the level, and logged.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrefillApiTest {
  static final String ALL = "openid profile identity_number address phone email prefill";
  private DevStackHarness dev;
  private DevLogin login;
  private Vertx vertx;
  private WebClient registerClient;

  @BeforeAll
  void start() {
    dev = DevStackHarness.start(Map.of());
    login = new DevLogin(dev);
    vertx = Vertx.vertx();
    // The test reads the register itself, as the gateway does, to know the truth.
    registerClient = WebClient.create(vertx, new WebClientOptions().setSsl(true)
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath("certs-dev/gateway-client.crt").setKeyPath("certs-dev/gateway-client.key"))
        .setTrustOptions(new PemTrustOptions().addCertPath("certs-dev/ca.crt")));
  }

  @AfterAll
  void stop() {
    vertx.close().await();
    dev.close();
  }

  private JsonObject registerRecord(String id) {
    int port = dev.stack().register().actualPort();
    return registerClient.getAbs("https://localhost:" + port + "/api/v1/citizens/" + id).send().await().bodyAsJsonObject();
  }

  private HttpResponse<String> get(String path, String token) {
    return new Browser().send(HttpRequest.newBuilder(URI.create(dev.gatewayUrl() + path)).header("Authorization", "Bearer " + token).GET());
  }

  private JsonObject procedure(String code) {
    return new JsonObject(new Browser().get(dev.gatewayUrl() + "/api/v1/procedures/" + code).body());
  }

  @Test
  void theCatalogueListsTheFiveShippedProceduresWithoutAToken() {
    var r = new Browser().get(dev.gatewayUrl() + "/api/v1/procedures");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonArray list = new JsonObject(r.body()).getJsonArray("procedures");
    assertThat(list).hasSize(5);
    assertThat(list.stream().map(o -> ((JsonObject) o).getString("code")))
        .containsExactlyInAnyOrder("1.001612", "2.000720", "1.005099", "1.005100", "1.010811");
    var one = procedure("1.005099");
    assertThat(one.getJsonObject("form").getString("$schema")).isEqualTo("https://json-schema.org/draft/2020-12/schema");
    assertThat(new Browser().get(dev.gatewayUrl() + "/api/v1/procedures/9.999999").statusCode()).isEqualTo(404);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.001612", "2.000720", "1.005099", "1.005100", "1.010811"})
  void eachProcedureIsPrefilledWithExactlyTheRegistersValues(String code) throws Exception {
    JsonObject citizen = login.account(2, 0);
    String token = login.tokens(new Browser(), citizen, ALL, Map.of()).getString("access_token");
    var r = get("/api/v1/procedures/" + code + "/prefill", token);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject body = new JsonObject(r.body());
    JsonObject register = registerRecord(citizen.getString("identity_number"));
    JsonArray mappings = procedure(code).getJsonArray("prefill");

    // Only the mapped fields, each with provenance.
    Set<String> pointers = new HashSet<>();
    mappings.forEach(m -> pointers.add(((JsonObject) m).getString("field")));
    assertThat(body.getJsonObject("fields").fieldNames()).isEqualTo(pointers);
    for (Object o : mappings) {
      JsonObject m = (JsonObject) o;
      JsonObject field = body.getJsonObject("fields").getJsonObject(m.getString("field"));
      assertThat(field.getBoolean("locked")).isEqualTo(m.getBoolean("locked"));
      Object truth = JsonPointer.from("/" + m.getString("source").replace('.', '/')).queryJson(register);
      if (truth == null) {
        assertThat(field.getValue("value")).as(m.getString("field")).isNull();
        continue;
      }
      assertThat(field.getString("source")).isEqualTo("population-register");
      assertThat(field.getJsonObject("provenance")).isNotNull();
      if (truth instanceof JsonObject addr && addr.containsKey("communeCode")) {
        // Addresses may be converted to the 2025 units; the street detail is the register's.
        assertThat(((JsonObject) field.getValue("value")).getString("detail")).isEqualTo(addr.getString("detail"));
      } else {
        assertThat(field.getValue("value")).as(m.getString("field")).isEqualTo(truth);
      }
      assertThat(JsonPointer.from(m.getString("field")).queryJson(body.getJsonObject("values"))).isEqualTo(field.getValue("value"));
    }

    // The signature verifies against the gateway's JWKS, and fails once a value is changed.
    JWKSet jwks = JWKSet.parse(new Browser().get(dev.gatewayUrl() + "/jwks").body());
    SignedJWT jws = SignedJWT.parse(body.getString("signature"));
    assertThat(jws.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
    ECKey key = (ECKey) jwks.getKeyByKeyId(jws.getHeader().getKeyID());
    assertThat(jws.verify(new ECDSAVerifier(key))).isTrue();
    assertThat(jws.getJWTClaimsSet().getStringClaim("procedure")).isEqualTo(code);
    JsonObject claims = new JsonObject(jws.getPayload().toString());
    String anyPointer = claims.getJsonObject("values").fieldNames().iterator().next();
    claims.getJsonObject("values").put(anyPointer, "giá trị bị sửa");
    String[] parts = body.getString("signature").split("\\.");
    String tampered = parts[0] + "." + Base64URL.encode(claims.encode().getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    assertThat(SignedJWT.parse(tampered).verify(new ECDSAVerifier(key))).isFalse();
  }

  @Test
  void nothingBeyondTheConsentedScopesIsReleased() {
    JsonObject citizen = login.account(2, 1);
    String token = login.tokens(new Browser(), citizen, "openid profile prefill", Map.of()).getString("access_token");
    JsonObject body = new JsonObject(get("/api/v1/procedures/1.001612/prefill", token).body());
    JsonObject fields = body.getJsonObject("fields");
    assertThat(fields.getJsonObject("/applicant/fullName").getString("value")).isEqualTo(citizen.getString("name"));
    for (String withheld : new String[] {"/applicant/identityNumber", "/applicant/permanentAddress", "/applicant/phone", "/applicant/email"}) {
      assertThat(fields.getJsonObject(withheld).getValue("value")).as(withheld).isNull();
      assertThat(fields.getJsonObject(withheld).getBoolean("withheld")).as(withheld).isTrue();
    }
    assertThat(body.encode()).doesNotContain(citizen.getString("identity_number"));
  }

  @Test
  void aTokenWithoutThePrefillScopeIsRefused() {
    String token = login.tokens(new Browser(), login.account(2, 2), "openid profile", Map.of()).getString("access_token");
    var r = get("/api/v1/procedures/1.005099/prefill", token);
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(new JsonObject(r.body()).getString("type")).endsWith("/insufficient-scope");
    assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).contains("insufficient_scope");
  }

  @Test
  void aLevelOneLoginIsToldToAskForLevelTwo() {
    String token = login.tokens(new Browser(), login.account(1, 0), ALL, Map.of()).getString("access_token");
    var r = get("/api/v1/procedures/1.001612/prefill", token);
    assertThat(r.statusCode()).isEqualTo(403);
    JsonObject problem = new JsonObject(r.body());
    assertThat(problem.getString("type")).endsWith("/insufficient-assurance");
    assertThat(problem.getString("detail")).contains("acr_values=LoA2");
    assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).contains("acr_values=\"LoA2\"");
    // A LoA1 procedure is fine with the same token.
    assertThat(get("/api/v1/procedures/1.005099/prefill", token).statusCode()).isEqualTo(200);
  }

  @Test
  void aWithdrawnConsentStopsPrefillAndTheAccessLogHoldsEachReleaseOnly() {
    JsonObject citizen = login.account(2, 3);
    String token = login.tokens(new Browser(), citizen, ALL, Map.of()).getString("access_token");
    assertThat(get("/api/v1/procedures/1.005099/prefill", token).statusCode()).isEqualTo(200);
    assertThat(get("/api/v1/procedures/1.010811/prefill", token).statusCode()).isEqualTo(200);

    var withdraw = new Browser().send(HttpRequest.newBuilder(URI.create(dev.gatewayUrl() + "/api/v1/me/consents/demo-portal"))
        .header("Authorization", "Bearer " + token).DELETE());
    assertThat(withdraw.statusCode()).isEqualTo(204);
    var refused = get("/api/v1/procedures/1.005099/prefill", token);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(new JsonObject(refused.body()).getString("type")).endsWith("/consent-required");

    JsonArray entries = new JsonObject(get("/api/v1/me/data-access", token).body()).getJsonArray("entries");
    assertThat(entries).hasSize(2);
    JsonObject newest = entries.getJsonObject(0);
    assertThat(newest.getString("procedure")).isEqualTo("1.010811");
    assertThat(newest.getJsonObject("portal").getString("clientId")).isEqualTo("demo-portal");
    assertThat(newest.getJsonObject("legalBasis").getString("type")).isEqualTo("consent");
    assertThat(newest.getJsonObject("legalBasis").getString("consentedAt")).isNotNull();
    assertThat(newest.getJsonArray("attributes")).contains("fullName");
    assertThat(entries.getJsonObject(1).getString("procedure")).isEqualTo("1.005099");
  }
}
