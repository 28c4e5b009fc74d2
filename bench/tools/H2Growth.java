import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import vn.egov.gateway.dossier.DeliveryJob;
import vn.egov.gateway.dossier.NewSubmission;
import vn.egov.gateway.dossier.SubmitResult;
import vn.egov.gateway.store.Database;
import vn.egov.gateway.store.SqlDossierStore;
import vn.egov.gateway.store.StoreOptions;

/**
 * How the embedded H2 file grows under sustained dossier writes. Opens a fresh file store as the
 * gateway does ({@code StoreOptions.embeddedFile}, {@code Database.open}: same URL, pool, migrations
 * and, where the build has it, housekeeping) and calls {@code SqlDossierStore.submit} N times with C
 * in flight, while a second loop leases and marks delivered the jobs as the forwarder does
 * ({@code --deliver false} to leave them). Prints the file's size every {@code --every} dossiers with
 * H2's own figures (INFORMATION_SCHEMA.SETTINGS: chunks, how full they are), then the write rate,
 * the process's CPU per dossier, the submit latency, and the size of the same data once H2 has
 * rewritten it whole ({@code SHUTDOWN COMPACT}), i.e. the live data. Run from the project root:
 *
 *   mvn -B -ntp -o -q package -DskipTests
 *   java -cp target/egov-gateway.jar bench/tools/H2Growth.java --path /tmp/h2growth/egov --dossiers 20000 --concurrency 16
 *   java -cp OTHER/egov-gateway.jar bench/tools/H2Growth.java ...      (another build, e.g. the one before a change)
 *   ... --url-extra ';PAGE_SIZE=4096'                                  (an H2 setting to try)
 *   ... --keep /tmp/copy.mv.db [--snapshot 10000]                      (a copy of the file to study: as the run left it, or
 *                                                                       as it was while running, once 10,000 dossiers were in)
 */
public class H2Growth {
  public static void main(String[] args) throws Exception {
    Map<String, String> o = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    int n = Integer.parseInt(o.getOrDefault("dossiers", "20000"));
    int conc = Integer.parseInt(o.getOrDefault("concurrency", "16"));
    int every = Integer.parseInt(o.getOrDefault("every", "2000"));
    boolean deliver = Boolean.parseBoolean(o.getOrDefault("deliver", "true"));
    Path base = Path.of(o.getOrDefault("path", "/tmp/h2growth/egov")).toAbsolutePath();
    Files.createDirectories(base.getParent());
    Path file = Path.of(base + ".mv.db");
    Files.deleteIfExists(file);
    StoreOptions plain = StoreOptions.embeddedFile(base);
    // --url-extra ';NAME=VALUE': an H2 setting to try, put in the store's URL
    StoreOptions options = new StoreOptions(plain.kind(), plain.h2Location() + o.getOrDefault("url-extra", ""), null, 0, null,
        null, null, null, plain.poolSize(), plain.poolName());
    System.out.println("URL " + options.jdbcUrl());

    Vertx vertx = Vertx.vertx();
    long[] latency = new long[n];
    AtomicLong delivered = new AtomicLong();
    AtomicInteger submitted = new AtomicInteger();
    long peak = 0;
    Path keep = o.containsKey("keep") ? Path.of(o.get("keep")) : null;
    int snapshotAt = Integer.parseInt(o.getOrDefault("snapshot", "-1"));
    try {
      Database db = Database.open(vertx, options).await();
      SqlDossierStore dossiers = new SqlDossierStore(db);
      long t0 = System.nanoTime();
      long cpu0 = cpu();
      Future<Void> deliveries = deliver ? deliverLoop(vertx, dossiers, n, delivered) : Future.succeededFuture();
      Future<Void> submissions = submit(vertx, dossiers, n, conc, submitted, latency);
      for (int next = every; !submissions.isComplete() || !deliveries.isComplete(); Thread.sleep(20)) {
        peak = Math.max(peak, size(file));
        if (keep != null && snapshotAt >= 0 && submitted.get() >= snapshotAt) {
          Files.copy(file, keep, StandardCopyOption.REPLACE_EXISTING);
          snapshotAt = -1;
        }
        if (submitted.get() >= next) {
          Map<String, String> info = info(db);
          System.out.printf(Locale.ROOT, "%6d dossiers %6.1f s  file %8.1f MB  %5.1f KB/dossier  delivered %6d  chunks %5s, fill %3s%% (rewritable %3s%%), file fill %3s%%%n",
              submitted.get(), (System.nanoTime() - t0) / 1e9, size(file) / 1e6, size(file) / 1024.0 / submitted.get(), delivered.get(),
              info.get("CHUNK_COUNT"), info.get("CHUNKS_FILL_RATE"), info.get("CHUNKS_FILL_RATE_RW"), info.get("FILL_RATE"));
          next += every;
        }
      }
      submissions.await();
      deliveries.await();
      double seconds = (System.nanoTime() - t0) / 1e9;
      double cpuMs = (cpu() - cpu0) / 1e6 / n;
      long end = size(file);
      Arrays.sort(latency);
      System.out.printf(Locale.ROOT, "RESULT %d dossiers (%d delivered) in %.1f s = %.0f/s, %.2f ms CPU/dossier; file %.1f MB = %.1f KB/dossier (peak %.1f MB)%n",
          n, delivered.get(), seconds, n / seconds, cpuMs, end / 1e6, end / 1024.0 / n, peak / 1e6);
      System.out.printf(Locale.ROOT, "submit latency p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms%n", latency[n / 2] / 1e6,
          latency[(int) (n * 0.99)] / 1e6, latency[(int) (n * 0.999)] / 1e6, latency[n - 1] / 1e6);
      db.close().await();
    } finally {
      vertx.close().await();
    }
    System.out.printf(Locale.ROOT, "after close: file %.1f MB%n", size(file) / 1e6);
    if (keep != null && !o.containsKey("snapshot")) Files.copy(file, keep, StandardCopyOption.REPLACE_EXISTING);
    try (Connection c = DriverManager.getConnection(options.jdbcUrl(), "sa", "")) {
      c.createStatement().execute("SHUTDOWN COMPACT");
    }
    long live = size(file);
    System.out.printf(Locale.ROOT, "after SHUTDOWN COMPACT (live data): %.1f MB = %.2f KB/dossier%n", live / 1e6, live / 1024.0 / n);
  }

