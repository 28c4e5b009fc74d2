package vn.egov.gateway.store;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an embedded H2 file in proportion to its live data while the gateway writes to it.
 *
 * <p>Why it is needed: the file store's URL has {@code WRITE_DELAY=0}, so that each commit is
 * written before the gateway answers (H2 2.x commits synchronously only then). That also leaves the
 * MVStore without its background writer thread, which is what rewrites sparsely used chunks, and
 * makes each commit write a chunk of its own (tens of KB: every page the transaction touched, with
 * the path up to each root). In such a chunk a page or two (a B-tree leaf that later commits no
 * longer touch) stay live long after the rest was superseded, and the chunk keeps all its space:
 * with no one rewriting those pages the file grew by 50-80 KB per dossier for about 1 KB of data
 * (BENCHMARKS.md, "H2 file growth").
 *
 * <p>What it does, {@link #INTERVAL} after the end of its last run, as a worker verticle (on a
 * worker thread, never an event loop), through H2's public MVStore API:
 * <ol>
 *   <li>{@link MVStore#compact(int, int)}: while less than {@link #TARGET_FILL_PERCENT}% of the
 *       chunks' space is live, H2 moves the live pages of the sparsest, oldest chunks into a new
 *       one, {@link #REWRITE_BYTES} at a time under its store lock (a commit waits for one such
 *       step at most), for up to {@link #WORK_PER_RUN} a run;</li>
 *   <li>{@link MVStore#commit()} after each step: writes those pages, so the old chunks hold
 *       nothing live and H2 reuses their space at a later commit;</li>
 *   <li>{@link MVStore#sync()}: an fsync of what was written since the last run. The store URL sets
 *       {@code RETENTION_TIME} to {@link StoreOptions#H2_RETENTION_MILLIS} instead of H2's 45 s, and
 *       H2 documents a short retention as safe when the file is flushed within it; this flush,
 *       several times a second, is what makes it so.</li>
 * </ol>
 * Commits stay synchronous: nothing here changes when or how a transaction is written.
 *
 * <p>It holds a JDBC connection of its own to reach the store, closed when the verticle is
 * undeployed ({@link Database#close()}, or Vert.x closing), after any run in progress. Nothing here
 * interrupts a thread: an interrupt closes H2's file channel under a running write, and H2 then
 * closes the store.
 */
final class H2Housekeeping extends VerticleBase {
  static final Duration INTERVAL = Duration.ofMillis(100);
  static final int TARGET_FILL_PERCENT = 50;
  static final int REWRITE_BYTES = 512 << 10;
  static final Duration WORK_PER_RUN = Duration.ofMillis(30);

  private static final Logger LOG = LoggerFactory.getLogger(H2Housekeeping.class);

  private final String jdbcUrl;
  private Connection connection;
  private MVStore store;
  private long timer = -1;
  private boolean stopped;
  private long syncedVersion = -1;
  private long failures;

  private H2Housekeeping(String jdbcUrl) {
    this.jdbcUrl = jdbcUrl;
  }

  /**
   * Starts the housekeeping of the (already open) file database at {@code jdbcUrl}, as a worker
   * verticle: its runs take a worker thread, one at a time, and Vert.x stops it when it closes.
   * The deployment id, for {@link Vertx#undeploy(String)}.
   */
  static Future<String> deploy(Vertx vertx, String jdbcUrl) {
    return vertx.deployVerticle(new H2Housekeeping(jdbcUrl), new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER));
  }

  @Override
  public Future<?> start() throws SQLException {
    connection = DriverManager.getConnection(jdbcUrl, "sa", "");
    try {
      SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
      store = session.getDatabase().getStore().getMvStore();
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
    schedule();
    return Future.succeededFuture();
  }

  /** The next run {@link #INTERVAL} after this one ends, so that slow runs never queue up. */
  private void schedule() {
    if (!stopped) timer = vertx.setTimer(INTERVAL.toMillis(), id -> {
      runOnce();
      schedule();
    });
  }

  /** One run; failures are logged and the next run tries again (a closed store is left alone). */
  void runOnce() {
    try {
      if (store.isClosed()) return;
      long until = System.nanoTime() + WORK_PER_RUN.toNanos();
      while (store.compact(TARGET_FILL_PERCENT, REWRITE_BYTES)) {
        store.commit();
        if (System.nanoTime() - until > 0) break;
      }
      long version = store.getCurrentVersion();
      if (version != syncedVersion) {
        store.sync();
        syncedVersion = version;
      }
    } catch (RuntimeException e) {
      if (store.isClosed()) return;
      // The same cause would otherwise be logged ten times a second.
      if (failures++ % 600 == 0) LOG.warn("H2 housekeeping failed ({} so far): {}", failures, e.toString());
    }
  }

  /** Runs after a run in progress (the worker context runs one task at a time); closes the connection. */
  @Override
  public Future<?> stop() throws SQLException {
    stopped = true;
    vertx.cancelTimer(timer);
    connection.close();
    return Future.succeededFuture();
  }
}
