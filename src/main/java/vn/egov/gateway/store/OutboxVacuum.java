package vn.egov.gateway.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vacuums the PostgreSQL outboxes itself when the server's autovacuum is off.
 *
 * <p>Each leased row leaves dead versions behind (the lease, then its outcome), and their entries
 * stay at the head of the pending index, which every lease reads from the start, until a vacuum
 * removes them. Without one the lease slows down in proportion to everything ever delivered: in a
 * bench of a million dossiers against a server with autovacuum off, a lease took 73 ms on
 * average and delivery fell behind acceptance by 600,000 jobs. Migration V5 tunes autovacuum for
 * these tables where it runs; where it does not, this runs {@code VACUUM (ANALYZE, SKIP_LOCKED)} on
 * a table after every {@link #EVERY} rows this process has leased from it (ANALYZE too: with
 * autovacuum off nothing else keeps the planner's figures current), one at a time per table,
 * in the background (a failure is logged and the next threshold tries again).
 */
public final class OutboxVacuum {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxVacuum.class);

  /** Leased rows of one table between two vacuums of it. */
  static final long EVERY = 25_000;

  /** Never vacuums: H2, or a server whose autovacuum runs. */
  public static final OutboxVacuum NONE = new OutboxVacuum(null, EVERY);

  private final Pool pool;
  private final long every;
  private final Map<String, AtomicLong> leased = new ConcurrentHashMap<>();
  private final Set<String> running = ConcurrentHashMap.newKeySet();

  /** Vacuums a table of {@code pool} after every {@code every} rows leased from it. */
  OutboxVacuum(Pool pool, long every) {
    this.pool = pool;
    this.every = every;
  }

  /** For a PostgreSQL pool: this process's own vacuuming if the server's autovacuum is off, else {@link #NONE}. */
  static Future<OutboxVacuum> forServer(Pool pool) {
    return pool.query("SELECT current_setting('autovacuum') AS on").execute().map(rows -> {
      if ("on".equals(rows.iterator().next().getString("on"))) return NONE;
      LOG.warn("autovacuum is off on this PostgreSQL server: the gateway vacuums its outboxes itself after every {} leased jobs;"
          + " the other tables are left to the DBA", EVERY);
      return new OutboxVacuum(pool, EVERY);
    });
  }

  boolean active() {
    return pool != null;
  }

  /** {@code rows} were just leased from {@code table}. */
  void leased(String table, int rows) {
    if (pool == null || rows == 0) return;
    AtomicLong count = leased.computeIfAbsent(table, t -> new AtomicLong());
    if (count.addAndGet(rows) < every || !running.add(table)) return;
    count.set(0);
    long start = System.nanoTime();
    // VACUUM cannot run in a transaction: a simple query on a pooled connection, outside any.
    pool.query("VACUUM (ANALYZE, SKIP_LOCKED) " + table).execute()
        .onComplete(ar -> {
          running.remove(table);
          if (ar.succeeded()) {
            LOG.debug("outbox vacuumed table={} in {} ms", table, (System.nanoTime() - start) / 1_000_000);
          } else {
            LOG.warn("outbox vacuum failed table={}: {}", table, ar.cause().toString());
          }
        });
  }
}
