package vn.egov.gateway.dev.register;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.egov.gateway.crypto.DevPki;
import vn.egov.gateway.dev.Citizen;
import vn.egov.gateway.dev.Citizen.Address;
import vn.egov.gateway.dev.Citizen.MaritalStatus;
import vn.egov.gateway.dev.CitizenGenerator;
import vn.egov.gateway.testing.BlockedThreadWatch;

/** The mock register over real mutual TLS with the committed dev PKI, on a random port. */
class MockRegisterServerTest {
  private static final Path CERTS = Path.of("certs-dev");
  private static final String PROBLEMS = "https://egov-gateway.vn/problems/";
  /** A second PKI with the same file names and subjects, from another CA. */
  @TempDir static Path otherPki;

  private final CitizenGenerator generator = new CitizenGenerator(MockRegisterConfig.DEFAULT_SEED, CitizenGenerator.DEFAULT_POPULATION);
  private final List<WebClient> clients = new ArrayList<>();
  private Vertx vertx;
  private int blockedMark;
  private MockRegisterServer server;

  @BeforeAll
  static void anotherCa() {
    DevPki.generate(otherPki, Clock.systemUTC());
  }

  /**
   * One unwatched round trip first: loading the TLS, HTTP and JSON classes takes the JVM a while
   * on a busy machine, and the blocked-thread check below is about our code, not class loading.
   */
  @BeforeAll
  static void warmUp() {
    Vertx warm = Vertx.vertx();
    try {
      MockRegisterServer server = MockRegisterServer.start(warm, MockRegisterConfig.forTests(CERTS)).await();
      WebClient client = WebClient.create(warm, new WebClientOptions().setSsl(true).setVerifyHost(true)
          .setTrustOptions(new PemTrustOptions().addCertPath(CERTS.resolve("ca.crt").toString()))
          .setKeyCertOptions(keyCert(CERTS, "gateway-client")));
      client.get(server.actualPort(), "localhost", "/api/v1/citizens/" + server.citizens().citizen(0).identityNumber())
          .send().await();
      client.close();
      server.close().await();
    } finally {
      warm.close().await();
    }
  }

  @BeforeEach
  void start() {
    // Vert.x with the harnesses' blocked-thread check: nothing here may block an event loop.
    vertx = Vertx.vertx(BlockedThreadWatch.options());
    blockedMark = BlockedThreadWatch.mark();
    server = MockRegisterServer.start(vertx, MockRegisterConfig.forTests(CERTS)).await();
  }

  @AfterEach
  void stop() {
    clients.forEach(WebClient::close);
    server.close().await();
    vertx.close().await();
    BlockedThreadWatch.assertNoneSince(blockedMark);
  }

  // ---------------------------------------------------------------- records

