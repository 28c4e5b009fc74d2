package vn.egov.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import vn.egov.gateway.dossier.DossierStatus;
import vn.egov.gateway.dossier.PeriodCounts;
import vn.egov.gateway.dossier.ReceiptCode;

/** The pure pieces under the stores: SQL text per dialect, migration files, receipt codes, report arithmetic. */
class StorePartsTest {

  @Test
  void postgresqlGetsNumberedPlaceholdersButNotInsideLiterals() {
    String sql = "SELECT a FROM t WHERE b = ? AND c = '?' AND d IN (?, ?)";

    assertThat(Dialect.POSTGRESQL.sql(sql)).isEqualTo("SELECT a FROM t WHERE b = $1 AND c = '?' AND d IN ($2, $3)");
    assertThat(Dialect.H2.sql(sql)).isEqualTo(sql);
  }

  @Test
  void upsertsAndReturningUpdatesAreSpelledPerDialect() {
    List<String> keys = List.of("k1", "k2");
    List<String> columns = List.of("k1", "k2", "v");

    assertThat(Dialect.POSTGRESQL.upsert("t", keys, columns))
        .isEqualTo("INSERT INTO t (k1, k2, v) VALUES (?, ?, ?) ON CONFLICT (k1, k2) DO UPDATE SET v = EXCLUDED.v");
    assertThat(Dialect.H2.upsert("t", keys, columns)).isEqualTo("MERGE INTO t (k1, k2, v) KEY (k1, k2) VALUES (?, ?, ?)");
    assertThat(Dialect.POSTGRESQL.returning("UPDATE t SET v = 1", "v")).isEqualTo("UPDATE t SET v = 1 RETURNING v");
    assertThat(Dialect.H2.returning("UPDATE t SET v = 1", "v")).isEqualTo("SELECT v FROM FINAL TABLE (UPDATE t SET v = 1)");
  }

  /** PostgreSQL caches its prepared statements: a list must not make a new statement text per length. */
  @Test
  void aListOfValuesIsOneArrayParameterOnPostgresqlAndPlaceholdersOnH2() {
    Dialect.Condition two = Dialect.POSTGRESQL.oneOf("id", List.of("a", "b"));
    Dialect.Condition three = Dialect.POSTGRESQL.oneOf("id", List.of("a", "b", "c"));

    assertThat(two.sql()).isEqualTo("id = ANY(?)").isEqualTo(three.sql());
    assertThat(two.params()).singleElement().isEqualTo(new String[] {"a", "b"});
    Dialect.Condition h2 = Dialect.H2.oneOf("id", List.of("a", "b"));
    assertThat(h2.sql()).isEqualTo("id IN (?, ?)");
    assertThat(h2.params()).containsExactly("a", "b");
  }

  @Test
  void insertsOfOneTableBecomeOneMultiRowInsertInFirstSeenOrder() {
    List<Dialect.Insert> merged = Dialect.Insert.merged(List.of(
        Dialect.Insert.of("INSERT INTO a (x, y) VALUES (?, 1)", "a1"),
        Dialect.Insert.of("INSERT INTO b (x) VALUES (?)", "b1"),
        Dialect.Insert.of("INSERT INTO a (x, y) VALUES (?, 1)", "a2"),
        Dialect.Insert.of("INSERT INTO b (x) VALUES (?)", "b2")));

    assertThat(merged).containsExactly(
        new Dialect.Insert("INSERT INTO a (x, y) VALUES (?, 1), (?, 1)", List.of("a1", "a2")),
        new Dialect.Insert("INSERT INTO b (x) VALUES (?), (?)", List.of("b1", "b2")));
  }

  @Test
  void migrationFilesSplitAtSemicolonsOutsideLiteralsBodiesAndComments() {
    String sql = "-- a comment; not a statement\nCREATE TABLE a (x VARCHAR(3) DEFAULT ';');\n"
        + "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  RAISE EXCEPTION 'x;y';\nEND\n$$;\n\nINSERT INTO a VALUES ('it''s');\n";

    List<String> statements = Migrations.statements(sql);

    assertThat(statements).hasSize(3);
    assertThat(statements.get(0)).isEqualTo("CREATE TABLE a (x VARCHAR(3) DEFAULT ';')");
    assertThat(statements.get(1)).startsWith("CREATE FUNCTION f()").endsWith("END\n$$").contains("RAISE EXCEPTION 'x;y';");
    assertThat(statements.get(2)).isEqualTo("INSERT INTO a VALUES ('it''s')");
  }

