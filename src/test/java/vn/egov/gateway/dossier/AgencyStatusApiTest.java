package vn.egov.gateway.dossier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.egov.gateway.AgencyVerticle;
import vn.egov.gateway.config.AgencyApiConfig;
import vn.egov.gateway.store.SqlDossierStore;
import vn.egov.gateway.testing.FreePorts;
import vn.egov.gateway.testing.GatewayHarness;
import vn.egov.gateway.web.Messages;

/** The agency listener over real mutual TLS with the committed dev PKI, on the real gateway stack. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgencyStatusApiTest {
  private static final Path CERTS = Path.of("certs-dev");
  private static final String AGENCY = "000.21.30.H26";
  private static final String OTHER_AGENCY = "000.22.30.H26";
  private static final String PROBLEMS = "https://egov-gateway.vn/problems/";

  private GatewayHarness gateway;
  private SqlDossierStore store;
  private final List<WebClient> clients = new ArrayList<>();

  @BeforeAll
  void start() {
    gateway = GatewayHarness.start(Map.of());
    store = new SqlDossierStore(gateway.started().database());
  }

  @AfterEach
  void closeClients() {
    clients.forEach(WebClient::close);
    clients.clear();
  }

  @AfterAll
  void stop() {
    gateway.close();
  }

  // ------------------------------------------------------------------ recorded reports

  @Test
  void theDossiersAgencyReportsAStatusAndItBecomesCurrent() {
    // Given a dossier of agency 000.21.30.H26 received an hour ago
    String code = submit(AGENCY);
    Instant at = now().minus(Duration.ofMinutes(30));

    // When the agency reports "accepted" with its own certificate
    HttpResponse<Buffer> r = report(agencyClient(AGENCY), code, report("r-1", 2, at, "Đã tiếp nhận hồ sơ"));

    // Then it is applied, and the history keeps the report with its NFC note
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(r.bodyAsJsonObject()).isEqualTo(new JsonObject().put("receiptCode", code).put("outcome", "APPLIED").put("status", 2));
    DossierHistory h = history(code);
    assertThat(h.dossier().status()).isEqualTo(2);
    assertThat(h.changes()).hasSize(2);
    StatusChange last = h.changes().get(1);
    assertThat(last.reportId()).isEqualTo("r-1");
    assertThat(last.at()).isEqualTo(at.truncatedTo(ChronoUnit.SECONDS));
    assertThat(last.source()).isEqualTo(StatusChange.SOURCE_AGENCY);
    assertThat(last.note()).isEqualTo("Đã tiếp nhận hồ sơ");
  }

  @Test
  void aReplayedReportIsADuplicateAndChangesNothing() {
    String code = submit(AGENCY);
    JsonObject first = report("r-dup", 4, now().minus(Duration.ofMinutes(10)), null);
    assertThat(report(agencyClient(AGENCY), code, first).bodyAsJsonObject().getString("outcome")).isEqualTo("APPLIED");

    // When the same report comes again (the agency did not see our answer)
    HttpResponse<Buffer> again = report(agencyClient(AGENCY), code, first);

    // Then it is acknowledged as a duplicate and the history is unchanged
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.bodyAsJsonObject()).isEqualTo(new JsonObject().put("receiptCode", code).put("outcome", "DUPLICATE").put("status", 4));
    assertThat(history(code).changes()).hasSize(2);
  }

  @Test
  void anOlderReportJoinsTheHistoryWithoutMovingTheStatusBack() {
    String code = submit(AGENCY);
    Instant t = now().minus(Duration.ofMinutes(20));
    report(agencyClient(AGENCY), code, report("r-processing", 4, t, null));

    // When "accepted", which happened before "processing", arrives late
    HttpResponse<Buffer> late = report(agencyClient(AGENCY), code, report("r-accepted", 2, t.minus(Duration.ofMinutes(5)), null));

    // Then it is recorded out of order and the dossier stays "processing"
    assertThat(late.statusCode()).isEqualTo(200);
    assertThat(late.bodyAsJsonObject()).isEqualTo(new JsonObject().put("receiptCode", code).put("outcome", "OUT_OF_ORDER").put("status", 4));
    DossierHistory h = history(code);
    assertThat(h.dossier().status()).isEqualTo(4);
    assertThat(h.changes()).extracting(StatusChange::reportId).contains("r-processing", "r-accepted");
  }

  // ------------------------------------------------------------------ who may report

  @Test
  void anotherAgencysCertificateIsRefusedAndNothingIsStored() {
    String code = submit(AGENCY);

    // When 000.22.30.H26, and the unrelated 000.00.01.H26, report on 000.21.30.H26's dossier
    HttpResponse<Buffer> other = report(agencyClient(OTHER_AGENCY), code, report("r-x", 9, now(), null));
    HttpResponse<Buffer> stranger = report(client("agency-client"), code, report("r-y", 9, now(), null));
    HttpResponse<Buffer> gatewayItself = report(client("gateway-client"), code, report("r-z", 9, now(), null));

    // Then each gets 403 and the dossier is untouched
    for (HttpResponse<Buffer> r : List.of(other, stranger, gatewayItself)) {
      assertProblem(r, 403, "agency-not-allowed");
    }
    assertThat(history(code).changes()).hasSize(1);
    assertThat(history(code).dossier().status()).isEqualTo(1);
  }

  @Test
  void aClientWithoutACertificateDoesNotGetPastTheHandshake() {
    String code = submit(AGENCY);
    WebClient anonymous = track(WebClient.create(gateway.vertx(), new WebClientOptions().setSsl(true).setVerifyHost(true)
        .setTrustOptions(new PemTrustOptions().addCertPath(CERTS.resolve("ca.crt").toString()))));

    Throwable failure = catchThrowable(() -> anonymous.post(gateway.started().agencyPort(), "localhost",
        "/agency/v1/dossiers/" + code + "/status").putHeader("Content-Type", "application/json")
        .sendBuffer(report("r-anon", 9, now(), null).toBuffer()).await());

    assertThat(failure).isNotNull();
    assertThat(history(code).changes()).hasSize(1);
  }

  @Test
  void aClientCertificateFromAnotherCaDoesNotGetPastTheHandshake(@org.junit.jupiter.api.io.TempDir Path other) {
    vn.egov.gateway.crypto.DevPki.generate(other, Clock.systemUTC());
    String code = submit(AGENCY);
    WebClient foreign = track(WebClient.create(gateway.vertx(), new WebClientOptions().setSsl(true).setVerifyHost(true)
        .setTrustOptions(new PemTrustOptions().addCertPath(CERTS.resolve("ca.crt").toString()))
        .setKeyCertOptions(keyCert(other, "agency-" + AGENCY))));

    Throwable failure = catchThrowable(() -> report(foreign, code, report("r-foreign", 9, now(), null)));

    assertThat(failure).isNotNull();
    assertThat(history(code).changes()).hasSize(1);
  }

  @Test
  void anUnknownOrMalformedReceiptCodeIs404() {
    HttpResponse<Buffer> unknown = report(agencyClient(AGENCY), AGENCY + "-200101-0001", report("r-u", 2, now(), null));
    HttpResponse<Buffer> garbled = report(agencyClient(AGENCY), "not-a-receipt-code", report("r-g", 2, now(), null));

    assertProblem(unknown, 404, "dossier-not-found");
    assertProblem(garbled, 404, "dossier-not-found");
  }

  // ------------------------------------------------------------------ bad input

  @Test
  void malformedReportsAre400WithEveryErrorAndNothingIsStored() {
    String code = submit(AGENCY);
    WebClient agency = agencyClient(AGENCY);

    // Unknown field, status out of range, at in the wrong format, reportId with a space, too long a note
    JsonObject bad = new JsonObject().put("reportId", "r 1").put("status", 11).put("at", "2026-11-27T15:30:00")
        .put("note", "x".repeat(StatusReport.MAX_NOTE + 1)).put("extra", true);
    HttpResponse<Buffer> r = post(agency, code, "application/json", bad.toBuffer());
    assertProblem(r, 400, "invalid-status-report");
    JsonArray errors = r.bodyAsJsonObject().getJsonArray("errors");
    assertThat(errors.stream().map(e -> ((JsonObject) e).getString("pointer") + " " + ((JsonObject) e).getString("code")))
        .containsExactlyInAnyOrder("/reportId report-id", "/status status", "/at exchange-time", "/note too-long",
            "/extra unknown-field");
    assertThat(errors.getJsonObject(0).getString("message_vi")).isNotBlank();

    // Missing members, wrong types
    assertErrors(post(agency, code, "application/json", Buffer.buffer("{}")), "/reportId required", "/status required", "/at required");
    assertErrors(post(agency, code, "application/json", Buffer.buffer("{\"reportId\":1,\"status\":\"4\",\"at\":20261127153000}")),
        "/reportId type", "/status type", "/at type");
    assertErrors(post(agency, code, "application/json", Buffer.buffer("{\"reportId\":\"r\",\"status\":4.0,\"at\":\"20261127153000\"}")),
        "/status type");
    assertErrors(post(agency, code, "application/json", Buffer.buffer("{\"reportId\":\"r\",\"status\":99999999999,\"at\":\"20261127153000\"}")),
        "/status status");
    // Not a real date; in the future beyond the tolerance
    assertErrors(post(agency, code, "application/json", report("r", 4, now(), null).put("at", "20261331120000").toBuffer()),
        "/at exchange-time");
    assertErrors(post(agency, code, "application/json", report("r", 4, now().plus(Duration.ofHours(1)), null).toBuffer()),
        "/at in-future");
    // Not JSON, not an object, trailing garbage, duplicate members, invalid UTF-8, empty
    for (Buffer body : List.of(Buffer.buffer("{\"reportId\":"), Buffer.buffer("[1,2]"), Buffer.buffer("\"x\""),
        Buffer.buffer("{\"reportId\":\"r\",\"status\":4,\"at\":\"20261127153000\"} {}"),
        Buffer.buffer("{\"reportId\":\"r\",\"status\":2,\"status\":9,\"at\":\"20261127153000\"}"),
        Buffer.buffer(new byte[] {'{', '"', 'n', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}),
        Buffer.buffer())) {
      HttpResponse<Buffer> m = post(agency, code, "application/json", body);
      assertProblem(m, 400, "invalid-status-report");
      assertThat(m.bodyAsJsonObject().getJsonArray("errors")).isNotEmpty();
    }

    assertThat(history(code).changes()).hasSize(1);
    assertThat(history(code).dossier().status()).isEqualTo(1);
  }

  @Test
  void aWrongContentTypeIs415AndAnOversizedBodyIs413() {
    String code = submit(AGENCY);
    WebClient agency = agencyClient(AGENCY);
    Buffer good = report("r-ct", 2, now(), null).toBuffer();

    assertProblem(post(agency, code, "text/plain", good), 415, "unsupported-media-type");
    assertProblem(post(agency, code, "application/x-www-form-urlencoded", good), 415, "unsupported-media-type");
    assertProblem(post(agency, code, "application/json; charset=iso-8859-1", good), 415, "unsupported-media-type");
    assertProblem(post(agency, code, null, good), 415, "unsupported-media-type");
    JsonObject huge = report("r-big", 2, now(), "x".repeat(40_000));
    assertProblem(post(agency, code, "application/json", huge.toBuffer()), 413, "payload-too-large");

    assertThat(history(code).changes()).hasSize(1);
    // And a well-formed report with charset=utf-8 still goes through
    assertThat(post(agency, code, "application/json; charset=UTF-8", good).statusCode()).isEqualTo(200);
  }

  @Test
  void theAgencyListenerServesNothingElse() {
    HttpResponse<Buffer> r = agencyClient(AGENCY).get(gateway.started().agencyPort(), "localhost", "/.well-known/openid-configuration")
        .send().await();
    assertProblem(r, 404, "not-found");
    HttpResponse<Buffer> get = agencyClient(AGENCY).get(gateway.started().agencyPort(), "localhost",
        "/agency/v1/dossiers/" + AGENCY + "-260101-0001/status").send().await();
    assertThat(get.statusCode()).isIn(404, 405);
    assertThat(get.getHeader("Content-Type")).isEqualTo("application/problem+json");
  }

  @Test
  void thePortalListenerDoesNotServeTheAgencyApi() {
    String code = submit(AGENCY);
    WebClient plain = track(WebClient.create(gateway.vertx()));
    int port = Integer.parseInt(gateway.baseUrl().replaceAll(".*:", ""));

    HttpResponse<Buffer> r = plain.post(port, "localhost", "/agency/v1/dossiers/" + code + "/status")
        .putHeader("Content-Type", "application/json").sendBuffer(report("r-portal", 9, now(), null).toBuffer()).await();

    assertProblem(r, 404, "not-found");
    assertThat(history(code).changes()).hasSize(1);
  }

  // ------------------------------------------------------------------ the hook for portal notifications

  @Test
  void eachRecordedReportRaisesOneEventAndDuplicatesNone() {
    // Given an agency listener whose events are captured
    List<StatusChangeEvent> events = new CopyOnWriteArrayList<>();
    AgencyApiConfig base = gateway.config().agencyApi();
    AgencyApiConfig cfg = new AgencyApiConfig("127.0.0.1", FreePorts.next(), base.cert(), base.key(), base.trustedCa(),
        base.bodyLimit(), base.futureTolerance());
    AgencyVerticle listener = new AgencyVerticle(cfg, tls(cfg), store, e -> {
      events.add(e);
      return io.vertx.core.Future.succeededFuture();
    }, Messages.load("messages"), Clock.systemUTC());
    String deployment = gateway.vertx().deployVerticle(listener).await();
    try {
      String code = submit(AGENCY);
      Instant t = now().minus(Duration.ofMinutes(5));
      WebClient agency = agencyClient(AGENCY);

      postTo(agency, cfg.port(), code, report("e-1", 4, t, null));
      postTo(agency, cfg.port(), code, report("e-1", 4, t, null));
      postTo(agency, cfg.port(), code, report("e-2", 2, t.minus(Duration.ofMinutes(1)), null));

      assertThat(events).extracting(e -> e.report().reportId() + " " + e.update().outcome() + " " + e.update().currentStatus())
          .containsExactly("e-1 APPLIED 4", "e-2 OUT_OF_ORDER 4");
      assertThat(events.get(0).dossier().receiptCode()).isEqualTo(code);
      assertThat(events.get(0).dossier().clientId()).isEqualTo("portal-test");
    } finally {
      gateway.vertx().undeploy(deployment).await();
    }
  }

  // ------------------------------------------------------------------ helpers

  private String submit(String agency) {
    Instant received = now().minus(Duration.ofHours(1));
    var s = new NewSubmission("portal-test", UUID.randomUUID().toString(), "hash", "1.001612", agency, "citizen-1", "sub-1",
        "{\"a\":1}", received, received.plus(Duration.ofDays(3)), "test");
    return store.submit(s).await().receipt().receiptCode();
  }

  private DossierHistory history(String code) {
    return store.find(code).await().orElseThrow();
  }

  private static Instant now() {
    return Instant.now();
  }

  private static JsonObject report(String id, int status, Instant at, String note) {
    JsonObject o = new JsonObject().put("reportId", id).put("status", status).put("at", ExchangeTime.format(at));
    if (note != null) o.put("note", note);
    return o;
  }

  private HttpResponse<Buffer> report(WebClient client, String code, JsonObject body) {
    return post(client, code, "application/json", body.toBuffer());
  }

  private HttpResponse<Buffer> postTo(WebClient client, int port, String code, JsonObject body) {
    HttpResponse<Buffer> r = client.post(port, "localhost", "/agency/v1/dossiers/" + code + "/status")
        .putHeader("Content-Type", "application/json").sendBuffer(body.toBuffer()).await();
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r;
  }

  private HttpResponse<Buffer> post(WebClient client, String code, String contentType, Buffer body) {
    var req = client.post(gateway.started().agencyPort(), "localhost", "/agency/v1/dossiers/" + code + "/status");
    if (contentType != null) req.putHeader("Content-Type", contentType);
    return req.sendBuffer(body).await();
  }

  private static void assertProblem(HttpResponse<Buffer> r, int status, String type) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
    JsonObject p = r.bodyAsJsonObject();
    assertThat(p.getString("type")).isEqualTo(PROBLEMS + type);
    assertThat(p.getString("title")).isNotBlank();
    assertThat(p.getString("title_vi")).isNotBlank();
  }

  private static void assertErrors(HttpResponse<Buffer> r, String... expected) {
    assertProblem(r, 400, "invalid-status-report");
    assertThat(r.bodyAsJsonObject().getJsonArray("errors").stream()
        .map(e -> ((JsonObject) e).getString("pointer") + " " + ((JsonObject) e).getString("code")))
        .containsExactlyInAnyOrder(expected);
  }

  private WebClient agencyClient(String agency) {
    return client("agency-" + agency);
  }

  private WebClient client(String certName) {
    return track(WebClient.create(gateway.vertx(), new WebClientOptions().setSsl(true).setVerifyHost(true)
        .setTrustOptions(new PemTrustOptions().addCertPath(CERTS.resolve("ca.crt").toString()))
        .setKeyCertOptions(keyCert(CERTS, certName))));
  }

  private WebClient track(WebClient c) {
    clients.add(c);
    return c;
  }

  private static PemKeyCertOptions keyCert(Path dir, String name) {
    return new PemKeyCertOptions().setCertPath(dir.resolve(name + ".crt").toString()).setKeyPath(dir.resolve(name + ".key").toString());
  }

  private static AgencyVerticle.Tls tls(AgencyApiConfig c) {
    try {
      return new AgencyVerticle.Tls(Buffer.buffer(Files.readAllBytes(c.cert())), Buffer.buffer(Files.readAllBytes(c.key())),
          Buffer.buffer(Files.readAllBytes(c.trustedCa())));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