  @Test
  void theGatewayReadsACitizensRecordAndItsValuesAreTheGenerators() {
    // Given a married citizen with a permanent address from before 2025, and children at home
    Citizen c = firstCitizen(x -> x.permanentAddress().legacy() && x.maritalStatus() == MaritalStatus.MARRIED
        && x.household().members().size() >= 3 && x.temporaryAddress() == null);

    // When the gateway asks for the record
    HttpResponse<Buffer> response = get(client("gateway-client", CERTS), "/api/v1/citizens/" + c.identityNumber());

    // Then it is the generator's citizen, attribute by attribute
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
    assertThat(response.getHeader("X-Request-Id")).matches("[0-9a-f]{32}");
    assertThat(response.getHeader("Last-Modified")).isNotBlank();
    JsonObject r = response.bodyAsJsonObject();
    assertThat(r.fieldNames()).containsExactlyInAnyOrderElementsOf(CitizenRecord.ATTRIBUTES);
    assertThat(r.getString("identityNumber")).isEqualTo(c.identityNumber());
    assertThat(r.getString("fullName")).isEqualTo(c.fullName());
    assertThat(r.getString("birthdate")).isEqualTo(c.birthdate().toString());
    assertThat(r.getString("gender")).isEqualTo(c.gender().name());
    assertThat(r.getString("hometown")).isEqualTo(c.hometown());
    assertThat(r.getString("placeOfBirth")).isEqualTo(c.placeOfBirth());
    assertThat(r.getString("birthRegistrationPlace")).isEqualTo(c.birthRegistrationPlace());
    assertThat(r.getString("ethnicity")).isEqualTo(c.ethnicity());
    assertThat(r.getString("religion")).isEqualTo(c.religion());
    assertThat(r.getString("nationality")).isEqualTo("Việt Nam");
    assertThat(r.getString("bloodType")).isEqualTo(c.bloodType().name());
    assertThat(r.getString("formerIdNumber")).isEqualTo(c.formerIdNumber());
    assertThat(r.getString("maritalStatus")).isEqualTo("Đã kết hôn");
    assertThat(r.getString("phone")).isEqualTo(c.phone());
    assertThat(r.getString("email")).isEqualTo(c.email());
    assertThat(r.getString("residenceFileNumber")).isEqualTo(c.residenceFileNumber());
    assertThat(r.getJsonArray("otherNames").getList()).isEqualTo(c.otherNames());
    assertThat(r.containsKey("dateOfDeath")).isTrue();
    assertThat(r.getValue("dateOfDeath")).isNull();
    assertThat(r.getString("updatedAt")).isEqualTo(c.updatedAt().toString());

    JsonObject card = r.getJsonObject("idCard");
    assertThat(card.getString("issueDate")).isEqualTo(c.idCard().issueDate().toString());
    assertThat(card.getString("issuePlace")).isEqualTo(c.idCard().issuePlace());
    assertThat(card.getString("expiryDate")).isEqualTo(c.idCard().expiryDate() == null ? null : c.idCard().expiryDate().toString());

    // The legacy-coded permanent address keeps its pre-2025 district and ward codes
    JsonObject permanent = r.getJsonObject("permanentAddress");
    assertAddress(permanent, c.permanentAddress());
    assertThat(permanent.getString("legacyDistrictCode")).matches("[0-9]{3}");
    assertAddress(r.getJsonObject("currentAddress"), c.currentAddress());
    assertThat(r.getJsonObject("currentAddress").getValue("legacyDistrictCode")).isNull();
    assertThat(r.containsKey("temporaryAddress")).isTrue();
    assertThat(r.getValue("temporaryAddress")).isNull();

    // Parents and spouse as the register keeps them: name, number, nationality
    assertThat(r.getJsonObject("father")).isEqualTo(new JsonObject()
        .put("fullName", c.fatherName()).put("identityNumber", c.father().identityNumber()).put("nationality", "Việt Nam"));
    assertThat(r.getJsonObject("mother").getString("fullName")).isEqualTo(c.motherName());
    assertThat(r.getJsonObject("mother").getString("identityNumber")).isEqualTo(c.mother().identityNumber());
    JsonObject spouse = r.getJsonObject("spouse");
    assertThat(spouse.getString("identityNumber")).isEqualTo(c.spouse().identityNumber());
    assertThat(r.getJsonArray("children")).hasSize(c.children().size());
    assertThat(r.getValue("legalRepresentative")).isNull();

    // The household: the head first, the citizen and the spouse among the members
    JsonObject household = r.getJsonObject("household");
    JsonArray members = household.getJsonArray("members");
    assertThat(members).hasSize(c.household().members().size());
    assertThat(members.getJsonObject(0).getString("relationship")).isEqualTo("Chủ hộ");
    assertThat(members.getJsonObject(0).getString("identityNumber")).isEqualTo(household.getString("headIdentityNumber"));
    assertThat(members.getJsonObject(0).getString("fullName")).isEqualTo(household.getString("headName"));
    JsonObject me = member(members, c.identityNumber());
    assertThat(me.getString("relationship")).isEqualTo(household.getString("relationshipToHead"));
    assertThat(me.getString("birthdate")).isEqualTo(c.birthdate().toString());
    JsonObject spouseMember = member(members, spouse.getString("identityNumber"));
    assertThat(spouseMember.getString("fullName")).isEqualTo(spouse.getString("fullName"));
    assertThat(List.of(me.getString("relationship"), spouseMember.getString("relationship"))).contains("Chủ hộ")
        .containsAnyOf("Vợ", "Chồng");

    assertEveryStringIsNfc(r);
  }

