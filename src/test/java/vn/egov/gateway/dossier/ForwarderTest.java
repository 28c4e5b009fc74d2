package vn.egov.gateway.dossier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.egov.gateway.config.AgencyConfig;
import vn.egov.gateway.config.DeliveryConfig;
import vn.egov.gateway.crypto.SigningKeys;
import vn.egov.gateway.store.Database;
import vn.egov.gateway.store.DossierStore;
import vn.egov.gateway.store.MutableClock;
import vn.egov.gateway.store.SqlDossierStore;
import vn.egov.gateway.store.StoreOptions;
import vn.egov.gateway.testing.AgencyStub;
import vn.egov.gateway.testing.BlockedThreadWatch;
import vn.egov.gateway.testing.Eventually;

/**
 * The forwarder against an agency stubbed with WireMock over mutual TLS, on the embedded store,
 * with a clock the test moves: each answer of docs/agency-interface.md has its effect on the job.
 */
class ForwarderTest {
  static final String AGENCY = "000.21.30.H26";
  static final String ISSUER = "https://gateway.test";
  static final Instant START = Instant.parse("2026-11-27T02:00:00Z");
  static final Duration WAIT = Duration.ofSeconds(20);
  /** "Nguyễn Thị Hoà" with combining marks (NFD), as some keyboards send it. */
  static final String NAME_NFD = Normalizer.normalize("Nguyễn Thị Hoà", Normalizer.Form.NFD);

