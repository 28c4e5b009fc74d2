package vn.egov.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.egov.gateway.store.AuditEntry;
import vn.egov.gateway.store.AuditStore;
import vn.egov.gateway.store.Database;
import vn.egov.gateway.store.StoreOptions;
import vn.egov.gateway.testing.Services;

/**
 * The chain on PostgreSQL, shared by gateway processes: two instances, each with its own Vert.x
 * and connection pool (as two processes have), append at once and still form one chain; and an
 * entry altered with the append-only trigger disabled is caught. A fresh schema per test.
 */
class PostgresAuditTrailTest {
  private static final String HOST = "127.0.0.1";
  private static final String DATABASE = "postgres";
  private static final String USER = "postgres";

  private Vertx adminVertx;
  private Pool admin;
  private String schema;
  private final List<Vertx> processes = new ArrayList<>();
  private final List<Database> databases = new ArrayList<>();

  @BeforeEach
  void freshSchema() {
    Services.requirePostgres();
    adminVertx = Vertx.vertx();
    admin = PgBuilder.pool().with(new PoolOptions().setName("audit-test-admin").setMaxSize(1))
        .connectingTo(new PgConnectOptions().setHost(HOST).setPort(5432).setDatabase(DATABASE).setUser(USER)).using(adminVertx).build();
    schema = "egov_audit_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    admin.query("CREATE SCHEMA " + schema).execute().await();
  }

  @AfterEach
  void dropSchema() {
    for (Database d : databases) d.close().await();
    for (Vertx v : processes) v.close().await();
    if (admin != null) {
      admin.query("DROP SCHEMA IF EXISTS " + schema + " CASCADE").execute().await();
      admin.close().await();
      adminVertx.close().await();
    }
  }

  private Database process(int n) {
    Vertx vertx = Vertx.vertx();
    processes.add(vertx);
    Database db = Database.open(vertx, StoreOptions.postgres(HOST, 5432, DATABASE, USER, null).withSchema(schema)
        .withPoolSize(4).withPoolName("audit-process-" + n)).await();
    databases.add(db);
    return db;
  }

  @Test
  void twoInstancesAppendingAtOnceKeepOneChain() {
    Database a = process(1);
    Database b = process(2);
    AuditTrail ta = new AuditTrail(new AuditStore(a), Clock.systemUTC());
    AuditTrail tb = new AuditTrail(new AuditStore(b), Clock.systemUTC());
    // Two trails per process too, as several verticle instances would hold if each built its own.
    AuditTrail ta2 = new AuditTrail(new AuditStore(a), Clock.systemUTC());
    List<Future<AuditEntry>> all = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      all.add(ta.login("a-" + i, "demo-portal", "LoA1", "r"));
      all.add(tb.consent("b-" + i, "demo-portal", List.of("openid"), true, "r"));
      all.add(ta2.dataRelease("c-" + i, "demo-portal", "1.001612", List.of("fullName"), "acc", "r"));
    }
    Future.all(all).await();
    var v = new AuditVerifier(new AuditStore(a)).verify().await();
    assertThat(v.ok()).as(String.valueOf(v.reason())).isTrue();
    assertThat(v.count()).isEqualTo(450);
    assertThat(all).extracting(f -> f.result().seq()).doesNotHaveDuplicates();
  }

  @Test
  void anEntryAlteredWithTheTriggerDisabledIsCaught() {
    Database a = process(1);
    AuditTrail trail = new AuditTrail(new AuditStore(a), Clock.systemUTC());
    for (int i = 0; i < 5; i++) trail.login("ck-" + i, "demo-portal", "LoA2", "r").await();
    admin.query("ALTER TABLE " + schema + ".audit_entries DISABLE TRIGGER audit_entries_append_only").execute().await();
    admin.query("UPDATE " + schema + ".audit_entries SET data = replace(data, 'LoA2', 'LoA1') WHERE seq = 3").execute().await();
    var v = new AuditVerifier(new AuditStore(a)).verify().await();
    assertThat(v.brokenSeq()).isEqualTo(3);
    assertThat(v.count()).isEqualTo(2);
  }
}