  @Test
  void fieldsReturnsExactlyTheRequestedAttributes() {
    Citizen c = generator.citizen(12);
    WebClient gateway = client("gateway-client", CERTS);

    HttpResponse<Buffer> response = get(gateway, "/api/v1/citizens/" + c.identityNumber() + "?fields=fullName,birthdate,permanentAddress");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject r = response.bodyAsJsonObject();
    assertThat(r.fieldNames()).containsExactlyInAnyOrder("fullName", "birthdate", "permanentAddress");
    assertThat(r.getString("fullName")).isEqualTo(c.fullName());
    assertThat(r.getString("birthdate")).isEqualTo(c.birthdate().toString());
    assertAddress(r.getJsonObject("permanentAddress"), c.permanentAddress());

    // Repeated parameters add up; a name asked twice comes once; null-valued attributes stay.
    JsonObject repeated = get(gateway, "/api/v1/citizens/" + c.identityNumber() + "?fields=dateOfDeath&fields=gender,%20gender")
        .bodyAsJsonObject();
    assertThat(repeated.fieldNames()).containsExactlyInAnyOrder("dateOfDeath", "gender");
    assertThat(repeated.getValue("dateOfDeath")).isNull();
  }

  @Test
  void unknownFieldNamesAre400NamingEachOfThem() {
    String id = generator.citizen(3).identityNumber();

    HttpResponse<Buffer> response = get(client("gateway-client", CERTS),
        "/api/v1/citizens/" + id + "?fields=fullName,bloodGroup,salary");

    JsonObject problem = problem(response, 400, "unknown-attributes");
    assertThat(problem.getString("detail")).startsWith("Unknown attributes: bloodGroup, salary. Known: identityNumber, fullName,");
    assertThat(problem.getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("value")).toList())
        .containsExactly("bloodGroup", "salary");
    assertThat(problem.getString("title_vi")).isNotBlank();

