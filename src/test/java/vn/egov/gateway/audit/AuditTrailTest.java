package vn.egov.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.egov.gateway.store.AuditEntry;
import vn.egov.gateway.store.AuditStore;
import vn.egov.gateway.store.Database;
import vn.egov.gateway.store.StoreOptions;

/**
 * The audit trail on the embedded store: typed events chain up, nothing stored carries a full ID
 * number, and tampering with the table behind the gateway's back (the append-only trigger dropped
 * first, as an intruder with database rights would) is caught with the broken entry named.
 */
class AuditTrailTest {
  private Vertx vertx;
  private Database db;
  private AuditTrail trail;

  @BeforeEach
  void open() {
    vertx = Vertx.vertx();
    db = Database.open(vertx, StoreOptions.embeddedMemory("audit-" + UUID.randomUUID())).await();
    trail = new AuditTrail(new AuditStore(db), Clock.systemUTC());
  }

  @AfterEach
  void close() {
    db.close().await();
    vertx.close().await();
  }

  private void appendSix() {
    Future.all(List.of(
        trail.login("ck-1", "demo-portal", "LoA2", "req-1"),
        trail.consent("ck-1", "demo-portal", Set.of("openid", "prefill"), true, "req-2"),
        trail.dataRelease("ck-1", "demo-portal", "1.001612", List.of("fullName", "birthDate"), "acc-1", "req-3"),
        trail.submission("000.00.01.H26-260930-0012", "ck-1", "demo-portal", "1.001612", "ab12", "req-4"),
        trail.delivery("000.00.01.H26-260930-0012", "000.00.01.H26", "delivered", 1, null),
        trail.statusChange("000.00.01.H26-260930-0012", 4, "agency", "rep-1"))).await();
  }

  private AuditVerifier.Verdict verify() {
    return new AuditVerifier(new AuditStore(db)).verify().await();
  }

  private void sql(String statement) {
    db.pool().query(statement).execute().await();
  }

  @Test
  void typedEventsFormOneIntactChainInOrder() {
    appendSix();
    List<AuditEntry> entries = new AuditStore(db).entries(1, 100).await();
    assertThat(entries).extracting(AuditEntry::type)
        .containsExactly("login", "consent", "data-release", "submission", "delivery", "status-change");
    assertThat(entries.get(0).prevHash()).isEqualTo(AuditEntry.GENESIS);
    for (int i = 1; i < entries.size(); i++) assertThat(entries.get(i).prevHash()).isEqualTo(entries.get(i - 1).hash());
    var v = verify();
    assertThat(v.ok()).isTrue();
    assertThat(v.count()).isEqualTo(6);
  }

  @Test
  void aFullIdNumberHandedToTheTrailIsNeverStored() {
    trail.append(AuditTrail.Event.LOGIN, new io.vertx.core.json.JsonObject().put("note", "citizen 001068692536 logged in")).await();
    String data = new AuditStore(db).entries(1, 1).await().get(0).data();
    assertThat(data).doesNotContain("001068692536").contains("*********536");
  }

  @Test
  void manyConcurrentAppendsKeepOneChain() {
    List<Future<AuditEntry>> all = new ArrayList<>();
    for (int i = 0; i < 300; i++) all.add(trail.login("ck-" + i, "demo-portal", "LoA1", "req-" + i));
    Future.all(all).await();
    var v = verify();
    assertThat(v.ok()).isTrue();
    assertThat(v.count()).isEqualTo(300);
  }

  @Test
  void anAlteredEntryIsCaughtWithItsSeq() {
    appendSix();
    sql("DROP TRIGGER audit_entries_append_only");
    sql("UPDATE audit_entries SET data = REPLACE(data, 'LoA2', 'LoA1') WHERE seq = 1");
    var v = verify();
    assertThat(v.ok()).isFalse();
    assertThat(v.brokenSeq()).isEqualTo(1);
    assertThat(v.reason()).contains("altered");
  }

  @Test
  void anAlteredEntryWhoseHashWasRecomputedBreaksTheNextLink() {
    appendSix();
    AuditEntry third = new AuditStore(db).entries(3, 1).await().get(0);
    String forged = third.data().replace("birthDate", "phone");
    String hash = AuditEntry.hashOf(third.prevHash(), third.seq(), third.at(), third.type(), forged);
    sql("DROP TRIGGER audit_entries_append_only");
    sql("UPDATE audit_entries SET data = '" + forged.replace("'", "''") + "', hash = '" + hash + "' WHERE seq = 3");
    var v = verify();
    assertThat(v.brokenSeq()).isEqualTo(4);
    assertThat(v.count()).isEqualTo(3);
  }

  @Test
  void aDeletedEntryIsCaught() {
    appendSix();
    sql("DROP TRIGGER audit_entries_append_only");
    sql("DELETE FROM audit_entries WHERE seq = 4");
    var v = verify();
    assertThat(v.brokenSeq()).isEqualTo(4);
    assertThat(v.reason()).contains("missing");
    assertThat(v.count()).isEqualTo(3);
  }

  @Test
  void theTriggerRefusesTamperingThroughTheNormalPath() {
    appendSix();
    var refused = db.pool().query("UPDATE audit_entries SET data = '{}' WHERE seq = 2").execute();
    assertThat(refused.transform(ar -> Future.succeededFuture(ar.failed())).await()).isTrue();
    assertThat(verify().ok()).isTrue();
  }

  @Test
  void theAuditVerifyCommandPrintsTheCountAndTheFirstBrokenSeq(@TempDir Path dir) throws Exception {
    // Given a file store with six chained entries
    db.close().await();
    StoreOptions file = StoreOptions.embeddedFile(dir.resolve("egov"));
    db = Database.open(vertx, file).await();
    trail = new AuditTrail(new AuditStore(db), Clock.systemUTC());
    appendSix();
    db.close().await();

    // When the command checks it, it is intact
    Map<String, String> env = Map.of("EGOV_STORE_PATH", dir.resolve("egov").toString());
    assertThat(vn.egov.gateway.MainAccess.run(new String[] {"audit", "verify", "--config", "config/gateway.yaml"}, env)).isEqualTo(0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(AuditCommand.verify(file, new PrintStream(out, true, StandardCharsets.UTF_8))).isEqualTo(0);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("6 entries", "OK");

    // And after an entry is altered behind its back, it names that entry and fails
    db = Database.open(vertx, file).await();
    sql("DROP TRIGGER audit_entries_append_only");
    sql("UPDATE audit_entries SET type = 'consent' WHERE seq = 5");
    db.close().await();
    out.reset();
    assertThat(AuditCommand.verify(file, new PrintStream(out, true, StandardCharsets.UTF_8))).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("BROKEN at seq 5", "4 entries verified");
    assertThat(vn.egov.gateway.MainAccess.run(new String[] {"audit", "verify", "--config", "config/gateway.yaml"}, env)).isEqualTo(1);
    db = Database.open(vertx, StoreOptions.embeddedMemory("audit-after-" + UUID.randomUUID())).await();
    assertThat(Files.exists(dir.resolve("egov.mv.db"))).isTrue();
  }
}
