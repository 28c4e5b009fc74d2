import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import vn.egov.gateway.dossier.NewSubmission;
import vn.egov.gateway.dossier.SubmitResult;
import vn.egov.gateway.store.Database;
import vn.egov.gateway.store.SqlDossierStore;
import vn.egov.gateway.store.StoreOptions;

/**
 * Baseline of the dossier benchmark: the gateway's own durable write, alone. Opens the store as the
 * gateway does (same StoreOptions, pool size, migrations) on a fresh H2 file or PostgreSQL schema,
 * and calls {@code SqlDossierStore.submit} N times with C in flight, on the same agencies and with
 * the same form (the one the generator sent, each with its own detail) as the benchmark: the
 * transaction that makes a dossier "accepted" (idempotency row, receipt counter, dossier, first
 * history entry, delivery job, all or nothing), without HTTP, token verification, validation,
 * the audit entry, logging or the forwarder. What the gateway adds on top is the gap between this
 * and its accepted/s. Run from the project root with the gateway jar's classes (and the bench jar's
 * HdrHistogram):
 *
 *   java -cp target/egov-gateway.jar:bench/target/egov-bench.jar bench/tools/StoreBaseline.java --store h2 --path DIR/baseline \
 *       --dossiers 50000 --warmup 3000 --concurrency 32 --agencies 120 --sample DIR/dossier-sample-h2.json --out DIR/baseline-h2.json
 *   ... --store pg --host 127.0.0.1 --port 5432 --database test --user postgres --schema egov_bench_base_x (an existing empty schema)
 *
 * With {@code --deliver true} the store's side of delivery runs beside the submissions, as the
 * forwarder drives it (woken by every accepted dossier, leases of up to 64 jobs, at most 960 held,
 * a 1 s poll when idle), without the agency: the lease with the dossiers it carries, and per job
 * the "delivered" mark (batched as the forwarder batches them). Then the figure is accepted and delivered, the time from the first
 * submission to the last delivery, and the machine's CPU per dossier for both.
 */
public class StoreBaseline {
  public static void main(String[] args) throws Exception {
    Map<String, String> o = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    int n = Integer.parseInt(o.getOrDefault("dossiers", "50000"));
    int warm = Integer.parseInt(o.getOrDefault("warmup", "3000"));
    int conc = Integer.parseInt(o.getOrDefault("concurrency", "32"));
    int agencies = Integer.parseInt(o.getOrDefault("agencies", "120"));
    int poolSize = Integer.parseInt(o.getOrDefault("pool-size", "8"));
    String store = o.getOrDefault("store", "h2");
    boolean deliver = Boolean.parseBoolean(o.getOrDefault("deliver", "false"));
    StoreOptions options = store.equals("h2")
        ? StoreOptions.embeddedFile(Path.of(o.get("path"))).withPoolSize(poolSize)
        : StoreOptions.postgres(o.getOrDefault("host", "127.0.0.1"), Integer.parseInt(o.getOrDefault("port", "5432")),
            o.getOrDefault("database", "test"), o.getOrDefault("user", "postgres"), o.get("password"))
            .withSchema(o.get("schema")).withPoolSize(poolSize);
    JsonObject sample = new JsonObject(Files.readString(Path.of(o.get("sample"))));

    Vertx vertx = Vertx.vertx();
    try {
      Database db = Database.open(vertx, options).await();
      SqlDossierStore dossiers = new SqlDossierStore(db);
      Deliverer deliverer = deliver ? new Deliverer(vertx, dossiers) : null;
      run(vertx, dossiers, "w", warm, conc, agencies, sample, null, deliverer);
      if (deliverer != null) deliverer.awaitDelivered(warm);
      Run r = new Run();
      long cpu0 = cpu();
      long[] machine0 = machine();
      Map<Long, Long> pg0 = postgresTicks();
      long t0 = System.nanoTime();
      if (deliverer != null) deliverer.measure(n);
      run(vertx, dossiers, "d", n, conc, agencies, sample, r, deliverer);
      double submitSeconds = (System.nanoTime() - t0) / 1e9;
      if (deliverer != null) deliverer.awaitDelivered(warm + n);
      double seconds = (System.nanoTime() - t0) / 1e9;
      double cpuCores = (cpu() - cpu0) / 1e9 / seconds;
      Map<Long, Long> pg1 = postgresTicks();
      long pgTicks = 0;
      for (var e : pg1.entrySet()) pgTicks += e.getValue() - pg0.getOrDefault(e.getKey(), 0L);
      double pgSeconds = pgTicks / 100.0; // USER_HZ
      double storeCpuMs = (cpuCores * seconds + pgSeconds) / n * 1000;
      long[] machine1 = machine();
      long total = machine1[0] - machine0[0];
      double machineBusy = total <= 0 ? 0 : Runtime.getRuntime().availableProcessors() * (double) (total - (machine1[1] - machine0[1])) / total;
      java.util.Arrays.sort(r.done);
      int a = n / 10;
      int b = n * 9 / 10;
      double steady = n >= 20 ? (b - a) / ((r.done[b] - r.done[a]) / 1e9) : 0;
      JsonObject out = new JsonObject().put("store", store).put("dossiers", n).put("warmup", warm).put("concurrency", conc)
          .put("poolSize", poolSize).put("agencies", agencies).put("seconds", Math.round(seconds * 10) / 10.0)
          .put("perSecond", Math.round(r.ok.get() / seconds * 10) / 10.0).put("perSecondSteady", Math.round(steady * 10) / 10.0)
          .put("stored", r.ok.get()).put("failed", r.failed.get())
          .put("processCores", Math.round(cpuCores * 100) / 100.0)
          .put("machineBusyCores", Math.round(machineBusy * 100) / 100.0)
          .put("latency", latency(r.latency))
          .put("machineCpuMsPerDossier", Math.round(machineBusy * seconds / n * 1e5) / 100.0)
          .put("postgresCores", Math.round(pgSeconds / seconds * 100) / 100.0)
          .put("cpuMsPerDossier", Math.round(storeCpuMs * 100) / 100.0);
      if (deliverer != null) {
        out.put("submitSeconds", Math.round(submitSeconds * 10) / 10.0).put("acceptedPerSecond", Math.round(n / submitSeconds * 10) / 10.0)
            .put("deliveredPerSecond", Math.round(n / seconds * 10) / 10.0).put("leases", deliverer.leases)
            .put("deliveryFailures", deliverer.failures.get());
      }
      Files.writeString(Path.of(o.get("out")), out.encodePrettily());
      System.out.printf(Locale.ROOT, "[%s] baseline, SqlDossierStore.submit in-process: %d stored in %.1f s = %.1f/s (steady %.1f/s),"
              + " p50 %.2f p99 %.2f ms, %d failed, this JVM %.2f cores, machine %.2f busy (PostgreSQL's server and other load included)%n",
          store, r.ok.get(), seconds, r.ok.get() / seconds, steady, r.latency.getValueAtPercentile(50) / 1000.0,
          r.latency.getValueAtPercentile(99) / 1000.0, r.failed.get(), cpuCores, machineBusy);
      if (deliverer != null) {
        System.out.printf(Locale.ROOT, "[%s] with delivery: %d accepted in %.1f s (%.1f/s), all delivered after %.1f s (%.1f/s),"
                + " %d leases, %d delivery failures; machine CPU %.2f ms per dossier%n", store, n, submitSeconds, n / submitSeconds,
            seconds, n / seconds, deliverer.leases, deliverer.failures.get(), machineBusy * seconds / n * 1000);
      }
      System.out.printf(Locale.ROOT, "[%s] CPU per dossier: %.2f ms of this JVM and PostgreSQL's server processes (server %.2f cores),"
          + " %.2f ms of the whole machine%n", store, storeCpuMs, pgSeconds / seconds, machineBusy * seconds / n * 1000);
      db.close().await();
    } finally {
      vertx.close().await();
    }
  }

