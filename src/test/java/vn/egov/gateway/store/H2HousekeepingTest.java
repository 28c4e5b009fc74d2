package vn.egov.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.egov.gateway.testing.Eventually;

/**
 * The embedded file store under a steady stream of small transactions, each written through
 * before it counts as committed, keeps a file in proportion to its live data, online.
 *
 * <p>The workload is the hard case for H2's chunks: each transaction updates one row picked across
 * a 5 MB table, so each commit's chunk keeps one B-tree leaf that may stay untouched for long.
 * Before this change, the file grew by about 22 KB a transaction for as long as the writes went on
 * (H2 kept every superseded chunk for 45 s, and a chunk with one live page for good); now it levels
 * off at the live data plus about a second's worth of commits.
 */
class H2HousekeepingTest {
  private static final int ROWS = 10_000;
  private static final int TRANSACTIONS = 3_000;
  /** Paced, so that the second's worth of commits H2 keeps does not depend on the machine's speed. */
  private static final int PER_SECOND = 500;
  private static final int IN_FLIGHT = 8;

  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void theFileLevelsOffUnderSustainedWritesAndKeepsEveryCommit(@TempDir Path dir) throws Exception {
    StoreOptions options = StoreOptions.embeddedFile(dir.resolve("egov")).withPoolName("egov-store-housekeeping");
    assertThat(options.jdbcUrl()).contains(";WRITE_DELAY=0", ";RETENTION_TIME=1000");
    Path file = dir.resolve("egov.mv.db");
    Database db = Database.open(vertx, options).await();
    try {
      db.pool().query("CREATE TABLE probe (id INT PRIMARY KEY, body VARCHAR(1000) NOT NULL)").execute().await();
      db.pool().query("INSERT INTO probe SELECT \"X\", REPEAT('r', 400) || \"X\" FROM SYSTEM_RANGE(1, " + ROWS + ")")
          .execute().await();
      AtomicLong largest = new AtomicLong();
      long sampler = vertx.setPeriodic(20, t -> largest.accumulateAndGet(size(file), Math::max));
      AtomicLong atHalf = new AtomicLong();
      updateAll(db, () -> atHalf.set(size(file)));
      vertx.cancelTimer(sampler);
      long peak = Math.max(largest.get(), size(file));
      long secondHalf = size(file) - atHalf.get();
      // With the housekeeping: 25-30 MB at most (5 MB of rows, a second of commits, free space
      // between chunks), reached within 2-3 s, then level. Before it: 72 MB and growing steadily.
      assertThat(secondHalf).as("growth of the file over the second half of the writes, bytes").isLessThan(12L << 20);
      assertThat(peak).as("largest size of the file during the writes, bytes").isLessThan(56L << 20);
      // Once the writes stop, no commit frees anything by itself: the housekeeping rewrites what is
      // left in sparse chunks until H2 counts at least half of the chunks' space as live (about a
      // second here; without it, this stays at about 16%).
      Eventually.until(vertx, Duration.ofSeconds(8), "H2's chunks at least 40% live once the writes stopped",
          () -> chunksFillPercent(db) >= 40);
    } finally {
      db.close().await();
    }
    try (Connection c = DriverManager.getConnection(options.jdbcUrl(), "sa", "")) {
      // Every update is there after reopening (the stride touches no row twice).
      try (ResultSet r = c.createStatement().executeQuery("SELECT COUNT(*), COUNT(CASE WHEN body LIKE 'u%' THEN 1 END) FROM probe")) {
        r.next();
        assertThat(r.getInt(1)).isEqualTo(ROWS);
        assertThat(r.getInt(2)).isEqualTo(TRANSACTIONS);
      }
      PreparedStatement read = c.prepareStatement("SELECT body FROM probe WHERE id = ?");
      for (int i = TRANSACTIONS - 2 * IN_FLIGHT; i < TRANSACTIONS; i++) {
        read.setInt(1, rowOf(i));
        try (ResultSet r = read.executeQuery()) {
          assertThat(r.next()).isTrue();
          assertThat(r.getString(1)).endsWith("#" + i);
        }
      }
      c.createStatement().execute("SHUTDOWN COMPACT");
    }
    assertThat(size(file)).as("the same data rewritten whole by H2").isLessThan(16L << 20);
  }

  /** The row transaction {@code i} updates: a stride over the whole table (7919 is prime to ROWS, so no row comes twice). */
  private static int rowOf(int i) {
    return (int) ((i * 7919L) % ROWS) + 1;
  }

  /** Transaction i updates its row; at most PER_SECOND a second, IN_FLIGHT at once, all from one event loop; {@code atHalf} runs halfway. */
  private void updateAll(Database db, Runnable atHalf) {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger active = new AtomicInteger(IN_FLIGHT);
    Promise<Void> done = Promise.promise();
    String body = "u".repeat(400);
    long start = System.nanoTime();
    Runnable[] writer = new Runnable[1];
    writer[0] = () -> {
      int i = next.get();
      if (i >= TRANSACTIONS) {
        if (active.decrementAndGet() == 0) done.tryComplete();
        return;
      }
      long early = (start + i * 1_000_000_000L / PER_SECOND - System.nanoTime()) / 1_000_000;
      if (early > 0) {
        vertx.setTimer(early, t -> writer[0].run());
        return;
      }
      next.incrementAndGet();
      if (i == TRANSACTIONS / 2) atHalf.run();
      db.pool().withTransaction(conn -> conn.preparedQuery("UPDATE probe SET body = ? WHERE id = ?")
              .execute(Tuple.of(body + "#" + i, rowOf(i))))
          .onSuccess(v -> writer[0].run())
          .onFailure(done::tryFail);
    };
    vertx.runOnContext(v -> {
      for (int k = 0; k < IN_FLIGHT; k++) writer[0].run();
    });
    done.future().await();
  }

  /** H2's own figure: the share of the chunks' space that holds live pages. */
  private static int chunksFillPercent(Database db) {
    return db.pool().query("SELECT setting_value FROM information_schema.settings WHERE setting_name = 'info.CHUNKS_FILL_RATE'")
        .execute().await().iterator().next().getString(0).transform(Integer::parseInt);
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (Exception e) {
      return 0;
    }
  }
}