    problem(get(client("gateway-client", CERTS), "/api/v1/citizens/" + id + "?fields="), 400, "invalid-fields");
    problem(get(client("gateway-client", CERTS), "/api/v1/citizens/" + id + "?fields=fullName,,gender"), 400, "invalid-fields");
  }

  @Test
  void aMalformedIdentityNumberIs400() {
    WebClient gateway = client("gateway-client", CERTS);
    String id = generator.citizen(0).identityNumber();
    StringBuilder fullWidth = new StringBuilder();
    for (char ch : id.toCharArray()) fullWidth.append((char) ('\uFF10' + (ch - '0')));
    for (String malformed : List.of(id.substring(1), id + "0", id.substring(0, 11) + "a", " " + id.substring(1),
        "-" + id.substring(1), fullWidth.toString(), "00112345678٣")) {
      HttpResponse<Buffer> response = get(gateway, "/api/v1/citizens/" + URLEncoder.encode(malformed, StandardCharsets.UTF_8)
          .replace("+", "%20"));
      JsonObject problem = problem(response, 400, "invalid-identity-number");
      assertThat(problem.getString("instance")).isEqualTo(response.getHeader("X-Request-Id"));
    }
  }

  @Test
  void aWellFormedNumberOfNobodyIs404() {
    WebClient gateway = client("gateway-client", CERTS);
    Citizen c = generator.citizen(7);
    // Another year of birth in the number: the serial decodes to this citizen, who was born in another year.
    String otherYear = c.identityNumber().substring(0, 4) + (c.identityNumber().charAt(4) == '9' ? '8' : '9')
        + c.identityNumber().substring(5);
    for (String nobody : List.of(otherYear, c.father().identityNumber(), "000000000000")) {
      JsonObject problem = problem(get(gateway, "/api/v1/citizens/" + nobody), 404, "citizen-not-found");
      assertThat(problem.getString("detail")).doesNotContain(nobody);
    }
  }

  @Test
  void theRequestIdIsTheTraceIdOfAWellFormedTraceparent() {
    WebClient gateway = client("gateway-client", CERTS);
    String path = "/api/v1/citizens/" + generator.citizen(1).identityNumber() + "?fields=fullName";

    HttpResponse<Buffer> traced = get(gateway, path, MultiMap.caseInsensitiveMultiMap()
        .add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
    assertThat(traced.getHeader("X-Request-Id")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");

    HttpResponse<Buffer> malformed = get(gateway, path, MultiMap.caseInsensitiveMultiMap()
        .add("traceparent", "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"));
    assertThat(malformed.getHeader("X-Request-Id")).matches("[0-9a-f]{32}").isNotEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");

    // Problems carry it too, as their instance.
    HttpResponse<Buffer> notFound = get(gateway, "/api/v1/citizens/000000000000", MultiMap.caseInsensitiveMultiMap()
        .add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
    assertThat(notFound.getHeader("X-Request-Id")).isEqualTo("0af7651916cd43dd8448eb211c80319c");
    assertThat(notFound.bodyAsJsonObject().getString("instance")).isEqualTo("0af7651916cd43dd8448eb211c80319c");
  }

  @Test
  void otherPathsAndMethodsAreProblemsToo() {
    WebClient gateway = client("gateway-client", CERTS);
    problem(get(gateway, "/api/v1/households/001"), 404, "not-found");
    HttpResponse<Buffer> post = gateway.post(server.actualPort(), "localhost", "/api/v1/citizens/" + generator.citizen(0).identityNumber())
        .sendJsonObject(new JsonObject()).await();
    problem(post, 405, "method-not-allowed");
  }

  // ---------------------------------------------------------------- transport and authorization

  @Test
  void healthAnswersAnyClientThatCompletedTheHandshake() {
    for (String name : List.of("gateway-client", "agency-client")) {
      HttpResponse<Buffer> health = get(client(name, CERTS), "/health");
      assertThat(health.statusCode()).as(name).isEqualTo(200);
      assertThat(health.bodyAsJsonObject()).isEqualTo(new JsonObject().put("status", "UP"));
    }
  }

  @Test
  void aClientWithoutACertificateFailsTheHandshake() {
    Throwable failure = failedGet(client(null, CERTS), "/health");
    assertThat(failure).hasRootCauseInstanceOf(SSLHandshakeException.class);
    // The server goes on serving the clients it should.
    assertThat(get(client("gateway-client", CERTS), "/health").statusCode()).isEqualTo(200);
  }

  @Test
  void aClientCertificateFromAnotherCaFailsTheHandshakeEvenWithAnAllowedCn() {
    // The other PKI's gateway-client certificate also says CN=egov-gateway.
    WebClient impostor = client("gateway-client", otherPki);
    Throwable failure = failedGet(impostor, "/api/v1/citizens/" + generator.citizen(0).identityNumber());
    assertThat(failure).hasRootCauseInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void aDevCaCertificateWhoseCnIsNotAllowedGets403() {
    HttpResponse<Buffer> response = get(client("agency-client", CERTS), "/api/v1/citizens/" + generator.citizen(0).identityNumber());

    JsonObject problem = problem(response, 403, "client-not-allowed");
    assertThat(problem.getString("detail")).contains("CN=000.00.01.H26");
    assertThat(response.bodyAsString()).doesNotContain(generator.citizen(0).fullName());
  }

  @Test
  void theAllowListIsConfigurable() {
    server.close().await();
    MockRegisterConfig base = MockRegisterConfig.forTests(CERTS);
    server = MockRegisterServer.start(vertx, new MockRegisterConfig(base.host(), 0, base.seed(), 1000, base.tls(),
        List.of("000.00.01.H26"), Duration.ZERO)).await();
    String id = generator.citizen(999).identityNumber();

    assertThat(get(client("agency-client", CERTS), "/api/v1/citizens/" + id).statusCode()).isEqualTo(200);
    problem(get(client("gateway-client", CERTS), "/api/v1/citizens/" + id), 403, "client-not-allowed");
    // A population of 1,000 ends at index 999.
    problem(get(client("agency-client", CERTS), "/api/v1/citizens/" + generator.citizen(1000).identityNumber()), 404,
        "citizen-not-found");
  }

  @Test
  void aConfiguredLatencyDelaysEveryAnswer() {
    server.close().await();
    Duration latency = Duration.ofMillis(400);
    server = MockRegisterServer.start(vertx, MockRegisterConfig.forTests(CERTS).withLatency(latency)).await();
    WebClient gateway = client("gateway-client", CERTS);
    get(gateway, "/health");

    for (String path : List.of("/api/v1/citizens/" + generator.citizen(0).identityNumber(), "/api/v1/citizens/bad", "/health")) {
      long started = System.nanoTime();
      HttpResponse<Buffer> response = get(gateway, path);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).as("%s answered %d", path, response.statusCode())
          .isGreaterThanOrEqualTo(latency);
    }
  }

  // ---------------------------------------------------------------- helpers

  private Citizen firstCitizen(Predicate<Citizen> wanted) {
    return IntStream.range(0, 10_000).mapToObj(generator::citizen).filter(wanted).findFirst().orElseThrow();
  }

  /** A client of the dev PKI that trusts the dev CA, checks the host name and presents {@code name}'s certificate (none for null). */
  private WebClient client(String name, Path pki) {
    WebClientOptions options = new WebClientOptions()
        .setSsl(true)
        .setVerifyHost(true)
        .setConnectTimeout(10_000)
        .setTrustOptions(new PemTrustOptions().addCertPath(CERTS.resolve("ca.crt").toString()));
    if (name != null) options.setKeyCertOptions(keyCert(pki, name));
    WebClient client = WebClient.create(vertx, options);
    clients.add(client);
    return client;
  }

  private static PemKeyCertOptions keyCert(Path pki, String name) {
    return new PemKeyCertOptions()
        .setCertPath(pki.resolve(name + ".crt").toString())
        .setKeyPath(pki.resolve(name + ".key").toString());
  }

  private HttpResponse<Buffer> get(WebClient client, String path) {
    return get(client, path, MultiMap.caseInsensitiveMultiMap());
  }

  private HttpResponse<Buffer> get(WebClient client, String path, MultiMap headers) {
    return client.get(server.actualPort(), "localhost", path).putHeaders(headers).send().await();
  }

  private Throwable failedGet(WebClient client, String path) {
    AsyncResult<HttpResponse<Buffer>> result = client.get(server.actualPort(), "localhost", path).send()
        .transform(ar -> Future.succeededFuture(ar)).await();
    assertThat(result.failed()).as("the TLS handshake should have failed").isTrue();
    return result.cause();
  }

  /** Asserts an RFC 9457 problem of this status and type; returns its body. */
  private static JsonObject problem(HttpResponse<Buffer> response, int status, String slug) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(response.getHeader("X-Request-Id")).matches("[0-9a-f]{32}");
    JsonObject problem = response.bodyAsJsonObject();
    assertThat(problem.getString("type")).isEqualTo(PROBLEMS + slug);
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("title")).isNotBlank();
    assertThat(problem.getString("title_vi")).isNotBlank();
    return problem;
  }

  private static void assertAddress(JsonObject json, Address a) {
    assertThat(json).isEqualTo(new JsonObject()
        .put("country", "VN")
        .put("provinceCode", a.provinceCode())
        .put("communeCode", a.communeCode())
        .put("legacyDistrictCode", a.legacyDistrictCode())
        .put("detail", a.detail())
        .put("formatted", a.fullText()));
  }

  private static JsonObject member(JsonArray members, String identityNumber) {
    List<JsonObject> found = members.stream().map(JsonObject.class::cast)
        .filter(m -> m.getString("identityNumber").equals(identityNumber)).toList();
    assertThat(found).as("members with %s", identityNumber).hasSize(1);
    return found.get(0);
  }

  private static void assertEveryStringIsNfc(Object json) {
    if (json instanceof String s) {
      assertThat(Normalizer.isNormalized(s, Normalizer.Form.NFC)).as(s).isTrue();
    } else if (json instanceof JsonObject o) {
      o.forEach(e -> assertEveryStringIsNfc(e.getValue()));
    } else if (json instanceof JsonArray a) {
      a.forEach(MockRegisterServerTest::assertEveryStringIsNfc);
    }
  }
}
