package vn.egov.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Group commit as the access log and the audit trail use it: an idle writer writes a row at once,
 * rows that arrive during a write go together in the next one, and a refused row fails only its
 * own caller.
 */
class GroupCommitTest {
  /** A writer whose writes complete when the test says so. */
  private static final class Writer {
    final List<List<String>> writes = new ArrayList<>();
    final List<Promise<List<String>>> pending = new ArrayList<>();
    final List<List<String>> pendingRows = new ArrayList<>();
    String refuse;

    synchronized Future<List<String>> write(List<String> rows) {
      writes.add(List.copyOf(rows));
      Promise<List<String>> p = Promise.promise();
      if (refuse != null && rows.contains(refuse)) {
        p.fail(new IllegalArgumentException("refused " + refuse));
      } else {
        pending.add(p);
        pendingRows.add(List.copyOf(rows));
      }
      return p.future();
    }

    synchronized void completeAll() {
      while (!pending.isEmpty()) completeNext();
    }

    synchronized void completeNext() {
      Promise<List<String>> p = pending.remove(0);
      List<String> rows = pendingRows.remove(0);
      p.complete(rows.stream().map(r -> "stored " + r).toList());
    }
  }

  @Test
  void anIdleWriterWritesAtOnceAndRowsArrivingMeanwhileGoTogether() {
    Writer w = new Writer();
    GroupCommit<String, String> g = new GroupCommit<>(w::write, 100, true);
    Future<String> a = g.add("a");
    assertThat(w.writes).containsExactly(List.of("a"));
    Future<String> b = g.add("b");
    Future<String> c = g.add("c");
    assertThat(w.writes).as("b and c wait for a's write").hasSize(1);
    assertThat(b.isComplete()).isFalse();
    w.completeNext();
    assertThat(a.result()).isEqualTo("stored a");
    assertThat(w.writes).containsExactly(List.of("a"), List.of("b", "c"));
    assertThat(b.isComplete()).as("b is answered only after its own commit").isFalse();
    w.completeNext();
    assertThat(b.result()).isEqualTo("stored b");
    assertThat(c.result()).isEqualTo("stored c");
    Future<String> d = g.add("d");
    assertThat(w.writes).as("idle again: d is written at once").hasSize(3);
    w.completeNext();
    assertThat(d.result()).isEqualTo("stored d");
  }

  @Test
  void batchesAreCappedAndTheRestFollows() {
    Writer w = new Writer();
    GroupCommit<String, String> g = new GroupCommit<>(w::write, 2, true);
    g.add("a");
    List<Future<String>> later = new ArrayList<>();
    for (String r : List.of("b", "c", "d", "e", "f")) later.add(g.add(r));
    w.completeNext();
    w.completeNext();
    w.completeNext();
    w.completeNext();
    assertThat(w.writes).containsExactly(List.of("a"), List.of("b", "c"), List.of("d", "e"), List.of("f"));
    assertThat(later).allSatisfy(f -> assertThat(f.succeeded()).isTrue());
  }

  @Test
  void aRefusedRowFailsOnlyItsOwnCaller() {
    Writer w = new Writer();
    GroupCommit<String, String> g = new GroupCommit<>(w::write, 100, true);
    g.add("first");
    Future<String> good1 = g.add("good1");
    Future<String> bad = g.add("bad");
    Future<String> good2 = g.add("good2");
    w.refuse = "bad";
    w.completeNext();
    // the batch of three failed; each row is written again on its own
    w.completeNext();
    w.completeNext();
    assertThat(good1.result()).isEqualTo("stored good1");
    assertThat(good2.result()).isEqualTo("stored good2");
    assertThat(bad.failed()).isTrue();
    assertThat(bad.cause()).hasMessage("refused bad");
    assertThat(w.writes).containsExactly(List.of("first"), List.of("good1", "bad", "good2"), List.of("good1"), List.of("bad"),
        List.of("good2"));
  }

  @Test
  void withoutRetryAFailedBatchFailsEveryRowAndTheQueueGoesOn() {
    Writer w = new Writer();
    GroupCommit<String, String> g = new GroupCommit<>(w::write, 100, false);
    g.add("first");
    Future<String> x = g.add("x");
    Future<String> bad = g.add("bad");
    w.refuse = "bad";
    w.completeNext();
    assertThat(x.failed()).isTrue();
    assertThat(bad.failed()).isTrue();
    assertThat(w.writes).hasSize(2);
    w.refuse = null;
    Future<String> after = g.add("after");
    w.completeNext();
    assertThat(after.result()).isEqualTo("stored after");
  }