  Vertx vertx;
  int blockedMark;
  AgencyStub agency;
  Database db;
  DossierStore store;
  MutableClock clock;
  SigningKeys keys;
  final List<String> deployments = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx(BlockedThreadWatch.options());
    agency = AgencyStub.start();
    db = Database.open(vertx, StoreOptions.embeddedMemory("forwarder-" + UUID.randomUUID())).await();
    store = new SqlDossierStore(db);
    clock = new MutableClock(START);
    keys = SigningKeys.load(List.of(Path.of("certs-dev/gateway-signing-1.jwk"), Path.of("certs-dev/gateway-signing-2.jwk")));
    blockedMark = BlockedThreadWatch.mark();
  }

  @AfterEach
  void stop() {
    try {
      vertx.close().await();
      agency.close();
    } finally {
      BlockedThreadWatch.assertNoneSince(blockedMark);
    }
  }

  // --- fixtures --------------------------------------------------------------------------------

  static DeliveryConfig delivery(int maxInFlight, int budget, int breakerFailures, Duration breakerReset, Duration timeout) {
    Path certs = Path.of("certs-dev").toAbsolutePath();
    return new DeliveryConfig(true, certs.resolve("gateway-client.crt"), certs.resolve("gateway-client.key"),
        certs.resolve("ca.crt"), Duration.ofSeconds(2), timeout, maxInFlight, Duration.ofSeconds(1), Duration.ofMinutes(1),
        budget, Duration.ofSeconds(60), Duration.ofMillis(50), 16, breakerFailures, breakerReset);
  }

  static DeliveryConfig delivery() {
    return delivery(4, 10, 100, Duration.ofSeconds(30), Duration.ofSeconds(5));
  }

  Forwarder forwarder(DossierStore on, DeliveryConfig d, String owner) {
    Forwarder f = new Forwarder(on, List.of(new AgencyConfig(AGENCY, URI.create(agency.baseUrl(AGENCY)), d.maxInFlight(), d.timeout())),
        d, ISSUER, keys, clock, owner);
    deployments.add(vertx.deployVerticle(f).await());
    return f;
  }

  Forwarder forwarder(DeliveryConfig d) {
    return forwarder(store, d, "owner-a");
  }

  void answer(ResponseDefinitionBuilder response) {
    agency.server().resetAll();
    agency.server().stubFor(post(urlPathMatching("/agencies/.+/dossiers")).willReturn(response));
  }

  static ResponseDefinitionBuilder created() {
    return aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody("{\"stored\":true}");
  }

  String submit(DossierStore on, int n) {
    String payload = new JsonObject().put("hoTen", NAME_NFD).put("n", n)
        .put("diaChi", new JsonObject().put("xa", Normalizer.normalize("Phường Hồng Hà", Normalizer.Form.NFD))).encode();
    return on.submit(new NewSubmission("portal-hanoi", "key-" + n, "hash-" + n, "1.001612", AGENCY, "citizen-" + n, "sub-" + n,
        payload, clock.instant(), clock.instant().plus(Duration.ofDays(3)), "test")).await().receipt().receiptCode();
  }

  String submit(int n) {
    return submit(store, n);
  }

  /** The job of a dossier as the table holds it. */
  record Job(String state, int attempts, Instant nextAttemptAt, String owner, String lastError) {
  }

  Job job(String receiptCode) {
    Row r = db.pool().preparedQuery("SELECT state, attempts, next_attempt_at, lease_owner, last_error FROM delivery_jobs"
        + " WHERE receipt_code = ?").execute(Tuple.of(receiptCode)).await().iterator().next();
    return new Job(r.getString(0), r.getInteger(1), r.getLocalDateTime(2).toInstant(java.time.ZoneOffset.UTC), r.getString(3),
        r.getString(4));
  }

  /** The jobs of {@code receiptCodes}, read in one statement (one snapshot). */
  List<Job> jobs(List<String> receiptCodes) {
    List<Job> out = new ArrayList<>();
    for (Row r : db.pool().preparedQuery("SELECT state, attempts, next_attempt_at, lease_owner, last_error FROM delivery_jobs"
        + " WHERE receipt_code IN (" + String.join(", ", java.util.Collections.nCopies(receiptCodes.size(), "?")) + ")")
        .execute(Tuple.wrap(new ArrayList<Object>(receiptCodes))).await()) {
      out.add(new Job(r.getString(0), r.getInteger(1), r.getLocalDateTime(2).toInstant(java.time.ZoneOffset.UTC), r.getString(3),
          r.getString(4)));
    }
    assertThat(out).hasSize(receiptCodes.size());
    return out;
  }

  /** Attempts of jobs that are all pending, read in one snapshot; -1 while any is in flight. */
  int attemptsSpent(List<String> receiptCodes) {
    List<Job> all = jobs(receiptCodes);
    return all.stream().allMatch(j -> j.state().equals("PENDING")) ? all.stream().mapToInt(Job::attempts).sum() : -1;
  }

  void until(String what, java.util.concurrent.Callable<Boolean> condition) {
    Eventually.until(vertx, WAIT, what, condition);
  }

  void untilState(String receiptCode, String state) {
    until("job of " + receiptCode + " is " + state, () -> job(receiptCode).state().equals(state));
  }

  /** Moves the clock past any backoff and tells the forwarder to look now. */
  void later(Forwarder f, Duration by) {
    clock.advance(by);
    f.wake();
  }

  // --- answers ---------------------------------------------------------------------------------

  @Test
  void a201MarksTheJobDeliveredAndTheJwsCarriesTheDocumentedClaims() throws Exception {
    answer(created());
    String code = submit(1);
    forwarder(delivery());

    untilState(code, "DELIVERED");

    List<LoggedRequest> sent = agency.deliveries();
    assertThat(sent).hasSize(1);
    LoggedRequest request = sent.get(0);
    assertThat(request.getUrl()).isEqualTo("/agencies/" + AGENCY + "/dossiers");
    assertThat(request.getHeader("Content-Type")).isEqualTo("application/jose");
    assertThat(request.getHeader("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
    JWTClaimsSet claims = verified(request.getBodyAsString());
    assertThat(request.getHeader("Idempotency-Key")).isNotBlank().isEqualTo(claims.getJWTID());
    assertThat(claims.getIssuer()).isEqualTo(ISSUER);
    assertThat(claims.getAudience()).containsExactly(AGENCY);
    assertThat(claims.getIssueTime().toInstant()).isEqualTo(START);
    assertThat(claims.getStringClaim("receipt_code")).isEqualTo(code);
    assertThat(claims.getStringClaim("procedure_code")).isEqualTo("1.001612");
    assertThat(claims.getStringClaim("received_at")).isEqualTo("20261127090000");
    assertThat(claims.getStringClaim("due_at")).isEqualTo("20261130090000");
    Map<String, Object> form = claims.getJSONObjectClaim("form");
    assertThat(form.get("hoTen")).isEqualTo("Nguyễn Thị Hoà").isNotEqualTo(NAME_NFD);
    assertThat(((Map<?, ?>) form.get("diaChi")).get("xa")).isEqualTo(Normalizer.normalize("Phường Hồng Hà", Normalizer.Form.NFC));
    assertThat(claims.getClaims().keySet()).containsExactlyInAnyOrder("iss", "aud", "iat", "jti", "receipt_code", "procedure_code",
        "received_at", "due_at", "form", "warnings");
    assertThat(claims.getListClaim("warnings")).isEmpty();
    Job job = job(code);
    assertThat(job.attempts()).isEqualTo(1);
    assertThat(job.lastError()).isNull();
  }

  @Test
  void theValidatorsWarningsTravelWithTheDossier() throws Exception {
    answer(created());
    String warnings = "[{\"pointer\":\"/applicant/fullName\",\"code\":\"prefill-missing\"}]";
    String code = store.submit(new NewSubmission("portal-hanoi", "key-w", "hash-w", "1.001612", AGENCY, "citizen-w", "sub-w",
        "{\"hoTen\":\"Lê Văn Tám\"}", clock.instant(), clock.instant().plus(Duration.ofDays(3)), "test", warnings))
        .await().receipt().receiptCode();
    forwarder(delivery());

    untilState(code, "DELIVERED");

    JWTClaimsSet claims = verified(agency.deliveries().get(0).getBodyAsString());
    List<Object> sent = claims.getListClaim("warnings");
    assertThat(sent).hasSize(1);
    assertThat(((Map<?, ?>) sent.get(0)).get("code")).isEqualTo("prefill-missing");
    assertThat(((Map<?, ?>) sent.get(0)).get("pointer")).isEqualTo("/applicant/fullName");
  }

  /** Verified as an agency would: ES256 under a key of the gateway's public JWKS, typ dossier+jwt. */
  JWTClaimsSet verified(String jws) throws Exception {
    DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
    p.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(AgencyClient.TYPE));
    p.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256,
        new ImmutableJWKSet<>(com.nimbusds.jose.jwk.JWKSet.parse(keys.publicJwks().toString()))));
    return p.process(jws, null);
  }

  @Test
  void a200ForAKeyTheAgencyHadIsDeliveredToo() {
    answer(aResponse().withStatus(200).withBody("{\"stored\":\"before\"}"));
    String code = submit(1);
    forwarder(delivery());

    untilState(code, "DELIVERED");
    assertThat(agency.deliveries()).hasSize(1);
  }

  @Test
  void a503WithRetryAfterWaitsAtLeastThatLong() {
    answer(aResponse().withStatus(503).withHeader("Retry-After", "120").withBody("{\"title\":\"maintenance\"}"));
    String code = submit(1);
    Forwarder f = forwarder(delivery());

    // The retry is recorded with the agency's answer (a job leased and put back unsent has none).
    until("the first attempt failed", () -> job(code).state().equals("PENDING") && job(code).lastError() != null);
    Job waiting = job(code);
    assertThat(waiting.nextAttemptAt()).isAfterOrEqualTo(START.plusSeconds(120));
    assertThat(waiting.lastError()).contains("HTTP 503").contains("maintenance");

    answer(created());
    later(f, Duration.ofSeconds(119));
    assertThat(store.outboxStats(clock.instant()).await().due()).isZero();
    later(f, Duration.between(clock.instant(), waiting.nextAttemptAt()));
    untilState(code, "DELIVERED");
    assertThat(agency.deliveries()).hasSize(1);
    assertThat(job(code).attempts()).isEqualTo(2);
  }

  @Test
  void aServerErrorThenCreatedIsDeliveredOnTheRetryWithTheSameKey() throws Exception {
    agency.server().stubFor(post(urlPathMatching("/agencies/.+/dossiers")).inScenario("flaky")
        .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(500)).willSetStateTo("recovered"));
    agency.server().stubFor(post(urlPathMatching("/agencies/.+/dossiers")).inScenario("flaky")
        .whenScenarioStateIs("recovered").willReturn(created()));
    String code = submit(1);
    Forwarder f = forwarder(delivery());

    until("the first attempt failed", () -> job(code).attempts() == 1 && job(code).state().equals("PENDING"));
    assertThat(job(code).nextAttemptAt()).isBetween(START, START.plus(Duration.ofSeconds(1)));
    later(f, Duration.ofSeconds(1));

    untilState(code, "DELIVERED");
    List<LoggedRequest> sent = agency.deliveries();
    assertThat(sent).hasSize(2);
    assertThat(sent.get(1).getHeader("Idempotency-Key")).isEqualTo(sent.get(0).getHeader("Idempotency-Key"));
    assertThat(verified(sent.get(1).getBodyAsString()).getJWTID()).isEqualTo(sent.get(0).getHeader("Idempotency-Key"));
  }

  @Test
  void anAgencyTooSlowToAnswerIsTriedAgain() {
    answer(created().withFixedDelay(1_500));
    String code = submit(1);
    forwarder(delivery(4, 10, 100, Duration.ofSeconds(30), Duration.ofMillis(300)));

    until("the attempt timed out", () -> job(code).attempts() == 1 && job(code).state().equals("PENDING"));
    assertThat(job(code).lastError()).contains("no answer in time");
  }

  @Test
  void aRefusalIsADeadLetterAtOnce() {
    answer(aResponse().withStatus(400).withHeader("Content-Type", "application/problem+json")
        .withBody("{\"title\":\"bad JWS\"}\n\u0007"));
    String code = submit(1);
    forwarder(delivery());

    untilState(code, "DEAD");
    Job dead = job(code);
    assertThat(dead.attempts()).isEqualTo(1);
    assertThat(dead.lastError()).isEqualTo("agency answered HTTP 400: {\"title\":\"bad JWS\"}");
    assertThat(agency.deliveries()).hasSize(1);
    assertThat(store.deadLetters(10).await()).extracting(DeliveryJob::receiptCode).containsExactly(code);
  }

  @Test
  void retryableAnswersUntilTheBudgetIsSpentMakeADeadLetter() {
    answer(aResponse().withStatus(429));
    String code = submit(1);
    Forwarder f = forwarder(delivery(4, 3, 100, Duration.ofSeconds(30), Duration.ofSeconds(5)));

    for (int attempt = 1; attempt < 3; attempt++) {
      int n = attempt;
      until("attempt " + n + " failed", () -> job(code).attempts() == n && job(code).state().equals("PENDING"));
      later(f, Duration.ofMinutes(1));
    }

    untilState(code, "DEAD");
    assertThat(job(code).attempts()).isEqualTo(3);
    assertThat(job(code).lastError()).contains("HTTP 429").contains("retry budget of 3 attempts spent");
    assertThat(agency.deliveries()).hasSize(3);
  }

  // --- breaker and limits ----------------------------------------------------------------------

  @Test
  void theBreakerOpensAfterRepeatedFailuresStopsCallsAndRecovers() throws Exception {
    answer(aResponse().withStatus(503));
    List<String> codes = new ArrayList<>();
    for (int i = 0; i < 6; i++) codes.add(submit(i));
    Forwarder f = forwarder(delivery(1, 100, 3, Duration.ofSeconds(3), Duration.ofSeconds(5)));

    until("the circuit opened", () -> f.agencies().breakerState(AGENCY).orElseThrow() == CircuitBreakerState.OPEN);
    // Read in one statement: a job whose jittered backoff is already due is leased and put back
    // again meanwhile, so job-by-job reads could see it in flight with its lease's attempt counted.
    // Each call to the agency spends one attempt; a job put back without a call spends none.
    until("every job is back in the queue with one attempt per call",
        () -> attemptsSpent(codes) == agency.deliveries().size());
    // Three failures open it; a call already on its way when the breaker turns may still go out
    // (the breaker hears of the third failure a moment after the lane does).
    int sent = agency.deliveries().size();
    assertThat(sent).isBetween(3, 4);

    // While the circuit is open, due jobs are leased and put back without calling the agency.
    clock.advance(Duration.ofMinutes(2));
    Instant due = clock.instant();
    f.wake();
    until("the due jobs were put back for the breaker's reset", () -> jobs(codes).stream()
        .allMatch(j -> j.state().equals("PENDING") && j.nextAttemptAt().isAfter(due)));
    assertThat(f.agencies().breakerState(AGENCY)).contains(CircuitBreakerState.OPEN);
    // While it is open the agency hears nothing more, and no attempt is spent.
    assertThat(agency.deliveries()).hasSize(sent);
    assertThat(attemptsSpent(codes)).isEqualTo(sent);

    answer(created());
    until("the circuit lets a trial through", () -> f.agencies().breakerState(AGENCY).orElseThrow() == CircuitBreakerState.HALF_OPEN);
    later(f, Duration.ofMinutes(5));
    until("every dossier delivered", () -> codes.stream().allMatch(c -> job(c).state().equals("DELIVERED")));
    assertThat(f.agencies().breakerState(AGENCY)).contains(CircuitBreakerState.CLOSED);
    assertThat(agency.deliveries()).hasSize(6);
  }

  @Test
  void noMoreThanTheInFlightLimitIsSentToAnAgencyAtOnce() {
    answer(created().withFixedDelay(200));
    List<String> codes = new ArrayList<>();
    for (int i = 0; i < 10; i++) codes.add(submit(i));
    forwarder(delivery(2, 10, 100, Duration.ofSeconds(30), Duration.ofSeconds(5)));

    until("every dossier delivered", () -> codes.stream().allMatch(c -> job(c).state().equals("DELIVERED")));
    assertThat(agency.maxConcurrent()).isEqualTo(2);
    assertThat(agency.deliveries()).hasSize(10);
  }

  /** Marks are written in batches: each confirmed job is still marked, and reported, exactly once. */
  @Test
  void manyConfirmationsAtOnceAreEachMarkedAndReportedOnce() {
    answer(created());
    List<String> codes = new ArrayList<>();
    for (int i = 0; i < 40; i++) codes.add(submit(i));
    List<String> reported = java.util.Collections.synchronizedList(new ArrayList<>());
    DeliveryConfig d = delivery(16, 10, 100, Duration.ofSeconds(30), Duration.ofSeconds(5));
    Forwarder f = new Forwarder(store, List.of(new AgencyConfig(AGENCY, URI.create(agency.baseUrl(AGENCY)), 16, d.timeout())),
        d, ISSUER, keys, clock, "owner-a");
    f.observe((job, outcome) -> {
      if (outcome instanceof DeliveryOutcome.Delivered) reported.add(job.receiptCode());
    });
    deployments.add(vertx.deployVerticle(f).await());

    until("every dossier delivered", () -> codes.stream().allMatch(c -> job(c).state().equals("DELIVERED")));
    until("every delivery reported", () -> reported.size() >= codes.size());
    assertThat(reported).containsExactlyInAnyOrderElementsOf(codes);
    assertThat(agency.deliveries()).hasSize(40);
    assertThat(codes).allSatisfy(c -> assertThat(job(c).owner()).isEqualTo("owner-a"));
  }

  /** A confirmation that arrives after the lease was taken over marks nothing and reports nothing. */
  @Test
  void aConfirmationAfterTheLeaseWasTakenOverMarksNothing() {
    answer(created().withFixedDelay(1_000));
    String code = submit(1);
    List<DeliveryOutcome> reported = java.util.Collections.synchronizedList(new ArrayList<>());
    DeliveryConfig usual = delivery();
    // Polling once an hour: after its first lease the forwarder does not take the job back itself.
    DeliveryConfig d = new DeliveryConfig(true, usual.clientCert(), usual.clientKey(), usual.trustedCa(), usual.connectTimeout(),
        usual.timeout(), usual.maxInFlight(), usual.initialBackoff(), usual.maxBackoff(), usual.budget(), usual.leaseDuration(),
        Duration.ofHours(1), usual.batchSize(), usual.breakerMaxFailures(), usual.breakerReset());
    Forwarder f = new Forwarder(store, List.of(new AgencyConfig(AGENCY, URI.create(agency.baseUrl(AGENCY)), 4, d.timeout())),
        d, ISSUER, keys, clock, "owner-a");
    f.observe((job, outcome) -> reported.add(outcome));
    deployments.add(vertx.deployVerticle(f).await());
    until("the attempt reached the agency", () -> agency.deliveries().size() == 1);

    // While the agency thinks, owner-a's lease runs out and another owner takes the job.
    clock.advance(Duration.ofSeconds(61));
    assertThat(store.lease("owner-b", 10, Duration.ofSeconds(60), clock.instant()).await()).hasSize(1);

    until("the agency answered", () -> agency.inProgress() == 0);
    // owner-a's mark, refused, is what must not change anything: watch the job for a second.
    for (int i = 0; i < 50; i++) {
      Job held = job(code);
      assertThat(held.state()).isEqualTo("IN_FLIGHT");
      assertThat(held.owner()).isEqualTo("owner-b");
      vertx.timer(20).await();
    }
    assertThat(reported).isEmpty();
  }

  // --- leases ----------------------------------------------------------------------------------

  @Test
  void aLeaseLeftByAStoppedForwarderIsTakenOverByAnotherOwner() {
    answer(created().withFixedDelay(1_500));
    String code = submit(1);
    forwarder(store, delivery(), "owner-a");
    until("the first attempt reached the agency", () -> agency.deliveries().size() == 1);

    String key = agency.deliveries().get(0).getHeader("Idempotency-Key");
    vertx.undeploy(deployments.remove(0)).await();
    Job abandoned = job(code);
    assertThat(abandoned.state()).isEqualTo("IN_FLIGHT");
    assertThat(abandoned.owner()).isEqualTo("owner-a");

    answer(created());
    clock.advance(Duration.ofSeconds(60));
    forwarder(store, delivery(), "owner-b");

    untilState(code, "DELIVERED");
    Job done = job(code);
    assertThat(done.owner()).isEqualTo("owner-b");
    assertThat(done.attempts()).isEqualTo(2);
    // The agency sees the same delivery key again and can tell it is the same dossier.
    assertThat(agency.deliveries()).extracting(r -> r.getHeader("Idempotency-Key")).containsExactly(key);
  }
}
