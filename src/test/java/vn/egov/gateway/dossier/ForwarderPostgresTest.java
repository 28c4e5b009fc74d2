package vn.egov.gateway.dossier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.egov.gateway.config.AgencyConfig;
import vn.egov.gateway.config.DeliveryConfig;
import vn.egov.gateway.crypto.SigningKeys;
import vn.egov.gateway.store.Database;
import vn.egov.gateway.store.SqlDossierStore;
import vn.egov.gateway.store.StoreOptions;
import vn.egov.gateway.testing.AgencyStub;
import vn.egov.gateway.testing.BlockedThreadWatch;
import vn.egov.gateway.testing.Eventually;
import vn.egov.gateway.testing.Services;

/**
 * Two gateway instances (two forwarders, two pools, two owners) on one PostgreSQL store, in a fresh
 * schema: every dossier reaches the agency, and none is sent twice.
 */
class ForwarderPostgresTest {
  private static final String AGENCY = ForwarderTest.AGENCY;
  private static final int DOSSIERS = 40;

  private Vertx vertx;
  private int blockedMark;
  private AgencyStub agency;
  private Pool admin;
  private String schema;
  private final List<Database> opened = new ArrayList<>();

  @BeforeEach
  void start() {
    Services.requirePostgres();
    vertx = Vertx.vertx(BlockedThreadWatch.options());
    agency = AgencyStub.start();
    admin = PgBuilder.pool().with(new PoolOptions().setName("forwarder-test-admin").setMaxSize(1))
        .connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(5432).setDatabase("postgres").setUser("postgres"))
        .using(vertx).build();
    schema = "egov_test_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    admin.query("CREATE SCHEMA " + schema).execute().await();
    blockedMark = BlockedThreadWatch.mark();
  }

  @AfterEach
  void stop() {
    try {
      for (Database d : opened) d.close().await();
      if (admin != null && schema != null) admin.query("DROP SCHEMA IF EXISTS " + schema + " CASCADE").execute().await();
      if (admin != null) admin.close().await();
      if (vertx != null) vertx.close().await();
      if (agency != null) agency.close();
    } finally {
      BlockedThreadWatch.assertNoneSince(blockedMark);
    }
  }

  private Database open(String name) {
    Database d = Database.open(vertx, StoreOptions.postgres("127.0.0.1", 5432, "postgres", "postgres", null).withSchema(schema)
        .withPoolSize(4).withPoolName(name)).await();
    opened.add(d);
    return d;
  }

  @Test
  void twoInstancesDeliverEveryDossierOnceBetweenThem() throws Exception {
    agency.server().stubFor(post(urlPathMatching("/agencies/.+/dossiers"))
        .willReturn(aResponse().withStatus(201).withFixedDelay(30)));
    Database a = open("egov-store-a");
    Database b = open("egov-store-b");
    SqlDossierStore storeA = new SqlDossierStore(a);
    Instant now = Instant.now();
    List<Future<SubmitResult>> submitted = new ArrayList<>();
    for (int i = 0; i < DOSSIERS; i++) {
      submitted.add(storeA.submit(new NewSubmission("portal-hanoi", "key-" + i, "hash-" + i, "1.001612", AGENCY, "c-" + i, "s-" + i,
          "{\"n\":" + i + "}", now, now.plus(Duration.ofDays(3)), "test")));
    }
    Future.all(submitted).await();

    SigningKeys keys = SigningKeys.load(List.of(Path.of("certs-dev/gateway-signing-1.jwk")));
    DeliveryConfig d = ForwarderTest.delivery(4, 10, 100, Duration.ofSeconds(30), Duration.ofSeconds(5));
    d = new DeliveryConfig(true, d.clientCert(), d.clientKey(), d.trustedCa(), d.connectTimeout(), d.timeout(), d.maxInFlight(),
        d.initialBackoff(), d.maxBackoff(), d.budget(), d.leaseDuration(), d.pollInterval(), 4, d.breakerMaxFailures(), d.breakerReset());
    List<AgencyConfig> agencies = List.of(new AgencyConfig(AGENCY, URI.create(agency.baseUrl(AGENCY)), 4, d.timeout()));
    DeliveryConfig config = d;
    Future.all(
        vertx.deployVerticle(new Forwarder(storeA, agencies, config, ForwarderTest.ISSUER, keys, Clock.systemUTC(), "instance-a")),
        vertx.deployVerticle(new Forwarder(new SqlDossierStore(b), agencies, config, ForwarderTest.ISSUER, keys, Clock.systemUTC(),
            "instance-b"))).await();

    Eventually.until(vertx, Duration.ofSeconds(60), "every dossier delivered",
        () -> storeA.outboxStats(Instant.now()).await().delivered() == DOSSIERS);

    List<LoggedRequest> sent = agency.deliveries();
    Map<String, Integer> byKey = new HashMap<>();
    for (LoggedRequest r : sent) byKey.merge(r.getHeader("Idempotency-Key"), 1, Integer::sum);
    assertThat(byKey).hasSize(DOSSIERS);
    assertThat(byKey.values()).allMatch(n -> n == 1);
    assertThat(sent).hasSize(DOSSIERS);
    Map<String, Integer> byOwner = new HashMap<>();
    for (Row r : a.pool().query("SELECT lease_owner, attempts FROM delivery_jobs").execute().await()) {
      byOwner.merge(r.getString(0), 1, Integer::sum);
      assertThat(r.getInteger(1)).isEqualTo(1);
    }
    assertThat(byOwner.keySet()).containsExactlyInAnyOrder("instance-a", "instance-b");
  }
}
