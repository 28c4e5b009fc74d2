package vn.egov.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.egov.gateway.dossier.DeliveryJob;
import vn.egov.gateway.testing.Eventually;

/**
 * The contract on PostgreSQL (127.0.0.1:5432 unless {@code EGOV_PG_HOST}, {@code EGOV_PG_PORT},
 * {@code EGOV_PG_DATABASE}, {@code EGOV_PG_USER}, {@code EGOV_PG_PASSWORD} say otherwise): a fresh
 * schema per test, dropped afterwards. Without a server the class is skipped with a notice, except
 * under {@code EGOV_REQUIRE_SERVICES=1} (CI), where that is a failure.
 */
class PostgresDossierStoreTest extends DossierStoreContract {
  private static final String HOST = env("EGOV_PG_HOST", "127.0.0.1");
  private static final int PORT = Integer.parseInt(env("EGOV_PG_PORT", "5432"));
  private static final String DATABASE = env("EGOV_PG_DATABASE", "postgres");
  private static final String USER = env("EGOV_PG_USER", "postgres");
  private static final String PASSWORD = System.getenv("EGOV_PG_PASSWORD");

  private Pool admin;
  private String schema;
  private int instances;

  @BeforeAll
  void requirePostgres() throws Exception {
    PgConnectOptions connect = new PgConnectOptions().setHost(HOST).setPort(PORT).setDatabase(DATABASE).setUser(USER);
    if (PASSWORD != null) connect.setPassword(PASSWORD);
    admin = PgBuilder.pool().with(new PoolOptions().setName("egov-test-admin").setMaxSize(2)).connectingTo(connect)
        .using(vertx).build();
    Throwable failure;
    try {
      failure = admin.query("SELECT 1").execute().<Throwable>map(rows -> null).recover(Future::succeededFuture)
          .await(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      failure = e;
    }
    if (failure != null) {
      String notice = "PostgresDossierStoreTest: PostgreSQL does not answer at " + USER + "@" + HOST + ":" + PORT + "/" + DATABASE
          + " (" + failure + "); start it with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`";
      if ("1".equals(System.getenv("EGOV_REQUIRE_SERVICES"))) {
        throw new AssertionError(notice + " (EGOV_REQUIRE_SERVICES=1, so this is a failure, not a skip)", failure);
      }
      System.out.println("SKIPPED " + notice);
      Assumptions.assumeTrue(false, notice);
    }
  }

  @AfterAll
  void closeAdmin() throws Exception {
    if (admin != null) await(admin.close());
  }

  private StoreOptions options() {
    return StoreOptions.postgres(HOST, PORT, DATABASE, USER, PASSWORD).withSchema(schema).withPoolSize(8);
  }

  @Override
  protected Database openFresh() throws Exception {
    schema = "egov_test_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    await(admin.query("CREATE SCHEMA " + schema).execute());
    return await(Database.open(vertx, options().withPoolName("egov-store-" + ++instances)));
  }

  @Override
  protected Database openAnother(int poolSize) throws Exception {
    return await(Database.open(vertx, options().withPoolName("egov-store-" + ++instances).withPoolSize(poolSize)));
  }

  @Override
  protected void dropFresh() throws Exception {
    if (schema != null) await(admin.query("DROP SCHEMA IF EXISTS " + schema + " CASCADE").execute());
    schema = null;
  }

  @Test
  void instancesStartingTogetherMigrateOnce() throws Exception {
    String fresh = "egov_test_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    await(admin.query("CREATE SCHEMA " + fresh).execute());
    try {
      StoreOptions o = StoreOptions.postgres(HOST, PORT, DATABASE, USER, PASSWORD).withSchema(fresh).withPoolSize(2);
      List<Future<Database>> starting = List.of(Database.open(vertx, o.withPoolName("egov-race-1")),
          Database.open(vertx, o.withPoolName("egov-race-2")), Database.open(vertx, o.withPoolName("egov-race-3")));
      List<Database> started = awaitAll(starting);
      try {
        assertThat(started.stream().map(Database::migrated).filter(m -> !m.isEmpty()).toList()).containsExactly(List.of(1, 2, 3, 4, 5));
        assertThat(schemaVersions(started.get(0))).containsExactly(1, 2, 3, 4, 5);
      } finally {
        for (Database d : started) await(d.close());
      }
    } finally {
      await(admin.query("DROP SCHEMA " + fresh + " CASCADE").execute());
    }
  }

  /**
   * With autovacuum off (as on this project's CI server) nothing would ever clear the dead rows a
   * lease and a delivery leave behind, and every lease would read past all of them: the store
   * vacuums the outbox itself after a number of leased jobs.
   */
  @Test
  void theStoreVacuumsItsOutboxWhereAutovacuumIsOff() throws Exception {
    boolean serverVacuums = "on".equals(await(db.pool().query("SHOW autovacuum").execute()).iterator().next().getString(0));
    assertThat(db.outboxVacuum().active()).as("the gateway vacuums its outboxes exactly when the server does not")
        .isEqualTo(!serverVacuums);
    DossierStore vacuuming = new SqlDossierStore(db.pool(), db.dialect(), new OutboxVacuum(db.pool(), 6));
    for (int i = 0; i < 8; i++) submit("vacuum-" + i, AGENCY);
    assertThat(vacuumCount()).isZero();

    List<DeliveryJob> first = await(vacuuming.lease("owner-a", 4, Duration.ofMinutes(1), clock.instant()));
    for (DeliveryJob j : first) await(vacuuming.delivered(j.id(), "owner-a", clock.instant()));
    assertThat(vacuumCount()).as("4 leased: under the threshold of 6").isZero();
    await(vacuuming.lease("owner-a", 4, Duration.ofMinutes(1), clock.instant()));

    Eventually.until(vertx, Duration.ofSeconds(10), "delivery_jobs vacuumed (and analysed)",
        () -> vacuumCount() >= 1 && analyzeCount() >= 1);
  }

  private long vacuumCount() throws Exception {
    return statistic("vacuum_count");
  }

  private long analyzeCount() throws Exception {
    return statistic("analyze_count");
  }

  private long statistic(String column) throws Exception {
    // Statistics are read in a snapshot per transaction: clear it so each read sees the latest.
    await(admin.query("SELECT pg_stat_clear_snapshot()").execute());
    var rows = await(admin.preparedQuery("SELECT " + column + " FROM pg_stat_user_tables WHERE schemaname = $1 AND relname = 'delivery_jobs'")
        .execute(Tuple.of(schema)));
    return rows.iterator().next().getLong(0);
  }

  @Test
  void aChangedMigrationIsRefused() throws Exception {
    await(db.pool().query("UPDATE schema_version SET checksum = 'edited' WHERE version = 1").execute());

    Throwable failure = failureOf(Database.open(vertx, options().withPoolName("egov-store-checksum")));

    assertThat(failure).hasMessageContaining("V1__init was changed after it was applied");
  }

  private static String env(String name, String fallback) {
    return Optional.ofNullable(System.getenv(name)).filter(v -> !v.isBlank()).orElse(fallback);
  }
}
