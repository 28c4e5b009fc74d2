package vn.egov.gateway.dossier;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import vn.egov.gateway.dev.agency.MockAgencyServer;
import vn.egov.gateway.testing.Browser;
import vn.egov.gateway.testing.DevLogin;
import vn.egov.gateway.testing.DevStackHarness;
import vn.egov.gateway.testing.DossierForms;

/**
 * An agency down for a while (DESIGN.md section 5): the gateway still accepts dossiers, they wait
 * in the outbox, the agency's breaker opens so the gateway stops calling it, and after recovery
 * every dossier is delivered, none dead.
 */
class AgencyDownTest {
  static final String AGENCY = "000.22.30.H26";
  private DevStackHarness dev;

  @AfterEach
  void stop() {
    if (dev != null) dev.close();
  }

  @Test
  void dossiersWaitWhileTheAgencyIsDownAndAllArriveAfterItRecovers() throws Exception {
    dev = DevStackHarness.start(Map.of(
        "EGOV_DELIVERY_BREAKER_MAX_FAILURES", "3",
        "EGOV_DELIVERY_BREAKER_RESET", "PT1S",
        "EGOV_DELIVERY_RETRY_INITIAL_BACKOFF", "PT0.1S",
        "EGOV_DELIVERY_RETRY_MAX_BACKOFF", "PT0.5S",
        "EGOV_DELIVERY_POLL_INTERVAL", "PT0.1S",
        "EGOV_MOCK_AGENCY_PROGRESSION_ENABLED", "false"));
    MockAgencyServer agency = dev.stack().agency();
    Forwarder forwarder = dev.stack().gateway().forwarder();
    DevLogin login = new DevLogin(dev);
    String token = login.tokens(new Browser(), login.account(1, 5), "openid profile identity_number address phone email prefill", Map.of())
        .getString("access_token");
    JsonObject prefilled = new JsonObject(get("/api/v1/procedures/1.005099/prefill", token).body());
    String body = new JsonObject().put("procedure", "1.005099")
        .put("form", DossierForms.fromPrefill(prefilled, DossierForms.schoolTransferTypedIn()))
        .put("prefill", prefilled.getString("signature")).encode();

    // Given the agency is down, when citizens file, then the gateway still accepts every dossier.
    agency.setDown(true);
    Set<String> receipts = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      var r = new Browser().send(HttpRequest.newBuilder(URI.create(dev.gatewayUrl() + "/api/v1/dossiers"))
          .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
          .header("Idempotency-Key", UUID.randomUUID().toString()).POST(HttpRequest.BodyPublishers.ofString(body)));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
      receipts.add(new JsonObject(r.body()).getString("receiptCode"));
    }

    // The breaker opens; nothing is stored at the agency; the dossiers wait, none dead.
    await(() -> forwarder.agencies().breakerState(AGENCY).orElseThrow() == CircuitBreakerState.OPEN, "the breaker to open");
    assertThat(agency.storedCount()).isZero();
    var waiting = dev.stack().gateway().dossiers().outboxStats(Instant.now()).await();
    assertThat(waiting.pending() + waiting.inFlight()).isEqualTo(20);
    assertThat(waiting.dead()).isZero();

    // When the agency recovers, then every dossier arrives, once.
    agency.setDown(false);
    await(() -> agency.storedCount() == 20, () -> "all 20 dossiers at the agency; stored " + agency.storedCount() + ", outbox "
        + dev.stack().gateway().dossiers().outboxStats(Instant.now()).await() + ", breaker "
        + forwarder.agencies().breakerState(AGENCY).orElseThrow() + ", in flight " + inFlight() + ", client in flight "
        + forwarder.agencies().inFlight(AGENCY));
    // The agency's answers reach the gateway a moment after it stored the dossiers.
    await(() -> dev.stack().gateway().dossiers().outboxStats(Instant.now()).await().delivered() == 20, "20 jobs marked delivered");
    var after = dev.stack().gateway().dossiers().outboxStats(Instant.now()).await();
    assertThat(after.dead()).isZero();
    assertThat(forwarder.agencies().breakerState(AGENCY).orElseThrow()).isEqualTo(CircuitBreakerState.CLOSED);
    for (String code : receipts) {
      assertThat(new JsonObject(get("/api/v1/dossiers/" + code, token).body()).getString("receiptCode")).isEqualTo(code);
    }
  }

  private String inFlight() {
    var rows = dev.stack().gateway().database().pool()
        .query("SELECT receipt_code, attempts, lease_until, last_error FROM delivery_jobs WHERE state = 'IN_FLIGHT'").execute().await();
    StringBuilder b = new StringBuilder();
    rows.forEach(r -> b.append(r.getString(0)).append('/').append(r.getInteger(1)).append('/').append(r.getValue(2)).append('/')
        .append(r.getString(3)).append("; "));
    // A connection that went back to the pool inside a transaction keeps its writes uncommitted.
    var idle = dev.stack().gateway().database().pool().query("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS"
        + " WHERE CONTAINS_UNCOMMITTED AND SESSION_STATE = 'SLEEP'").execute().await();
    b.append("idle sessions with uncommitted changes ").append(idle.iterator().next().getValue(0));
    return b.toString();
  }

  private HttpResponse<String> get(String path, String token) {
    return new Browser().send(HttpRequest.newBuilder(URI.create(dev.gatewayUrl() + path)).header("Authorization", "Bearer " + token).GET());
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    await(condition, () -> what);
  }

  private static void await(BooleanSupplier condition, java.util.function.Supplier<String> what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what.get());
      Thread.sleep(50);
    }
  }
}