  static final class Run {
    final org.HdrHistogram.Histogram latency = new org.HdrHistogram.Histogram(120_000_000L, 3);
    final AtomicLong ok = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    long[] done;
  }

  static JsonObject latency(org.HdrHistogram.Histogram hh) {
    return new JsonObject().put("count", hh.getTotalCount())
        .put("p50Ms", hh.getValueAtPercentile(50) / 1000.0).put("p90Ms", hh.getValueAtPercentile(90) / 1000.0)
        .put("p99Ms", hh.getValueAtPercentile(99) / 1000.0).put("maxMs", hh.getMaxValue() / 1000.0);
  }

  static void run(Vertx vertx, SqlDossierStore store, String prefix, int n, int conc, int agencies, JsonObject sample, Run r,
      Deliverer deliverer) {
    if (n == 0) return;
    if (r != null) r.done = new long[n];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger active = new AtomicInteger(Math.min(conc, n));
    Promise<Void> done = Promise.promise();
    String run = Long.toString(System.currentTimeMillis(), 36);
    Runnable[] worker = new Runnable[1];
    var context = vertx.getOrCreateContext();
    worker[0] = () -> {
      int i = next.getAndIncrement();
      if (i >= n) {
        if (active.decrementAndGet() == 0) done.complete();
        return;
      }
      int k = i % agencies;
      JsonObject body = sample.copy().put("procedure", String.format(Locale.ROOT, "1.9%05d", k + 1));
      body.getJsonObject("form").getJsonObject("reason").put("detail", "Gia đình chuyển nơi ở, hồ sơ số " + i);
      String text = body.encode();
      Instant now = Instant.now();
      NewSubmission s = new NewSubmission("demo-portal", prefix + "-" + run + "-" + i, sha256(text), body.getString("procedure"),
          String.format(Locale.ROOT, "%03d.%02d.30.H26", 900 + k / 100, k % 100), sha256("citizen-" + (i % agencies)),
          "pairwise-" + (i % agencies), body.getJsonObject("form").encode(), now, now.plus(Duration.ofDays(13)),
          "Hạn giải quyết: 9 ngày làm việc\nDue: 9 working days");
      long t0 = System.nanoTime();
      Future<SubmitResult> f;
      try {
        f = store.submit(s);
      } catch (RuntimeException e) {
        f = Future.failedFuture(e);
      }
      f.onComplete(ar -> {
        long t1 = System.nanoTime();
        if (deliverer != null && ar.succeeded()) deliverer.wake();
        if (r != null) {
          if (ar.succeeded() && ar.result().outcome() == SubmitResult.Outcome.NEW) {
            r.ok.incrementAndGet();
            r.done[i] = t1;
            r.latency.recordValue(Math.min(120_000_000L, Math.max(1, (t1 - t0) / 1000)));
          } else {
            r.failed.incrementAndGet();
            if (r.failed.get() <= 3) System.out.println("baseline submit failed: " + (ar.failed() ? ar.cause() : ar.result().outcome()));
            r.done[i] = t1;
          }
        }
        worker[0].run();
      });
    };
    context.runOnContext(v -> {
      for (int i = 0; i < Math.min(conc, n); i++) worker[0].run();
    });
    done.future().await();
  }

