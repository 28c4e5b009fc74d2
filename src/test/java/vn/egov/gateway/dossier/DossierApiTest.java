package vn.egov.gateway.dossier;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.egov.gateway.testing.Browser;
import vn.egov.gateway.testing.DevLogin;
import vn.egov.gateway.testing.DevStackHarness;
import vn.egov.gateway.testing.DossierForms;

/**
 * Submission over real HTTP in dev mode (DESIGN.md section 5): a citizen's prefilled dossier is
 * accepted once per Idempotency-Key with a receipt code and a due date, and bad input of every
 * kind gets its exact problem with nothing stored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DossierApiTest {
  static final String SCOPES = "openid profile identity_number address phone email prefill";
  static final String SCHOOL = "1.005099";
  private DevStackHarness dev;
  private DevLogin login;
  private String token;
  private String prefill;
  private JsonObject form;

  @BeforeAll
  void start() {
    dev = DevStackHarness.start(Map.of());
    login = new DevLogin(dev);
    token = login.tokens(new Browser(), login.account(1, 3), SCOPES, Map.of()).getString("access_token");
    JsonObject prefilled = new JsonObject(get("/api/v1/procedures/" + SCHOOL + "/prefill", token).body());
    prefill = prefilled.getString("signature");
    form = DossierForms.fromPrefill(prefilled, DossierForms.schoolTransferTypedIn());
  }

  @AfterAll
  void stop() {
    dev.close();
  }

  private HttpResponse<String> get(String path, String bearer) {
    return new Browser().send(HttpRequest.newBuilder(URI.create(dev.gatewayUrl() + path)).header("Authorization", "Bearer " + bearer).GET());
  }

  private HttpResponse<String> submit(String key, String contentType, byte[] body, String bearer) {
    var b = HttpRequest.newBuilder(URI.create(dev.gatewayUrl() + "/api/v1/dossiers"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (bearer != null) b.header("Authorization", "Bearer " + bearer);
    if (contentType != null) b.header("Content-Type", contentType);
    if (key != null) b.header("Idempotency-Key", key);
    return new Browser().send(b);
  }

  private HttpResponse<String> submit(String key, JsonObject body) {
    return submit(key, "application/json", body.encode().getBytes(java.nio.charset.StandardCharsets.UTF_8), token);
  }

  private JsonObject dossier() {
    return new JsonObject().put("procedure", SCHOOL).put("form", form.copy()).put("prefill", prefill);
  }

  private int myDossierCount() {
    return new JsonObject(get("/api/v1/me/dossiers", token).body()).getJsonArray("dossiers").size();
  }

  private static JsonObject problem(HttpResponse<String> r, int status, String type) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonObject p = new JsonObject(r.body());
    assertThat(p.getString("type")).endsWith("/" + type);
    assertThat(p.getString("title_vi")).isNotBlank();
    return p;
  }

  @Test
  void anAcceptedDossierHasAReceiptCodeADueDateAndAHistoryTheCitizenCanRead() {
    var r = submit(UUID.randomUUID().toString(), dossier());

    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    JsonObject receipt = new JsonObject(r.body());
    String code = receipt.getString("receiptCode");
    assertThat(code).matches("000\\.22\\.30\\.H26-\\d{6}-\\d{4}");
    assertThat(r.headers().firstValue("Location")).hasValue("/api/v1/dossiers/" + code);
    assertThat(receipt.getInteger("status")).isEqualTo(1);
    assertThat(receipt.getJsonObject("statusName").getString("vi")).isEqualTo("Mới đăng ký");
    OffsetDateTime received = OffsetDateTime.parse(receipt.getString("receivedAt"));
    OffsetDateTime due = OffsetDateTime.parse(receipt.getString("dueAt"));
    assertThat(received.getOffset().getTotalSeconds()).isEqualTo(7 * 3600);
    assertThat(due).isAfter(received);
    // Nine working days at most, or 60 minutes on a Green Tuesday: never more than five weeks.
    assertThat(due).isBefore(received.plusWeeks(5));
    assertThat(receipt.getJsonObject("dueProvenance").getString("vi")).isNotBlank();

    var read = get("/api/v1/dossiers/" + code, token);
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    JsonObject stored = new JsonObject(read.body());
    assertThat(stored.getInteger("status")).isEqualTo(1);
    assertThat(stored.getJsonArray("history")).hasSize(1);
    assertThat(stored.getJsonArray("history").getJsonObject(0).getString("source")).isEqualTo("gateway");
    assertThat(stored.getJsonObject("form")).isEqualTo(form);

    JsonArray mine = new JsonObject(get("/api/v1/me/dossiers", token).body()).getJsonArray("dossiers");
    assertThat(mine.stream().map(o -> ((JsonObject) o).getString("receiptCode"))).contains(code);
  }

  @Test
  void anAcceptedDossierIsAuditedCountedAndDeliveredToItsAgency() throws Exception {
    String code = new JsonObject(submit(UUID.randomUUID().toString(), dossier()).body()).getString("receiptCode");

    var audit = new vn.egov.gateway.store.AuditStore(dev.stack().gateway().database());
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
    List<String> types;
    do {
      Thread.sleep(50);
      types = audit.entries(0, 100_000).await().stream().filter(e -> e.data().contains(code)).map(e -> e.type()).toList();
    } while (!types.contains("delivery") && System.nanoTime() < deadline);
    // Accepted, then delivered by the forwarder to the embedded mock agency.
    assertThat(types).startsWith("submission").contains("delivery");
    String metrics = new Browser().get(dev.gatewayUrl() + "/metrics").body();
    assertThat(metrics).containsPattern("egov_dossiers_total\\{[^}]*state=\"accepted\"[^}]*\\} [1-9]");
    assertThat(metrics).containsPattern("egov_delivery_attempts_total\\{[^}]*outcome=\"delivered\"");
  }

  @Test
  void theSameKeyAndBodyReplaysTheAnswerAndAnotherBodyIsRefused() {
    String key = UUID.randomUUID().toString();
    var first = submit(key, dossier());
    int count = myDossierCount();

    var again = submit(key, dossier());
    assertThat(again.statusCode()).isEqualTo(202);
    assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    assertThat(new JsonObject(again.body())).isEqualTo(new JsonObject(first.body()));

    JsonObject other = dossier();
    other.getJsonObject("form").getJsonObject("reason").put("detail", "Lý do khác");
    problem(submit(key, other), 422, "idempotency-key-reused");
    assertThat(myDossierCount()).isEqualTo(count);
  }

  @Test
  void concurrentDuplicatesStoreOneDossier() throws Exception {
    String key = UUID.randomUUID().toString();
    int before = myDossierCount();
    List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
    var pool = Executors.newFixedThreadPool(8);
    try {
      for (int i = 0; i < 8; i++) all.add(CompletableFuture.supplyAsync(() -> submit(key, dossier()), pool));
      List<String> codes = new ArrayList<>();
      for (var f : all) {
        var r = f.get();
        // Each is either the stored answer (first or replay) or "in progress, retry".
        assertThat(r.statusCode()).as(r.body()).isIn(202, 409);
        if (r.statusCode() == 202) codes.add(new JsonObject(r.body()).getString("receiptCode"));
        else assertThat(r.headers().firstValue("Retry-After")).isPresent();
      }
      assertThat(codes).isNotEmpty();
      assertThat(codes).allMatch(codes.get(0)::equals);
    } finally {
      pool.shutdownNow();
    }
    assertThat(myDossierCount()).isEqualTo(before + 1);
  }

  @Test
  void missingOrMalformedIdempotencyKeysAreRefused() {
    byte[] body = dossier().encode().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    int before = myDossierCount();
    problem(submit(null, "application/json", body, token), 400, "idempotency-key-required");
    problem(submit("short", "application/json", body, token), 400, "idempotency-key-invalid");
    problem(submit("x".repeat(129), "application/json", body, token), 400, "idempotency-key-invalid");
    problem(submit("key with spaces inside", "application/json", body, token), 400, "idempotency-key-invalid");
    // A structured-field string is the header's defined form.
    assertThat(submit("\"" + UUID.randomUUID() + "\"", "application/json", body, token).statusCode()).isEqualTo(202);
    assertThat(myDossierCount()).isEqualTo(before + 1);
  }

  @Test
  void badInputGetsItsExactProblemAndNothingIsStored() {
    int before = myDossierCount();
    String key = UUID.randomUUID().toString();
    byte[] body = dossier().encode().getBytes(java.nio.charset.StandardCharsets.UTF_8);

    problem(submit(key, "application/json", body, null), 401, "invalid-token");
    problem(submit(key, "application/json", body, "not-a-token"), 401, "invalid-token");
    problem(submit(key, "text/plain", body, token), 415, "unsupported-media-type");
    problem(submit(key, null, body, token), 415, "unsupported-media-type");
    problem(submit(key, "application/json", "{\"procedure\":".getBytes(), token), 400, "malformed-json");
    problem(submit(key, "application/json", "[1,2]".getBytes(), token), 400, "malformed-json");
    problem(submit(key, "application/json", new byte[] {'{', '"', (byte) 0xC3, '"', ':', '1', '}'}, token), 400, "malformed-json");
    byte[] huge = ("{\"procedure\":\"" + SCHOOL + "\",\"form\":{\"x\":\"" + "a".repeat(70_000) + "\"}}").getBytes();
    assertThat(submit(key, "application/json", huge, token).statusCode()).isEqualTo(413);

    JsonObject unknown = dossier().put("procedure", "9.999999");
    problem(submit(key, unknown), 422, "unknown-procedure");
    JsonObject extra = dossier().put("callbackUrl", "http://attacker.example/");
    assertThat(problem(submit(key, extra), 422, "validation-failed").getJsonArray("errors").getJsonObject(0).getString("pointer"))
        .isEqualTo("/callbackUrl");
    JsonObject noForm = dossier();
    noForm.remove("form");
    problem(submit(key, noForm), 422, "validation-failed");

    JsonObject invalid = dossier();
    invalid.getJsonObject("form").getJsonObject("student").put("grade", 9);
    JsonObject p = problem(submit(key, invalid), 422, "validation-failed");
    assertThat(p.getJsonArray("errors").stream().map(o -> ((JsonObject) o).getString("pointer"))).contains("/student/grade");

    // After all that, the key is still free: nothing was stored half-way.
    assertThat(submit(key, dossier()).statusCode()).isEqualTo(202);
    assertThat(myDossierCount()).isEqualTo(before + 1);
  }

  @Test
  void tamperedLockedFieldsAndInconsistentIdNumbersAreRefusedWithTheirFieldsAndNothingIsStored() {
    int before = myDossierCount();
    JsonObject tampered = dossier();
    tampered.getJsonObject("form").getJsonObject("applicant").put("fullName", "Người Khác");
    JsonObject p = problem(submit(UUID.randomUUID().toString(), tampered), 422, "validation-failed");
    assertThat(p.getJsonArray("errors").stream().map(o -> (JsonObject) o)
        .filter(e -> e.getString("pointer").equals("/applicant/fullName")).map(e -> e.getString("code")))
        .containsExactly("locked-field-changed");

    JsonObject badId = dossier();
    // Century/sex digit 3 says a girl born in the 2000s; the form says a boy.
    badId.getJsonObject("form").getJsonObject("student").put("identityNumber", "001318012345");
    JsonObject q = problem(submit(UUID.randomUUID().toString(), badId), 422, "validation-failed");
    assertThat(q.getJsonArray("errors").stream().map(o -> ((JsonObject) o).getString("code"))).contains("identity-number-sex-mismatch");

    JsonObject forged = dossier().put("prefill", prefill.substring(0, prefill.length() - 4) + "AAAA");
    problem(submit(UUID.randomUUID().toString(), forged), 422, "validation-failed");
    assertThat(myDossierCount()).isEqualTo(before);
  }

  @Test
  void aDossierFiledWithoutPrefillIsAcceptedWithItsLockedFieldsMarkedUnverified() {
    JsonObject unsigned = dossier();
    unsigned.remove("prefill");
    var r = submit(UUID.randomUUID().toString(), unsigned);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    String code = new JsonObject(r.body()).getString("receiptCode");
    var stored = dev.stack().gateway().dossiers().find(code).await().orElseThrow().dossier();
    var warnings = new JsonArray(stored.warnings());
    assertThat(warnings.stream().map(o -> ((JsonObject) o).getString("code"))).contains("prefill-missing");
    assertThat(warnings.stream().map(o -> ((JsonObject) o).getString("pointer"))).contains("/applicant/fullName");
  }

  @Test
  void aProcedureAtLevelTwoRefusesALevelOneLoginWithAStepUpChallenge() {
    JsonObject business = new JsonObject().put("procedure", "1.001612").put("form", new JsonObject());
    var r = submit(UUID.randomUUID().toString(), business);
    problem(r, 403, "insufficient-assurance");
    assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("acr_values=\"LoA2\"");
  }

  @Test
  void anotherCitizensDossierIsAnsweredAsUnknown() {
    String code = new JsonObject(submit(UUID.randomUUID().toString(), dossier()).body()).getString("receiptCode");
    String other = login.tokens(new Browser(), login.account(1, 4), SCOPES, Map.of()).getString("access_token");

    problem(get("/api/v1/dossiers/" + code, other), 404, "unknown-dossier");
    assertThat(new JsonObject(get("/api/v1/me/dossiers", other).body()).getJsonArray("dossiers").stream()
        .map(o -> ((JsonObject) o).getString("receiptCode"))).doesNotContain(code);
    problem(get("/api/v1/dossiers/not-a-receipt-code", token), 404, "unknown-dossier");
    problem(get("/api/v1/dossiers/000.22.30.H26-261301-0001", token), 404, "unknown-dossier");
  }
}
