package vn.egov.gateway.forms;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.egov.gateway.testing.Browser;
import vn.egov.gateway.testing.DevLogin;
import vn.egov.gateway.testing.DevStackHarness;

/**
 * {@code POST /api/v1/procedures/{code}/validate} over real HTTP in dev mode, with a real citizen
 * login and a real prefill from the mock register: the prefilled form passes, a changed locked
 * field is named, another citizen's prefill is refused, and bad requests get their problem.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ValidateApiTest {
  static final String ALL = "openid profile identity_number address phone email prefill";
  static final String PRIMARY = "1.005099";

  private DevStackHarness dev;
  private String token;
  private JsonObject prefill;
  private JsonObject otherPrefill;

  @BeforeAll
  void start() {
    dev = DevStackHarness.start(Map.of());
    DevLogin login = new DevLogin(dev);
    token = login.tokens(new Browser(), login.account(2, 0), ALL, Map.of()).getString("access_token");
    prefill = json(get("/api/v1/procedures/" + PRIMARY + "/prefill", token));
    String other = login.tokens(new Browser(), login.account(2, 1), ALL, Map.of()).getString("access_token");
    otherPrefill = json(get("/api/v1/procedures/" + PRIMARY + "/prefill", other));
  }

  @AfterAll
  void stop() {
    dev.close();
  }

  private HttpResponse<String> get(String path, String bearer) {
    return new Browser().send(HttpRequest.newBuilder(URI.create(dev.gatewayUrl() + path)).header("Authorization", "Bearer " + bearer).GET());
  }

  private HttpResponse<String> post(String code, String contentType, byte[] body, String bearer) {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(dev.gatewayUrl() + "/api/v1/procedures/" + code + "/validate"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) r.header("Content-Type", contentType);
    if (bearer != null) r.header("Authorization", "Bearer " + bearer);
    return new Browser().send(r);
  }

  private HttpResponse<String> validate(JsonObject body) {
    return post(PRIMARY, "application/json", body.encode().getBytes(StandardCharsets.UTF_8), token);
  }

  private static JsonObject json(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  private static List<String> codes(JsonArray errors) {
    return errors.stream().map(o -> ((JsonObject) o).getString("pointer") + " " + ((JsonObject) o).getString("code")).toList();
  }

  /** The prefilled values plus what the parent types in: a pupil of 8, two schools in Hà Nội. */
  private JsonObject filled() {
    JsonObject form = prefill.getJsonObject("values").copy();
    LocalDate birth = LocalDate.now(DossierValidator.VIETNAM).minusYears(8);
    // 001 (Hà Nội) + 2 (male, born 2000-2099) + the year's last two digits.
    String id = "0012" + String.format("%02d", birth.getYear() % 100) + "004321";
    form.getJsonObject("applicant").put("relationship", "MOTHER");
    form.put("student", new JsonObject().put("fullName", "Nguyễn Minh Khang").put("gender", "MALE").put("birthdate", birth.toString())
        .put("identityNumber", id).put("grade", 3).put("schoolYear", "2025-2026"));
    JsonObject school = new JsonObject().put("name", "Trường Tiểu học Ba Đình").put("provinceCode", "01").put("communeCode", "00004");
    form.put("fromSchool", school).put("toSchool", school.copy().put("name", "Trường Tiểu học Hoàn Kiếm").put("communeCode", "00070"));
    form.put("reason", new JsonObject().put("kind", "RELOCATION"));
    form.put("documents", new JsonArray().add(new JsonObject().put("kind", "SCHOOL_RECORD").put("fileId", "f1")));
    form.put("declarations", new JsonObject().put("truthful", true));
    return form;
  }

  private static void assertProblem(HttpResponse<String> r, int status, String type) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    JsonObject problem = new JsonObject(r.body());
    assertThat(problem.getString("type")).endsWith("/" + type);
    assertThat(problem.getString("title")).isNotBlank();
    assertThat(problem.getString("title_vi")).isNotBlank();
  }

  @Test
  void thePrefilledFormWithItsSignaturePasses() {
    JsonObject form = filled();
    JsonObject verdict = json(validate(new JsonObject().put("form", form).put("prefill", prefill.getString("signature"))));
    assertThat(codes(verdict.getJsonArray("errors"))).isEmpty();
    assertThat(verdict.getBoolean("valid")).isTrue();
    assertThat(codes(verdict.getJsonArray("warnings"))).noneMatch(w -> w.endsWith("prefill-missing"));
    assertThat(verdict.getJsonObject("form")).isEqualTo(form);
  }

  @Test
  void aChangedLockedFieldIsNamedAndADecomposedNameIsNotAChange() {
    JsonObject form = filled();
    String name = form.getJsonObject("applicant").getString("fullName");
    form.getJsonObject("applicant").put("fullName", Normalizer.normalize(name, Normalizer.Form.NFD));
    JsonObject same = json(validate(new JsonObject().put("form", form).put("prefill", prefill.getString("signature"))));
    assertThat(same.getBoolean("valid")).as(same.encode()).isTrue();
    assertThat(same.getJsonObject("form").getJsonObject("applicant").getString("fullName")).isEqualTo(name);

    form.getJsonObject("applicant").put("fullName", name + " Thị");
    JsonObject changed = json(validate(new JsonObject().put("form", form).put("prefill", prefill.getString("signature"))));
    assertThat(changed.getBoolean("valid")).isFalse();
    assertThat(codes(changed.getJsonArray("errors"))).containsExactly("/applicant/fullName locked-field-changed");
    JsonObject error = changed.getJsonArray("errors").getJsonObject(0);
    assertThat(error.getJsonObject("message").getString("vi")).contains("Họ, chữ đệm và tên");
    assertThat(error.getJsonObject("message").getString("en")).contains("Full name");
  }

  @Test
  void anotherCitizensPrefillIsRefused() {
    JsonObject form = filled();
    JsonObject verdict = json(validate(new JsonObject().put("form", form).put("prefill", otherPrefill.getString("signature"))));
    assertThat(codes(verdict.getJsonArray("errors"))).containsExactly(" prefill-invalid");
  }

  @Test
  void withoutPrefillTheLockedFieldsAreUnverifiedWarnings() {
    JsonObject verdict = json(validate(new JsonObject().put("form", filled())));
    assertThat(verdict.getBoolean("valid")).isTrue();
    assertThat(codes(verdict.getJsonArray("warnings"))).contains("/applicant/fullName prefill-missing", "/applicant/identityNumber prefill-missing");
  }

  @Test
  void anInvalidFormIsAVerdictNotABadRequest() {
    JsonObject form = filled();
    form.getJsonObject("student").put("grade", 9).put("nickname", "Bin");
    form.remove("declarations");
    JsonObject verdict = json(validate(new JsonObject().put("form", form)));
    assertThat(verdict.getBoolean("valid")).isFalse();
    assertThat(codes(verdict.getJsonArray("errors")))
        .containsExactlyInAnyOrder("/student/grade enum", "/student/nickname unknown-field", "/declarations required");
  }

  @Test
  void noTokenIs401() {
    var r = post(PRIMARY, "application/json", "{\"form\":{}}".getBytes(StandardCharsets.UTF_8), null);
    assertProblem(r, 401, "invalid-token");
    assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
    assertProblem(post(PRIMARY, "application/json", "{\"form\":{}}".getBytes(StandardCharsets.UTF_8), "not-a-token"), 401, "invalid-token");
  }

  @Test
  void aBodyThatIsNotJsonIs415() {
    byte[] body = "{\"form\":{}}".getBytes(StandardCharsets.UTF_8);
    assertProblem(post(PRIMARY, "text/plain", body, token), 415, "unsupported-media-type");
    assertProblem(post(PRIMARY, "application/x-www-form-urlencoded", "form=1".getBytes(StandardCharsets.UTF_8), token), 415,
        "unsupported-media-type");
    assertProblem(post(PRIMARY, null, body, token), 415, "unsupported-media-type");
    assertProblem(post(PRIMARY, "application/json; charset=iso-8859-1", body, token), 415, "unsupported-media-type");
    assertThat(post(PRIMARY, "application/json; charset=UTF-8", body, token).statusCode()).isEqualTo(200);
  }

  @Test
  void malformedJsonIs400() {
    for (String body : new String[] {"", "{", "{\"form\":", "[1,2]", "\"form\"", "{\"form\":{}}}", "nul"}) {
      assertProblem(post(PRIMARY, "application/json", body.getBytes(StandardCharsets.UTF_8), token), 400, "malformed-json");
    }
    // Not UTF-8: a Latin-1 "ễ" would be a different text after any guess.
    byte[] latin1 = {'{', '"', 'f', 'o', 'r', 'm', '"', ':', '{', '"', 'a', '"', ':', '"', (byte) 0xE9, (byte) 0xFF, '"', '}', '}'};
    assertProblem(post(PRIMARY, "application/json", latin1, token), 400, "malformed-json");
  }

  @Test
  void aMemberNameTwiceIs400() {
    // Which "fullName" wins differs between parsers: the one validated here could be another than
    // the one an agency reads.
    String twice = "{\"form\":{\"applicant\":{\"fullName\":\"Nguyễn Văn An\",\"fullName\":\"Trần Văn B\"}}}";
    var r = post(PRIMARY, "application/json", twice.getBytes(StandardCharsets.UTF_8), token);
    assertProblem(r, 400, "malformed-json");
    assertThat(new JsonObject(r.body()).getString("detail")).contains("fullName");
  }

  @Test
  void aBodyOfTheWrongShapeIs400() {
    assertProblem(post(PRIMARY, "application/json", "{\"form\":[]}".getBytes(StandardCharsets.UTF_8), token), 400, "invalid-request");
    assertProblem(post(PRIMARY, "application/json", "{}".getBytes(StandardCharsets.UTF_8), token), 400, "invalid-request");
    assertProblem(post(PRIMARY, "application/json", "{\"form\":{},\"prefill\":5}".getBytes(StandardCharsets.UTF_8), token), 400,
        "invalid-request");
    // A misspelt member would silently drop the prefill check.
    var r = post(PRIMARY, "application/json", "{\"form\":{},\"prefil\":\"x\"}".getBytes(StandardCharsets.UTF_8), token);
    assertProblem(r, 400, "invalid-request");
    assertThat(new JsonObject(r.body()).getString("detail")).contains("prefil");
  }

  @Test
  void anOversizedBodyIs413() {
    String big = "{\"form\":{\"x\":\"" + "a".repeat(70 * 1024) + "\"}}";
    assertProblem(post(PRIMARY, "application/json", big.getBytes(StandardCharsets.UTF_8), token), 413, "payload-too-large");
  }

  @Test
  void anUnknownProcedureIs404() {
    assertProblem(post("9.999999", "application/json", "{\"form\":{}}".getBytes(StandardCharsets.UTF_8), token), 404, "unknown-procedure");
  }

  @Test
  void hostileFormsAreRefusedAndTheGatewayKeepsServing() {
    // 10,000 items, well within the body limit.
    String many = "{\"form\":{\"documents\":[" + "0,".repeat(9_999) + "0]}}";
    JsonObject verdict = json(post(PRIMARY, "application/json", many.getBytes(StandardCharsets.UTF_8), token));
    assertThat(codes(verdict.getJsonArray("errors"))).containsExactly("/documents max-items");

    // 200 levels: parsed, then refused at the depth limit.
    String deep = "{\"form\":{\"student\":" + "{\"a\":".repeat(200) + "1" + "}".repeat(200) + "}}";
    JsonObject nested = json(post(PRIMARY, "application/json", deep.getBytes(StandardCharsets.UTF_8), token));
    assertThat(nested.getJsonArray("errors").getJsonObject(0).getString("code")).isEqualTo("too-deep");

    // 5,000 levels: more than the JSON parser takes, a bad request.
    String deeper = "{\"form\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}";
    assertProblem(post(PRIMARY, "application/json", deeper.getBytes(StandardCharsets.UTF_8), token), 400, "malformed-json");

    // The same request again gives the same answer: validation stores nothing.
    JsonObject body = new JsonObject().put("form", filled()).put("prefill", prefill.getString("signature"));
    assertThat(json(validate(body))).isEqualTo(json(validate(body)));
  }
}