  /** H2's store figures ({@code info.*} settings), without the prefix. */
  static Map<String, String> info(Database db) {
    Map<String, String> info = new TreeMap<>();
    try {
      for (Row r : db.pool().query("SELECT setting_name, setting_value FROM information_schema.settings WHERE setting_name LIKE 'info.%'")
          .execute().await()) {
        info.put(r.getString(0).substring(5), r.getString(1));
      }
    } catch (RuntimeException e) {
      // a figure missing from one line is no reason to stop the run
    }
    return info;
  }

  static long size(Path p) {
    try {
      return Files.size(p);
    } catch (Exception e) {
      return 0;
    }
  }

  static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** Leases and delivers jobs until {@code n} are delivered, as the forwarder does (without sending anything). */
  static Future<Void> deliverLoop(Vertx vertx, SqlDossierStore store, int n, AtomicLong delivered) {
    Promise<Void> done = Promise.promise();
    Runnable[] step = new Runnable[1];
    step[0] = () -> {
      if (delivered.get() >= n) {
        done.complete();
        return;
      }
      store.lease("growth", 50, Duration.ofMinutes(1), Instant.now()).compose(jobs -> {
        List<Future<Boolean>> all = jobs.stream().map((DeliveryJob j) -> store.delivered(j.id(), "growth", Instant.now())).toList();
        return Future.all(all).map(jobs.size());
      }).onComplete(ar -> {
        if (ar.failed()) {
          done.fail(ar.cause());
          return;
        }
        delivered.addAndGet(ar.result());
        if (ar.result() == 0) vertx.setTimer(20, t -> step[0].run());
        else step[0].run();
      });
    };
    vertx.runOnContext(v -> step[0].run());
    return done.future();
  }

  /** Submits {@code n} dossiers of about 1 KB, {@code conc} in flight, over 120 agencies. */
  static Future<Void> submit(Vertx vertx, SqlDossierStore store, int n, int conc, AtomicInteger submitted, long[] latency) {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger active = new AtomicInteger(Math.min(conc, n));
    Promise<Void> done = Promise.promise();
    String run = Long.toString(System.currentTimeMillis(), 36);
    String form = new JsonObject()
        .put("applicant", new JsonObject().put("fullName", "Nguyễn Văn An").put("birthDate", "1990-01-01")
            .put("address", "Số 1 Đường Trần Phú, Phường Điện Biên, Quận Ba Đình, Hà Nội"))
        .put("newAddress", new JsonObject().put("line", "Số 25 Ngõ 3 Phố Huế, Phường Phạm Đình Hổ, Quận Hai Bà Trưng, Hà Nội"))
        .put("members", "Nguyễn Thị Bình; Nguyễn Văn Cường; Nguyễn Thị Dung")
        .put("reason", new JsonObject().put("code", "MOVE").put("detail", "@@")).encode();
    Runnable[] worker = new Runnable[1];
    worker[0] = () -> {
      int i = next.getAndIncrement();
      if (i >= n) {
        if (active.decrementAndGet() == 0) done.complete();
        return;
      }
      int k = i % 120;
      String payload = form.replace("@@", "Gia đình chuyển nơi ở, hồ sơ số " + i);
      Instant now = Instant.now();
      NewSubmission s = new NewSubmission("demo-portal", "g-" + run + "-" + i, sha256(payload), String.format(Locale.ROOT, "1.9%05d", k + 1),
          String.format(Locale.ROOT, "%03d.%02d.30.H26", 900 + k / 100, k % 100), sha256("citizen-" + k), "pairwise-" + k, payload,
          now, now.plus(Duration.ofDays(13)), "Hạn giải quyết: 9 ngày làm việc\nDue: 9 working days");
      long started = System.nanoTime();
      store.submit(s).onComplete(ar -> {
        latency[i] = System.nanoTime() - started;
        if (ar.failed() || ar.result().outcome() != SubmitResult.Outcome.NEW) {
          System.out.println("submit failed: " + (ar.failed() ? ar.cause() : ar.result().outcome()));
        }
        submitted.incrementAndGet();
        worker[0].run();
      });
    };
    vertx.runOnContext(v -> {
      for (int i = 0; i < Math.min(conc, n); i++) worker[0].run();
    });
    return done.future();
  }

  static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