  @Test
  void aWriterThatThrowsOrMiscountsFailsItsRowsInsteadOfHanging() {
    GroupCommit<String, String> throwing = new GroupCommit<>(rows -> {
      throw new IllegalStateException("pool closed");
    }, 10, true);
    Future<String> f = throwing.add("a");
    assertThat(f.failed()).isTrue();
    assertThat(f.cause()).hasMessage("pool closed");
    GroupCommit<String, String> miscounting = new GroupCommit<>(rows -> Future.succeededFuture(List.of()), 10, true);
    Future<String> m = miscounting.add("a");
    assertThat(m.failed()).isTrue();
    assertThat(m.cause().getMessage()).contains("0 results for 1 rows");
  }

  /**
   * Callers on different event loops share a batch; each is answered on its own loop, where the
   * rest of its request runs, not on the thread that happened to finish the write.
   */
  @Test
  void eachCallerIsAnsweredOnItsOwnContext() throws Exception {
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    io.vertx.core.Vertx other = io.vertx.core.Vertx.vertx();
    try {
      Writer w = new Writer();
      GroupCommit<String, String> g = new GroupCommit<>(w::write, 100, true);
      io.vertx.core.Context first = vertx.getOrCreateContext();
      io.vertx.core.Context second = other.getOrCreateContext();
      java.util.Map<String, Thread> answeredOn = new java.util.concurrent.ConcurrentHashMap<>();
      java.util.Map<String, Thread> loops = new java.util.concurrent.ConcurrentHashMap<>();
      java.util.concurrent.CountDownLatch added = new java.util.concurrent.CountDownLatch(3);
      java.util.concurrent.CountDownLatch answered = new java.util.concurrent.CountDownLatch(3);
      for (var e : java.util.Map.of("a", first, "b", first, "c", second).entrySet()) {
        e.getValue().runOnContext(v -> {
          loops.put(e.getKey(), Thread.currentThread());
          g.add(e.getKey()).onComplete(ar -> {
            answeredOn.put(e.getKey(), Thread.currentThread());
            answered.countDown();
          });
          added.countDown();
        });
      }
      assertThat(added.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      // The writes complete on the test's thread, which is neither loop.
      for (int i = 0; i < 100 && answered.getCount() > 0; i++) {
        w.completeAll();
        answered.await(50, java.util.concurrent.TimeUnit.MILLISECONDS);
      }
      assertThat(answered.getCount()).isZero();
      assertThat(answeredOn).isEqualTo(loops);
      assertThat(loops.get("a")).isNotEqualTo(loops.get("c"));
    } finally {
      vertx.close().await();
      other.close().await();
    }
  }

  /**
   * A row nobody waits for, on an idle writer, waits for company up to the linger, and goes with
   * the first row somebody does wait for if one comes sooner.
   */
  @Test
  void rowsNobodyWaitsForShareACommitWithinTheLinger() throws Exception {
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    try {
      Writer w = new Writer();
      GroupCommit<String, String> g = new GroupCommit<>(w::write, 100, false, vertx, java.time.Duration.ofMillis(200));
      Future<String> a = g.addSoon("a");
      Future<String> b = g.addSoon("b");
      synchronized (w) {
        assertThat(w.writes).as("idle, but a and b may wait for company").isEmpty();
      }
      for (int i = 0; i < 100 && writes(w) == 0; i++) Thread.sleep(20);
      synchronized (w) {
        assertThat(w.writes).containsExactly(List.of("a", "b"));
      }
      w.completeAll();
      assertThat(a.toCompletionStage().toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("stored a");
      assertThat(b.toCompletionStage().toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("stored b");

      // A row somebody waits for is written at once, and takes the lingering one along.
      g.addSoon("c");
      Future<String> d = g.add("d");
      synchronized (w) {
        assertThat(w.writes).containsExactly(List.of("a", "b"), List.of("c", "d"));
      }
      w.completeAll();
      assertThat(d.toCompletionStage().toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("stored d");
      // The linger's timer, when it fires, finds nothing left to write.
      Thread.sleep(300);
      assertThat(writes(w)).isEqualTo(2);
    } finally {
      vertx.close().await();
    }
  }

  private static int writes(Writer w) {
    synchronized (w) {
      return w.writes.size();
    }
  }
}
