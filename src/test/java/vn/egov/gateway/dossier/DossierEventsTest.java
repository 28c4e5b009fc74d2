package vn.egov.gateway.dossier;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.egov.gateway.store.SqlDossierStore;
import vn.egov.gateway.testing.Browser;
import vn.egov.gateway.testing.Eventually;
import vn.egov.gateway.testing.FreePorts;
import vn.egov.gateway.testing.GatewayHarness;

/**
 * What the portal hears about its dossiers: a signed webhook on every recorded status change,
 * retried until the portal answers 2xx, and the overdue flag with the apology notice (form 04).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DossierEventsTest {
  private GatewayHarness gateway;
  private HttpServer receiver;
  private final List<String> received = new CopyOnWriteArrayList<>();
  /** The receiver fails this many calls first (a portal briefly down). */
  private final AtomicInteger failFirst = new AtomicInteger();
  private SqlDossierStore store;

  @BeforeAll
  void start() throws Exception {
    int port = FreePorts.next();
    Path clients = Files.createTempFile("clients-", ".yaml");
    clients.toFile().deleteOnExit();
    Files.writeString(clients, """
        clients:
          - client-id: demo-portal
            name: Cổng dịch vụ công mẫu
            purpose: Thử nghiệm
            auth-method: client_secret_basic
            secret: demo-portal-secret
            redirect-uris: [http://localhost:8081/callback]
            scopes: [openid]
            webhook-url: http://localhost:%d/hooks/dossiers
          - client-id: quiet-portal
            name: Cổng không nhận sự kiện
            purpose: Thử nghiệm
            auth-method: client_secret_basic
            secret: quiet-portal-secret
            redirect-uris: [http://localhost:8082/callback]
            scopes: [openid]
        """.formatted(port));
    gateway = GatewayHarness.start(Map.of("EGOV_CLIENTS_FILE", clients.toString()));
    receiver = gateway.vertx().createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      if (failFirst.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        req.response().setStatusCode(503).end();
        return;
      }
      assertThat(req.getHeader("Content-Type")).isEqualTo("application/jose");
      received.add(body.toString());
      req.response().setStatusCode(204).end();
    })).listen(port).await();
    store = new SqlDossierStore(gateway.started().database());
  }

  @AfterAll
  void stop() {
    if (gateway != null) gateway.close();
  }

  private String submit(String client, Instant receivedAt, Instant dueAt) {
    String key = UUID.randomUUID().toString();
    var s = new NewSubmission(client, key, "h-" + key, "1.005099", "000.22.30.H26", "citizen-1", "sub-of-citizen-1",
        "{\"applicant\":{\"fullName\":\"Nguyễn Thị Hoa\"}}", receivedAt, dueAt, "tính thử\ncomputed in a test");
    return store.submit(s).await().receipt().receiptCode();
  }

  private JWTClaimsSet verify(String jws) throws Exception {
    JWKSet jwks = JWKSet.parse(new Browser().get(gateway.baseUrl() + "/jwks").body());
    var processor = new DefaultJWTProcessor<SecurityContext>();
    processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(WebhookNotifier.TYPE));
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, new ImmutableJWKSet<>(jwks)));
    return processor.process(jws, null);
  }

  private JsonObject eventFor(String receiptCode, String type) throws Exception {
    Eventually.until(gateway.vertx(), Duration.ofSeconds(10), "the event", () -> received.stream().anyMatch(j -> decodes(j, receiptCode, type)));
    for (String jws : received) {
      JWTClaimsSet claims = verify(jws);
      JsonObject event = new JsonObject(claims.getJSONObjectClaim("event"));
      if (event.getString("receiptCode").equals(receiptCode) && event.getString("type").equals(type)) {
        assertThat(claims.getAudience()).containsExactly("demo-portal");
        assertThat(claims.getIssuer()).isEqualTo(gateway.baseUrl());
        assertThat(claims.getJWTID()).isNotBlank();
        return event;
      }
    }
    throw new AssertionError("no " + type + " event for " + receiptCode);
  }

  private boolean decodes(String jws, String receiptCode, String type) {
    try {
      JsonObject event = new JsonObject(verify(jws).getJSONObjectClaim("event"));
      return event.getString("receiptCode").equals(receiptCode) && event.getString("type").equals(type);
    } catch (Exception e) {
      return false;
    }
  }


  @Test
  void aStatusChangeReachesThePortalAsASignedEventEvenAfterItWasDown() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String code = submit("demo-portal", now, now.plus(Duration.ofDays(9)));
    failFirst.set(1);

    store.recordStatus(code, 4, now.plusSeconds(60), "report-1", "Đang thẩm định").await();

    JsonObject event = eventFor(code, DossierEvent.STATUS_CHANGED);
    assertThat(event.getJsonObject("status").getInteger("code")).isEqualTo(4);
    assertThat(event.getJsonObject("status").getJsonObject("name").getString("vi")).isEqualTo("Đang xử lý");
    assertThat(event.getString("subject")).isEqualTo("sub-of-citizen-1");
    assertThat(event.getString("note")).isEqualTo("Đang thẩm định");
  }

  @Test
  void anOutOfOrderReportIsAnnouncedWithTheStatusUnchanged() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String code = submit("demo-portal", now, now.plus(Duration.ofDays(9)));
    store.recordStatus(code, 9, now.plusSeconds(120), "late", null).await();
    store.recordStatus(code, 4, now.plusSeconds(60), "early", null).await();
    // A duplicate report changes nothing and announces nothing.
    store.recordStatus(code, 4, now.plusSeconds(60), "early", null).await();

    Eventually.until(gateway.vertx(), Duration.ofSeconds(10), "the event", () -> received.stream().filter(j -> decodes(j, code, DossierEvent.STATUS_CHANGED)).count() >= 2);
    List<JsonObject> events = received.stream().filter(j -> decodes(j, code, DossierEvent.STATUS_CHANGED)).map(j -> {
      try {
        return new JsonObject(verify(j).getJSONObjectClaim("event"));
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }).toList();
    assertThat(events).hasSize(2);
    JsonObject outOfOrder = events.stream().filter(e -> e.getJsonObject("reportedStatus").getInteger("code") == 4).findFirst().orElseThrow();
    assertThat(outOfOrder.getJsonObject("status").getInteger("code")).isEqualTo(9);
  }

  @Test
  void aDossierPastItsDueDateIsFlaggedOnceWithTheApologyNotice() throws Exception {
    Instant received = Instant.now().minus(Duration.ofDays(20)).truncatedTo(ChronoUnit.SECONDS);
    String late = submit("demo-portal", received, received.plus(Duration.ofDays(12)));
    String onTime = submit("demo-portal", received, Instant.now().plus(Duration.ofDays(2)));
    String resolved = submit("demo-portal", received, received.plus(Duration.ofDays(12)));
    store.recordStatus(resolved, 9, received.plus(Duration.ofDays(3)), "done", null).await();

    assertThat(gateway.started().overdue().check().await()).isGreaterThanOrEqualTo(1);

    Dossier d = store.find(late).await().orElseThrow().dossier();
    assertThat(d.overdueAt()).isNotNull();
    assertThat(d.apologyNotice()).contains("PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ").contains(late)
        .contains("Kính gửi: Ông/Bà Nguyễn Thị Hoa").contains("Lý do:");
    assertThat(store.find(onTime).await().orElseThrow().dossier().overdueAt()).isNull();
    assertThat(store.find(resolved).await().orElseThrow().dossier().overdueAt()).isNull();

    JsonObject event = eventFor(late, DossierEvent.OVERDUE);
    assertThat(event.getString("apologyNotice")).isEqualTo(d.apologyNotice());
    // A second pass finds nothing new to flag.
    gateway.started().overdue().check().await();
    assertThat(store.find(late).await().orElseThrow().dossier().overdueAt()).isEqualTo(d.overdueAt());
  }

  @Test
  void aPortalWithoutAWebhookGetsNoCallsAndItsEventsAreClosed() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String code = submit("quiet-portal", now, now.plus(Duration.ofDays(9)));
    store.recordStatus(code, 2, now.plusSeconds(5), "q-1", null).await();

    Eventually.until(gateway.vertx(), Duration.ofSeconds(10), "the event", () -> gateway.started().webhooks().counts().await().getOrDefault("SKIPPED", 0L) >= 1);
    assertThat(received.stream().noneMatch(j -> decodes(j, code, DossierEvent.STATUS_CHANGED))).isTrue();
  }
}