  /**
   * The forwarder's calls to the store, without the agency: lease (woken by each accepted dossier,
   * up to 64, at most 960 held, 1 s poll when idle), then per job what it reads before sending and
   * the mark. Confined to its own event-loop context like the forwarder.
   */
  static final class Deliverer {
    static final int BATCH = 64;
    static final int CAPACITY = 960;
    final Vertx vertx;
    final SqlDossierStore store;
    final io.vertx.core.Context context;
    final String owner = "baseline-forwarder";
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    long leases;
    boolean polling;
    boolean waitingForRoom;
    long timer = -1;
    int held;

    Deliverer(Vertx vertx, SqlDossierStore store) {
      this.vertx = vertx;
      this.store = store;
      this.context = vertx.getOrCreateContext(); // from the main thread: a context of its own
    }

    void measure(int n) {
      context.runOnContext(v -> leases = 0);
    }

    void wake() {
      context.runOnContext(v -> poll());
    }

    void poll() {
      if (polling) return;
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
      int limit = Math.min(BATCH, CAPACITY - held);
      waitingForRoom = limit <= 0;
      if (waitingForRoom) return;
      polling = true;
      leases++;
      store.leaseDeliveries(owner, limit, Duration.ofSeconds(60), Instant.now()).onComplete(ar -> {
        polling = false;
        if (ar.failed()) {
          failures.incrementAndGet();
          later();
          return;
        }
        held += ar.result().size();
        for (var d : ar.result()) attempt(d.job().id());
        if (ar.result().size() == limit) poll();
        else later();
      });
    }

    void later() {
      if (timer < 0) timer = vertx.setTimer(1000, id -> {
        timer = -1;
        poll();
      });
    }

    /** The dossier came with the lease; the marks are batched as the forwarder batches them. */
    void attempt(String jobId) {
      marks.add(jobId);
      if (!marking) flush();
    }

    final java.util.List<String> marks = new java.util.ArrayList<>();
    boolean marking;

    void flush() {
      if (marks.isEmpty()) {
        marking = false;
        return;
      }
      java.util.List<String> batch = new java.util.ArrayList<>(marks.subList(0, Math.min(256, marks.size())));
      marks.subList(0, batch.size()).clear();
      marking = true;
      store.deliveredAll(batch, owner, Instant.now()).onComplete(ar -> {
        held -= batch.size();
        if (ar.succeeded()) {
          delivered.addAndGet(ar.result().size());
          failures.addAndGet(batch.size() - ar.result().size());
        } else {
          failures.addAndGet(batch.size());
        }
        flush();
        if (waitingForRoom) poll();
      });
    }

    void awaitDelivered(long total) throws InterruptedException {
      while (delivered.get() + failures.get() < total) Thread.sleep(5);
    }
  }

  /** {total, idle} ticks of the whole machine, from /proc/stat (Linux). */
  static long[] machine() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < f.length && i <= 8; i++) total += Long.parseLong(f[i]);
      return new long[] {total, Long.parseLong(f[4]) + Long.parseLong(f[5])};
    } catch (Exception e) {
      return new long[] {0, 0};
    }
  }

  /** CPU ticks (user + system) of every process named postgres, by pid (Linux; empty without PostgreSQL here). */
  static Map<Long, Long> postgresTicks() {
    Map<Long, Long> out = new HashMap<>();
    try (var dirs = Files.list(Path.of("/proc"))) {
      for (Path d : (Iterable<Path>) dirs::iterator) {
        String name = d.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) continue;
        try {
          String stat = Files.readString(d.resolve("stat"));
          int open = stat.indexOf('(');
          int close = stat.lastIndexOf(')');
          if (!stat.substring(open + 1, close).equals("postgres")) continue;
          String[] f = stat.substring(close + 2).split(" ");
          out.put(Long.parseLong(name), Long.parseLong(f[11]) + Long.parseLong(f[12]));
        } catch (Exception gone) {
          // the process ended meanwhile
        }
      }
    } catch (Exception e) {
      return out;
    }
    return out;
  }

  static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
