package vn.egov.gateway.dev.agency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.egov.gateway.crypto.DevPki;
import vn.egov.gateway.crypto.SigningKeys;
import vn.egov.gateway.dossier.ExchangeTime;
import vn.egov.gateway.testing.BlockedThreadWatch;
import vn.egov.gateway.web.ClientCertificates;

/**
 * The mock agencies over real mutual TLS with the committed dev PKI. The gateway is a stub: its
 * discovery and JWKS over HTTP, and an agency listener over mutual TLS that records the reports.
 */
class MockAgencyServerTest {
  private static final Path CERTS = Path.of("certs-dev");
  private static final String AGENCY = "000.21.30.H26";
  private static final String PROBLEMS = "https://egov-gateway.vn/problems/";

  private Vertx vertx;
  private int blockedMark;
  private HttpServer stubGateway;
  private HttpServer stubAgencyApi;
  private String issuer;
  private MockAgencyServer server;
  private final List<WebClient> clients = new ArrayList<>();
  private final List<JsonObject> reports = new CopyOnWriteArrayList<>();
  private final AtomicInteger reportsToRefuse = new AtomicInteger();
  private ECKey signing;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx(BlockedThreadWatch.options());
    signing = SigningKeys.loadEcJwk(CERTS.resolve("gateway-signing-1.jwk"));
    SigningKeys keys = SigningKeys.load(List.of(CERTS.resolve("gateway-signing-1.jwk"), CERTS.resolve("gateway-signing-2.jwk")));
    String jwks = keys.publicJwks().toString();
    stubGateway = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)).requestHandler(req -> {
      if (req.path().equals("/.well-known/openid-configuration")) {
        req.response().putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("issuer", issuer).put("jwks_uri", issuer + "/jwks").encode());
      } else if (req.path().equals("/jwks")) {
        req.response().putHeader("Content-Type", "application/jwk-set+json").end(jwks);
      } else {
        req.response().setStatusCode(404).end();
      }
    }).listen().await();
    issuer = "http://localhost:" + stubGateway.actualPort();
    stubAgencyApi = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0).setSsl(true)
        .setKeyCertOptions(keyCert(CERTS, "gateway"))
        .setTrustOptions(new PemTrustOptions().addCertPath(CERTS.resolve("ca.crt").toString()))
        .setClientAuth(ClientAuth.REQUIRED)).requestHandler(req -> req.body().onSuccess(body -> {
          if (reportsToRefuse.getAndDecrement() > 0) {
            req.response().setStatusCode(503).end();
            return;
          }
          String cn = ClientCertificates.commonName(((java.security.cert.X509Certificate) peer(req)).getSubjectX500Principal())
              .orElse("?");
          reports.add(body.toJsonObject().put("_cn", cn).put("_path", req.path()));
          req.response().putHeader("Content-Type", "application/json")
              .end(new JsonObject().put("outcome", "APPLIED").encode());
        })).listen().await();
    blockedMark = BlockedThreadWatch.mark();
  }

  private static java.security.cert.Certificate peer(io.vertx.core.http.HttpServerRequest req) {
    try {
      return req.connection().peerCertificates().get(0);
    } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterEach
  void stop() {
    clients.forEach(WebClient::close);
    if (server != null) server.close().await();
    vertx.close().await();
    BlockedThreadWatch.assertNoneSince(blockedMark);
  }

  private MockAgencyConfig config() {
    return MockAgencyConfig.forTests(CERTS, URI.create(issuer), URI.create(issuer + "/.well-known/openid-configuration"),
        URI.create("https://localhost:" + stubAgencyApi.actualPort()));
  }

  private void startMock(MockAgencyConfig config) {
    server = MockAgencyServer.start(vertx, config).await();
  }

  // ------------------------------------------------------------------ delivery

  @Test
  void aSignedDossierIsStoredOnceByItsKey() throws Exception {
    startMock(config());
    String key = UUID.randomUUID().toString();
    String receipt = AGENCY + "-261127-0012";

    // When the gateway delivers, then retries with a fresh signature, then reuses the key for another dossier
    HttpResponse<Buffer> first = deliver(gatewayClient(), AGENCY, key, sign(claims(key, receipt, "Nguyễn Văn A").build()));
    HttpResponse<Buffer> retry = deliver(gatewayClient(), AGENCY, key,
        sign(claims(key, receipt, "Nguyễn Văn A").issueTime(new Date(System.currentTimeMillis() + 1000)).build()));
    HttpResponse<Buffer> other = deliver(gatewayClient(), AGENCY, key, sign(claims(key, receipt, "Trần Thị B").build()));

    // Then 201, 200 with the same body, 409
    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(201);
    assertThat(first.bodyAsJsonObject()).isEqualTo(new JsonObject().put("deliveryKey", key).put("receiptCode", receipt).put("agency", AGENCY));
    assertThat(retry.statusCode()).isEqualTo(200);
    assertThat(retry.bodyAsString()).isEqualTo(first.bodyAsString());
    assertProblem(other, 409, "idempotency-key-reused");

    // And the admin listener counts one dossier, three verified posts, two accepted
    JsonObject received = received("");
    assertThat(received.getLong("count")).isEqualTo(1);
    assertThat(received.getLong("duplicateReceiptCodeCount")).isZero();
    assertThat(received.getJsonObject("deliveries").getJsonObject(key)).isEqualTo(new JsonObject()
        .put("receiptCode", receipt).put("stored", true).put("posts", 3).put("accepted", 2));
    assertThat(received("?key=" + key).getJsonObject("deliveries").fieldNames()).containsExactly(key);
  }

  @Test
  void aDossierDeliveredUnderTwoKeysShowsAsADuplicate() throws Exception {
    startMock(config());
    String receipt = AGENCY + "-261127-0013";
    for (String key : List.of("k-1", "k-2")) {
      assertThat(deliver(gatewayClient(), AGENCY, key, sign(claims(key, receipt, "A").build())).statusCode()).isEqualTo(201);
    }
    JsonObject received = received("");
    assertThat(received.getLong("count")).isEqualTo(2);
    assertThat(received.getLong("duplicateReceiptCodeCount")).isEqualTo(1);
    assertThat(received.getJsonArray("duplicateReceiptCodes").getList()).containsExactly(receipt);
  }

  @Test
  void onlyTheGatewaysCertificateGetsIn(@TempDir Path otherPki) throws Exception {
    startMock(config());
    DevPki.generate(otherPki, Clock.systemUTC());
    String key = "k-tls";
    String jws = sign(claims(key, AGENCY + "-261127-0001", "A").build());

    // No certificate, or one from another CA: no handshake
    WebClient anonymous = track(WebClient.create(vertx, new WebClientOptions().setSsl(true).setVerifyHost(true)
        .setTrustOptions(new PemTrustOptions().addCertPath(CERTS.resolve("ca.crt").toString()))));
    assertThat(catchThrowable(() -> deliver(anonymous, AGENCY, key, jws))).isNotNull();
    assertThat(catchThrowable(() -> deliver(client(otherPki, "gateway-client"), AGENCY, key, jws))).isNotNull();
    // A dev-CA certificate with another CN (an agency's): 403
    assertProblem(deliver(client(CERTS, "agency-client"), AGENCY, key, jws), 403, "client-not-allowed");

    assertThat(received("").getLong("count")).isZero();
  }

  @Test
  void badSignaturesAndBadRequestsAreRefusedAndNothingIsStored() throws Exception {
    startMock(config());
    WebClient gw = gatewayClient();
    String receipt = AGENCY + "-261127-0002";
    String key = "k-bad";
    JWTClaimsSet good = claims(key, receipt, "A").build();

    String none = new PlainJWT(good).serialize();
    SignedJWT hs = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(DossierVerifier.TYPE).keyID("dev-gateway-1").build(), good);
    hs.sign(new MACSigner(new byte[32]));
    String wrongAud = sign(claims(key, receipt, "A").audience("000.22.30.H26").build());
    String wrongIss = sign(claims(key, receipt, "A").issuer("https://evil.example").build());
    String wrongTyp = sign(good, new JOSEObjectType("JWT"), signing);
    String noTyp = sign(good, null, signing);
    String[] parts = sign(good).split("\\.");
    String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
        claims(key, receipt, "B").build().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + parts[2];
    ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID("dev-gateway-9").generate();
    String unknownKid = sign(good, DossierVerifier.TYPE, stranger);
    String otherJti = sign(claims("another-key", receipt, "A").build());
    String foreignReceipt = sign(claims(key, "000.22.30.H26-261127-0002", "A").build());

    for (String jws : List.of(none, hs.serialize(), wrongAud, wrongIss, wrongTyp, noTyp, tampered, unknownKid, otherJti,
        foreignReceipt, "not a jws", "")) {
      assertProblem(deliver(gw, AGENCY, key, jws), 400, "invalid-dossier-jws");
    }
    // Missing or hostile idempotency keys
    assertProblem(deliver(gw, AGENCY, null, sign(good)), 400, "invalid-idempotency-key");
    assertProblem(deliver(gw, AGENCY, "a b", sign(good)), 400, "invalid-idempotency-key");
    // Wrong content type, unknown agency, oversized body
    HttpResponse<Buffer> json = gw.post(server.actualPort(), "localhost", "/agencies/" + AGENCY + "/dossiers")
        .putHeader("Content-Type", "application/json").putHeader("Idempotency-Key", key).sendBuffer(Buffer.buffer(sign(good))).await();
    assertProblem(json, 415, "unsupported-media-type");
    assertProblem(deliver(gw, "000.99.99.H26", key, sign(good)), 404, "unknown-agency");
    assertProblem(deliver(gw, AGENCY, key, "x".repeat(2 * 1024 * 1024)), 413, "payload-too-large");

    assertThat(received("").getLong("count")).isZero();
    // The good one still goes through afterwards
    assertThat(deliver(gw, AGENCY, key, sign(good)).statusCode()).isEqualTo(201);
  }

  // ------------------------------------------------------------------ simulations

  @Test
  void duringAnOutageEveryDeliveryGets503WithRetryAfter() throws Exception {
    startMock(config());
    WebClient admin = track(WebClient.create(vertx));
    String jws = sign(claims("k-out", AGENCY + "-261127-0003", "A").build());

    HttpResponse<Buffer> on = admin.post(server.adminPort(), "localhost", "/dev/outage").sendJsonObject(new JsonObject().put("down", true)).await();
    assertThat(on.bodyAsJsonObject().getBoolean("down")).isTrue();
    HttpResponse<Buffer> refused = deliver(gatewayClient(), AGENCY, "k-out", jws);
    assertProblem(refused, 503, "agency-unavailable");
    assertThat(refused.getHeader("Retry-After")).isEqualTo("1");

    admin.post(server.adminPort(), "localhost", "/dev/outage").sendJsonObject(new JsonObject().put("down", false)).await();
    assertThat(deliver(gatewayClient(), AGENCY, "k-out", jws).statusCode()).isEqualTo(201);
    // A malformed switch is refused
    assertProblem(admin.post(server.adminPort(), "localhost", "/dev/outage").sendBuffer(Buffer.buffer("{\"down\":\"yes\"}")).await(),
        400, "bad-request");
    assertProblem(admin.post(server.adminPort(), "localhost", "/dev/outage").sendBuffer(Buffer.buffer("[")).await(), 400, "bad-request");
  }

  @Test
  void aFailureAfterStoringLosesTheAnswerButNotTheDossier() throws Exception {
    startMock(config().withSimulation(new MockAgencyConfig.Simulation(1.0, 503, 1.0, Duration.ofSeconds(2), Duration.ZERO)));
    String key = "k-lost";

    HttpResponse<Buffer> r = deliver(gatewayClient(), AGENCY, key, sign(claims(key, AGENCY + "-261127-0004", "A").build()));

    assertProblem(r, 503, "simulated-failure");
    assertThat(r.getHeader("Retry-After")).isEqualTo("2");
    JsonObject d = received("").getJsonObject("deliveries").getJsonObject(key);
    assertThat(d.getBoolean("stored")).isTrue();
    assertThat(d.getInteger("accepted")).isZero();
  }

  @Test
  void aFailureBeforeStoringStoresNothing() throws Exception {
    startMock(config().withSimulation(new MockAgencyConfig.Simulation(1.0, 500, 0, Duration.ofSeconds(1), Duration.ZERO)));

    HttpResponse<Buffer> r = deliver(gatewayClient(), AGENCY, "k-500", sign(claims("k-500", AGENCY + "-261127-0005", "A").build()));

    assertProblem(r, 500, "simulated-failure");
    assertThat(received("").getLong("count")).isZero();
    assertThat(received("").getLong("failed")).isEqualTo(1);
  }

  // ------------------------------------------------------------------ status progression

  @Test
  void aStoredDossierIsReportedInOrderWithTheAgencysCertificateAndRetried() throws Exception {
    // Given an agency that always asks for more documents, and a gateway that refuses the first report once
    startMock(config().withProgression(new MockAgencyConfig.Progression(true, Duration.ZERO, Duration.ZERO, 1.0, Duration.ofMillis(20))));
    reportsToRefuse.set(1);
    String receipt = AGENCY + "-261127-0006";
    Instant receivedAt = Instant.now().plusSeconds(30);

    assertThat(deliver(gatewayClient(), AGENCY, "k-p", sign(claims("k-p", receipt, "A")
        .claim("received_at", ExchangeTime.format(receivedAt)).build())).statusCode()).isEqualTo(201);

    eventually(() -> reports.size() == 6);
    assertThat(reports).extracting(r -> r.getInteger("status")).containsExactly(2, 4, 5, 4, 9, 10);
    assertThat(reports).extracting(r -> r.getString("_cn")).containsOnly(AGENCY);
    assertThat(reports).extracting(r -> r.getString("_path")).containsOnly("/agency/v1/dossiers/" + receipt + "/status");
    assertThat(reports).extracting(r -> r.getString("reportId")).doesNotHaveDuplicates();
    List<Instant> times = reports.stream().map(r -> ExchangeTime.parse(r.getString("at")).toInstant()).toList();
    assertThat(times.get(0)).isAfter(receivedAt.minusSeconds(1));
    for (int i = 1; i < times.size(); i++) assertThat(times.get(i)).isAfter(times.get(i - 1));
    assertThat(reports.get(2).getString("note")).isNotBlank();
    eventually(() -> received("").getJsonObject("reports").getLong("finished") == 1);
    assertThat(received("").getJsonObject("reports").getLong("retried")).isEqualTo(1);
  }

  @Test
  void theProgressionPlanIsDeterministicGivenTheSeed() {
    var p = new MockAgencyConfig.Progression(true, Duration.ZERO, Duration.ZERO, 0.5, Duration.ofSeconds(1));
    var a = new StatusReporter(vertx, Map.of(), URI.create("https://localhost:1"), p, 42);
    var b = new StatusReporter(vertx, Map.of(), URI.create("https://localhost:1"), p, 42);
    List<List<Integer>> plans = new ArrayList<>();
    for (int i = 1; i <= 200; i++) {
      String code = AGENCY + "-261127-" + String.format("%04d", i);
      assertThat(a.plan(code)).isEqualTo(b.plan(code));
      plans.add(a.plan(code));
    }
    assertThat(plans).contains(List.of(2, 4, 9, 10), List.of(2, 4, 5, 4, 9, 10));
  }

  // ------------------------------------------------------------------ helpers

  /** When "the gateway" received the dossiers of a test: fixed, as on a real retry (only {@code iat} changes). */
  private final Instant receivedAt = Instant.now();

  private JWTClaimsSet.Builder claims(String key, String receipt, String name) {
    return new JWTClaimsSet.Builder()
        .issuer(issuer)
        .audience(AGENCY)
        .issueTime(Date.from(Instant.now()))
        .jwtID(key)
        .claim("receipt_code", receipt)
        .claim("procedure_code", "1.001612")
        .claim("received_at", ExchangeTime.format(receivedAt))
        .claim("due_at", ExchangeTime.format(receivedAt.plus(Duration.ofDays(3))))
        .claim("form", Map.of("hoTen", name, "diaChi", Map.of("tinh", "01", "xa", "00004")));
  }

  private String sign(JWTClaimsSet claims) throws Exception {
    return sign(claims, DossierVerifier.TYPE, signing);
  }

  private static String sign(JWTClaimsSet claims, JOSEObjectType type, ECKey key) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(type).keyID(key.getKeyID()).build(), claims);
    jwt.sign(new ECDSASigner(key));
    return jwt.serialize();
  }

  private HttpResponse<Buffer> deliver(WebClient client, String agency, String key, String jws) {
    var req = client.post(server.actualPort(), "localhost", "/agencies/" + agency + "/dossiers")
        .putHeader("Content-Type", "application/jose");
    if (key != null) req.putHeader("Idempotency-Key", key);
    return req.sendBuffer(Buffer.buffer(jws)).await();
  }

  private JsonObject received(String query) {
    WebClient admin = track(WebClient.create(vertx));
    HttpResponse<Buffer> r = admin.get(server.adminPort(), "localhost", MockAgencyServer.RECEIVED_PATH + query).send().await();
    assertThat(r.statusCode()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  private void eventually(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met within 20 s").isLessThan(deadline);
      vertx.timer(20).await();
    }
  }

  private static void assertProblem(HttpResponse<Buffer> r, int status, String type) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
    JsonObject p = r.bodyAsJsonObject();
    assertThat(p.getString("type")).isEqualTo(PROBLEMS + type);
    assertThat(p.getString("title_vi")).isNotBlank();
  }

  private WebClient gatewayClient() {
    return client(CERTS, "gateway-client");
  }

  private WebClient client(Path dir, String name) {
    return track(WebClient.create(vertx, new WebClientOptions().setSsl(true).setVerifyHost(true)
        .setTrustOptions(new PemTrustOptions().addCertPath(CERTS.resolve("ca.crt").toString()))
        .setKeyCertOptions(keyCert(dir, name))));
  }

  private WebClient track(WebClient c) {
    clients.add(c);
    return c;
  }

  private static PemKeyCertOptions keyCert(Path dir, String name) {
    return new PemKeyCertOptions().setCertPath(dir.resolve(name + ".crt").toString()).setKeyPath(dir.resolve(name + ".key").toString());
  }
}