  @Test
  void theIndexListsEveryMigrationFileAndEachDialectFindsAllOfThem() throws Exception {
    Path dir = Path.of("src/main/resources/db/migration");
    List<String> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(p -> p.toString().endsWith(".sql")).map(p -> p.getFileName().toString()).distinct().sorted().toList();
    }

    for (Dialect d : Dialect.values()) {
      List<Migrations.Migration> loaded = Migrations.load(d);
      assertThat(loaded).extracting(m -> "V" + m.version() + "__" + m.description() + ".sql").containsExactlyElementsOf(files);
      // A dialect's own file may hold only why it has nothing to do (H2's V5: no partial indexes);
      // a shared file always changes something.
      for (Migrations.Migration m : loaded) {
        String name = "V" + m.version() + "__" + m.description() + ".sql";
        if (!Files.exists(dir.resolve(d.folder()).resolve(name))) {
          assertThat(Migrations.statements(m.sql())).as(name).isNotEmpty();
        }
      }
    }
    assertThat(Migrations.load(Dialect.H2).get(1).sql()).contains("AppendOnlyTrigger");
    assertThat(Migrations.load(Dialect.POSTGRESQL).get(1).sql()).contains("plpgsql");
  }

  /**
   * On H2 a transaction begun by the pool's own {@code withTransaction} or {@code begin()} leaves
   * its connection in manual-commit mode ({@link Dialect#withTransaction}): none may.
   */
  @Test
  void everyTransactionGoesThroughTheDialect() throws Exception {
    Pattern direct = Pattern.compile("(?<!dialect)\\.withTransaction\\(|\\.begin\\(\\)");
    List<String> found = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(Path.of("src/main/java"))) {
      for (Path p : walk.filter(f -> f.toString().endsWith(".java")).toList()) {
        if (p.endsWith(Path.of("store", "Dialect.java"))) continue;
        List<String> lines = Files.readAllLines(p);
        for (int i = 0; i < lines.size(); i++) {
          if (direct.matcher(lines.get(i)).find()) found.add(p.getFileName() + ":" + (i + 1));
        }
      }
    }
    // Migrations begins its own, and ends each with Dialect.endTransaction.
    assertThat(found).allMatch(at -> at.startsWith("Migrations.java:"));
    assertThat(Files.readString(Path.of("src/main/java/vn/egov/gateway/store/Migrations.java"))).contains("dialect.endTransaction(conn)");
  }

  @Test
  void receiptCodesUseTheVietnamDayAndFourDigitsAtLeast() {
    ReceiptCode code = new ReceiptCode("000.00.01.H26", ReceiptCode.dayOf(Instant.parse("2026-09-29T17:00:00Z")), 12);

    assertThat(code.toString()).isEqualTo("000.00.01.H26-260930-0012");
    assertThat(ReceiptCode.parse("000.00.01.H26-260930-0012")).isEqualTo(code);
    assertThatThrownBy(() -> new ReceiptCode("A", LocalDate.of(2026, 9, 30), 10_000))
        .isInstanceOf(vn.egov.gateway.dossier.ReceiptSequenceExhaustedException.class);
    assertThatThrownBy(() -> ReceiptCode.parse("000.00.01.H26-2609-0012")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void closingStatusesAreRefusedWithdrawnStoppedResolvedAndReturned() {
    assertThat(DossierStatus.closingCodes()).containsExactly(3, 7, 8, 9, 10);
    assertThat(DossierStatus.of(1).nameVi()).isEqualTo("Mới đăng ký");
    assertThatThrownBy(() -> DossierStatus.of(11)).isInstanceOf(IllegalArgumentException.class);
  }

  /** Hà Nội, Q2/2022 (DOMAIN.md): the published figures reconcile only this way. */
  @Test
  void theReportArithmeticReproducesHanoisSecondQuarterOf2022() {
    PeriodCounts q2 = new PeriodCounts("Hà Nội", "*", 1_059_072, 0, 1_028_705, 2_258, 28_109, 0);

    assertThat(q2.resolved()).isEqualTo(1_030_963);
    assertThat(q2.inProgress()).isEqualTo(28_109);
    assertThat(q2.received()).isEqualTo(q2.resolved() + q2.inProgress());
    assertThat(Math.round(q2.onTimeShare() * 10_000) / 100.0).isEqualTo(99.78);
    assertThat(Math.round((double) q2.late() / q2.resolved() * 10_000) / 100.0).isEqualTo(0.22);
  }
}
