package vn.egov.gateway.store;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Group commit: rows appended while a write is in flight wait and go together in the next one, so a
 * busy gateway commits once per batch instead of once per row, and an idle one writes each row at
 * once (no timer, no added latency). Each caller's future completes when its own row is committed,
 * on the caller's context (a batch is written on the context of whoever started it). Safe to call
 * from several event loops.
 *
 * <p>A failed batch of several rows is written again row by row, so one row that the database
 * refuses fails only its own caller.
 *
 * @param <T> a row to write
 * @param <R> what the write gives back for each row, in order
 */
public final class GroupCommit<T, R> {
  /** A queued row, and the context of its caller, where its future completes. */
  private record Pending<T, R>(T row, Promise<R> promise, Context caller) {
    void settle(AsyncResult<R> result) {
      if (caller == null || caller == Vertx.currentContext()) promise.handle(result);
      else caller.runOnContext(v -> promise.handle(result));
    }
  }

  private final Function<List<T>, Future<List<R>>> writer;
  private final int maxBatch;
  private final boolean retrySingly;
  private final List<Pending<T, R>> queue = new ArrayList<>();
  private boolean writing;
  /** For {@link #addSoon}: where its timer runs, and how long a row may wait for company. */
  private final Vertx vertx;
  private final long lingerMillis;
  private boolean lingering;

  /**
   * @param writer writes the rows in one transaction, all or nothing, and gives one result per row
   * @param retrySingly whether a failed batch is retried row by row; {@code false} where the rows of
   *     a batch depend on each other (a hash chain), and a failure is the store's, not a row's
   */
  public GroupCommit(Function<List<T>, Future<List<R>>> writer, int maxBatch, boolean retrySingly) {
    this(writer, maxBatch, retrySingly, null, Duration.ZERO);
  }

  /**
   * @param vertx runs the timer of {@link #addSoon}
   * @param linger how long a row of {@link #addSoon} may wait, when the writer is idle, for others
   *     to share its commit
   */
  public GroupCommit(Function<List<T>, Future<List<R>>> writer, int maxBatch, boolean retrySingly, Vertx vertx, Duration linger) {
    if (maxBatch < 1) throw new IllegalArgumentException("maxBatch must be at least 1");
    this.writer = writer;
    this.maxBatch = maxBatch;
    this.retrySingly = retrySingly;
    this.vertx = vertx;
    this.lingerMillis = linger.toMillis();
  }

  /** Queues the row; the future completes once it is committed. */
  public Future<R> add(T row) {
    Promise<R> promise = Promise.promise();
    boolean start;
    synchronized (this) {
      queue.add(new Pending<>(row, promise, Vertx.currentContext()));
      start = !writing;
      if (start) writing = true;
    }
    if (start) writeNext();
    return promise.future();
  }

  /**
   * Queues a row that nobody waits for: it goes with the next write, or, if the writer is idle,
   * at the latest after the linger, with whatever arrived meanwhile. Spread-out rows then share a
   * commit instead of paying one each. The future completes once it is committed.
   */
  public Future<R> addSoon(T row) {
    if (vertx == null || lingerMillis <= 0) return add(row);
    Promise<R> promise = Promise.promise();
    boolean arm;
    synchronized (this) {
      queue.add(new Pending<>(row, promise, Vertx.currentContext()));
      arm = !writing && !lingering;
      if (arm) lingering = true;
    }
    if (arm) vertx.setTimer(lingerMillis, id -> {
      boolean start;
      synchronized (this) {
        lingering = false;
        start = !writing && !queue.isEmpty();
        if (start) writing = true;
      }
      if (start) writeNext();
    });
    return promise.future();
  }

  private void writeNext() {
    List<Pending<T, R>> batch;
    synchronized (this) {
      if (queue.isEmpty()) {
        writing = false;
        return;
      }
      int n = Math.min(queue.size(), maxBatch);
      batch = new ArrayList<>(queue.subList(0, n));
      queue.subList(0, n).clear();
    }
    write(batch).onComplete(done -> writeNext());
  }

  private Future<Void> write(List<Pending<T, R>> batch) {
    List<T> rows = new ArrayList<>(batch.size());
    for (Pending<T, R> p : batch) rows.add(p.row());
    Future<List<R>> written;
    try {
      written = writer.apply(rows);
    } catch (RuntimeException e) {
      written = Future.failedFuture(e);
    }
    return written.transform(ar -> {
      if (ar.succeeded() && ar.result().size() == batch.size()) {
        for (int i = 0; i < batch.size(); i++) batch.get(i).settle(Future.succeededFuture(ar.result().get(i)));
        return Future.succeededFuture();
      }
      Throwable cause = ar.succeeded()
          ? new IllegalStateException("the writer gave " + ar.result().size() + " results for " + batch.size() + " rows")
          : ar.cause();
      if (batch.size() == 1 || !retrySingly) {
        for (Pending<T, R> p : batch) p.settle(Future.failedFuture(cause));
        return Future.succeededFuture();
      }
      Future<Void> chain = Future.succeededFuture();
      for (Pending<T, R> p : batch) chain = chain.compose(v -> write(List.of(p)));
      return chain;
    });
  }
}
