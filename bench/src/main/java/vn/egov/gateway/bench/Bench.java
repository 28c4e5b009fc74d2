package vn.egov.gateway.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Closed-loop load generator for egov-gateway (black box, over HTTP only).
 *
 * <pre>
 * java -jar egov-bench.jar run --gateway URL --vneid URL [--sut-pid PID] --plan login-returning:32,mock-code-flow:32,...
 * java -jar egov-bench.jar report DIR        markdown table of a results directory
 * java -jar egov-bench.jar jfr-summary FILE  top costs of a JFR recording
 * java -jar egov-bench.jar free-ports N      N free TCP ports, one a line
 * </pre>
 *
 * A plan item is {@code scenario:concurrency[:warmupSeconds:durationSeconds]}. Each virtual user
 * repeats its scenario back to back; only iterations that end inside the measurement window count.
 */
public final class Bench {
  private final Map<String, String> opts;
  private final Vertx vertx;
  private final List<VirtualUser.Lane> lanes = new ArrayList<>();
  private final Accounts accounts;
  private final Scenarios scenarios;
  private final long sutPid;
  private final Path out;
  private final boolean profile;
  private double bestLoginRate;
  private volatile boolean stopping;

  private Bench(Map<String, String> opts) {
    this.opts = opts;
    int threads = Integer.parseInt(opts.getOrDefault("threads", "1"));
    // Lean on purpose: the generator shares the machine with the system under test.
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(threads).setWorkerPoolSize(2).setInternalBlockingPoolSize(2));
    int maxConcurrency = 1;
    for (PlanItem p : plan(opts.get("plan"), 0, 0)) maxConcurrency = Math.max(maxConcurrency, p.concurrency);
    int perLane = (maxConcurrency + threads - 1) / threads;
    for (int i = 0; i < threads; i++) {
      var client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false).setKeepAlive(true)
              .setUserAgent("egov-bench").setConnectTimeout(10_000).setIdleTimeout(120),
          new PoolOptions().setHttp1MaxSize(perLane + 4).setMaxWaitQueueSize(-1));
      lanes.add(new VirtualUser.Lane(vertx.getOrCreateContext(), client));
    }
    String gateway = strip(required(opts, "gateway"));
    String vneid = strip(required(opts, "vneid"));
    this.accounts = new Accounts(WebClient.create(vertx), vneid, Integer.parseInt(opts.getOrDefault("first-offset", "0")));
    this.scenarios = new Scenarios(new Scenarios.Target(gateway, vneid), accounts,
        opts.getOrDefault("scope", "openid profile identity_number address phone"));
    this.sutPid = Long.parseLong(opts.getOrDefault("sut-pid", "0"));
    this.out = Path.of(opts.getOrDefault("out", "results"));
    this.profile = opts.containsKey("profile");
  }

  record PlanItem(String scenario, int concurrency, int warmup, int duration) {
  }

  static List<PlanItem> plan(String spec, int warmup, int duration) {
    if (spec == null || spec.isBlank()) throw new IllegalArgumentException("--plan is required");
    List<PlanItem> items = new ArrayList<>();
    for (String s : spec.split(",")) {
      String[] p = s.trim().split(":");
      if (p.length != 2 && p.length != 4) throw new IllegalArgumentException("plan item " + s + ": scenario:concurrency[:warmup:duration]");
      items.add(new PlanItem(p[0], Integer.parseInt(p[1]), p.length == 4 ? Integer.parseInt(p[2]) : warmup,
          p.length == 4 ? Integer.parseInt(p[3]) : duration));
    }
    return items;
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: run | report DIR | jfr-summary FILE | free-ports N (see the class comment)");
      System.exit(2);
    }
    switch (args[0]) {
      case "free-ports" -> {
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        List<ServerSocket> held = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          ServerSocket s = new ServerSocket(0);
          held.add(s);
          System.out.println(s.getLocalPort());
        }
        for (ServerSocket s : held) s.close();
      }
      case "report" -> System.out.print(Report.render(Path.of(args[1])));
      case "jfr-summary" -> System.out.print(JfrSummary.summarise(Path.of(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 25).text());
      case "run" -> {
        Map<String, String> opts = options(args);
        Bench b = new Bench(opts);
        int failures;
        try {
          failures = b.runPlan();
        } finally {
          b.vertx.close().await();
        }
        System.exit(failures == 0 ? 0 : 1);
      }
      default -> {
        System.err.println("unknown command " + args[0]);
        System.exit(2);
      }
    }
  }

  /** Runs every plan item; returns how many had errors (or could not run). */
  private int runPlan() throws IOException {
    Files.createDirectories(out);
    if (opts.containsKey("proxy-port")) {
      long delay = Long.parseLong(opts.getOrDefault("proxy-delay-ms", "20"));
      DelayProxy.start(vertx, Integer.parseInt(opts.get("proxy-port")), required(opts, "proxy-target"), delay).await();
      System.out.printf(Locale.ROOT, "delay proxy: %s answers through localhost:%s with %d ms added to every request%n",
          opts.get("proxy-target"), opts.get("proxy-port"), delay);
    }
    int warmup = Integer.parseInt(opts.getOrDefault("warmup", "15"));
    int duration = Integer.parseInt(opts.getOrDefault("duration", "30"));
    List<PlanItem> items = plan(opts.get("plan"), warmup, duration);
    if (items.stream().anyMatch(i -> !i.scenario.equals("login-first-time") && !i.scenario.equals("jwks"))) {
      prepareReturningPool(Integer.parseInt(opts.getOrDefault("returning-pool", "256")));
    }
    int jitWarmup = Integer.parseInt(opts.getOrDefault("jit-warmup", "0"));
    if (jitWarmup > 0) {
      // The first minute of a fresh server JVM is mostly JIT compilation (Nimbus, crypto, Vert.x):
      // burn it in before any window, so that the first scenario is not measured on colder code.
      long t0 = System.nanoTime();
      int logins = jitWarmup * 2 / 3;
      runItem(0, new PlanItem("login-returning", 16, logins, 0), false);
      if (items.stream().anyMatch(i -> i.scenario.equals("refresh"))) runItem(0, new PlanItem("refresh", 16, jitWarmup - logins, 0), false);
      System.out.printf(Locale.ROOT, "JIT warm-up: %.0f s of logins and refreshes, not measured%n", (System.nanoTime() - t0) / 1e9);
    }
    int failed = 0;
    for (int i = 0; i < items.size(); i++) {
      JsonObject r = runItem(i + 1, items.get(i), true);
      if (r.getLong("ops", 0L) == 0 || !r.getJsonObject("errors").isEmpty()) failed++;
    }
    return failed;
  }

  /** A login with consent for each account of a pool, so that they can log in as returning citizens. */
  private void prepareReturningPool(int size) {
    long t0 = System.nanoTime();
    List<Accounts.Account> pool = accounts.take(size);
    VirtualUser.Lane lane = lanes.get(0);
    VirtualUser vu = new VirtualUser(lane, -1);
    AtomicInteger next = new AtomicInteger();
    AtomicInteger active = new AtomicInteger(Math.min(16, size));
    List<String> errors = new ArrayList<>();
    Promise<Void> done = Promise.promise();
    Runnable[] worker = new Runnable[1];
    worker[0] = () -> {
      int i = next.getAndIncrement();
      if (i >= size) {
        if (active.decrementAndGet() == 0) done.complete();
        return;
      }
      // Either way: on a stack that already served a run, these citizens may have consented before.
      scenarios.brokeredLogin(vu, pool.get(i), null).onComplete(ar -> {
        if (ar.failed()) errors.add(kind(ar.cause()) + " " + ar.cause().getMessage());
        worker[0].run();
      });
    };
    lane.context.runOnContext(v -> {
      for (int i = 0; i < Math.min(16, size); i++) worker[0].run();
    });
    done.future().await();
    if (!errors.isEmpty()) {
      throw new IllegalStateException(errors.size() + " of " + size + " consenting logins failed, e.g. " + errors.get(0));
    }
    accounts.setReturning(pool);
    System.out.printf(Locale.ROOT, "setup: %d citizens logged in once and consented (returning pool) in %.1f s%n", size,
        (System.nanoTime() - t0) / 1e9);
  }

  private JsonObject runItem(int index, PlanItem item, boolean keep) throws IOException {
    Scenarios.Scenario s = scenarios.byName(item.scenario);
    String label = String.format(Locale.ROOT, "%02d-%s-c%d", index, item.scenario, item.concurrency);
    List<VirtualUser> vus = new ArrayList<>();
    for (int i = 0; i < item.concurrency; i++) vus.add(new VirtualUser(lanes.get(i % lanes.size()), i));
    for (VirtualUser.Lane l : lanes) l.recorder = new Recorder();

    JsonObject result = new JsonObject().put("scenario", item.scenario).put("concurrency", item.concurrency)
        .put("generatorThreads", lanes.size()).put("warmupSeconds", item.warmup).put("durationSeconds", item.duration);

    // Before the clock: per-user preparation and every fresh account the run may use.
    List<Future<Void>> prepared = new ArrayList<>();
    for (VirtualUser vu : vus) {
      Promise<Void> p = Promise.promise();
      vu.lane.context.runOnContext(v -> s.prepare(vu).onComplete(p));
      prepared.add(p.future());
    }
    try {
      Future.all(prepared).await();
    } catch (Exception e) {
      System.out.println(label + ": preparation failed: " + kind(e) + " " + e.getMessage());
      result.put("ops", 0).put("errors", new JsonObject().put("preparation: " + kind(e), 1));
      Files.writeString(out.resolve(label + ".json"), result.encodePrettily());
      return result;
    }
    double rate = bestLoginRate > 0 ? bestLoginRate * 1.5 : Double.parseDouble(opts.getOrDefault("max-login-rate", "600"));
    int fresh = s.freshAccountsNeeded(rate, item.warmup + item.duration);
    if (fresh > 0) accounts.ensureFresh(fresh);

    if (keep) result.put("otherCoresBeforeStart", awaitQuiet(label));

    long t0 = System.nanoTime();
    long warmEnd = t0 + TimeUnit.SECONDS.toNanos(item.warmup);
    long end = warmEnd + TimeUnit.SECONDS.toNanos(item.duration);
    for (VirtualUser.Lane l : lanes) {
      l.recorder.windowStart = warmEnd;
      l.recorder.windowEnd = end;
    }
    stopping = false;
    CountDownLatch finished = new CountDownLatch(vus.size());
    for (VirtualUser vu : vus) vu.lane.context.runOnContext(v -> loop(vu, s, finished));

    if (!keep) {
      // Nothing measured: let the users run for the warm-up, then stop them.
      sleepUntil(warmEnd);
      stopping = true;
      try {
        finished.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      long errors = lanes.stream().mapToLong(l -> l.recorder.warmupErrors.values().stream().mapToLong(Long::longValue).sum()).sum();
      if (errors > 0) System.out.println("JIT warm-up " + item.scenario + ": " + errors + " errors, e.g. " + lanes.get(0).recorder.errorSamples);
      return result;
    }
    sleepUntil(warmEnd);
    accounts.measuring(true);
    ProcStats.Snapshot a = ProcStats.take(sutPid);
    Path jfr = out.resolve(label + ".jfr").toAbsolutePath();
    if (profile && sutPid > 0) ProcStats.jcmd(sutPid, 30, "JFR.start", "name=" + label, "settings=profile");
    sleepUntil(end);
    ProcStats.Snapshot b = ProcStats.take(sutPid);
    accounts.measuring(false);
    stopping = true;
    try {
      if (!finished.await(60, TimeUnit.SECONDS)) System.out.println(label + ": some virtual users did not finish within 60 s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }

    Recorder all = new Recorder();
    for (VirtualUser.Lane l : lanes) all.add(l.recorder);
    double seconds = item.duration;
    double opsPerSecond = all.ops / seconds;
    if (item.scenario.startsWith("login-") && opsPerSecond > bestLoginRate) bestLoginRate = opsPerSecond;
    JsonObject steps = new JsonObject();
    all.steps.forEach((k, h) -> steps.put(k, Recorder.latency(h).put("perSecond", round(h.getTotalCount() / seconds))));
    result.put("ops", all.ops)
        .put("opsPerSecond", round(opsPerSecond))
        .put("latency", Recorder.latency(all.total))
        .put("steps", steps)
        .put("errors", new JsonObject(new HashMap<>(all.errors)))
        .put("warmupErrors", new JsonObject(new HashMap<>(all.warmupErrors)))
        .put("errorSamples", new JsonObject(new HashMap<>(all.errorSamples)))
        .put("chainRestarts", all.uncounted)
        .put("accountPagesFetchedInWindow", accounts.fetchedDuringRuns())
        .put("cpu", ProcStats.delta(a, b, sutPid, all.ops));
    if (sutPid > 0) result.put("sutRssKbAfter", ProcStats.rssKb(sutPid));
    if (profile && sutPid > 0) {
      ProcStats.jcmd(sutPid, 60, "JFR.stop", "name=" + label, "filename=" + jfr);
      if (Files.exists(jfr)) {
        JfrSummary.Summary sum = JfrSummary.summarise(jfr, 25);
        Files.writeString(out.resolve(label + ".profile.txt"), sum.text());
        result.put("profile", sum.json());
      }
    }
    Files.writeString(out.resolve(label + ".json"), result.encodePrettily());
    System.out.println(oneLine(label, result, all.total));
    return result;
  }

  /**
   * Other processes on the machine (builds, tests) distort every figure on two cores: wait, up to
   * --quiet-wait seconds, until they use less than --quiet-threshold cores; returns the last reading.
   */
  private double awaitQuiet(String label) {
    int maxWait = Integer.parseInt(opts.getOrDefault("quiet-wait", "10"));
    double threshold = Double.parseDouble(opts.getOrDefault("quiet-threshold", "0.15"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxWait);
    double other = ProcStats.otherLoad(sutPid, 1000);
    boolean told = false;
    while (other > threshold && System.nanoTime() < deadline) {
      if (!told) System.out.printf(Locale.ROOT, "%s: other processes use %.2f cores; waiting up to %d s for a quiet machine%n", label, other, maxWait);
      told = true;
      other = ProcStats.otherLoad(sutPid, 1000);
    }
    if (other > threshold) System.out.printf(Locale.ROOT, "%s: starting anyway with %.2f cores of other load%n", label, other);
    return Math.round(other * 100) / 100.0;
  }

  private void loop(VirtualUser vu, Scenarios.Scenario s, CountDownLatch finished) {
    if (stopping) {
      finished.countDown();
      return;
    }
    long start = System.nanoTime();
    Future<Boolean> f;
    try {
      f = s.once(vu);
    } catch (RuntimeException e) {
      f = Future.failedFuture(e);
    }
    f.onComplete(ar -> {
      long end = System.nanoTime();
      if (ar.succeeded()) {
        vu.lane.recorder.done(start, end, ar.result());
        loop(vu, s, finished);
      } else {
        vu.lane.recorder.error(end, kind(ar.cause()), ar.cause().getMessage());
        // A short pause, so that a persistent failure does not spin.
        vertx.setTimer(10, id -> loop(vu, s, finished));
      }
    });
  }

  private static String oneLine(String label, JsonObject r, Histogram h) {
    JsonObject cpu = r.getJsonObject("cpu");
    JsonObject errors = r.getJsonObject("errors");
    long errorCount = errors.stream().mapToLong(e -> ((Number) e.getValue()).longValue()).sum();
    return String.format(Locale.ROOT, "%-28s %9.1f ops/s  p50 %7.2f  p90 %7.2f  p99 %7.2f  max %8.2f ms  errors %d%s  |"
            + " SUT %s cores, generator %.2f, other %.2f, machine %.2f/%d busy",
        label, r.getDouble("opsPerSecond"), h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(90) / 1000.0,
        h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0, errorCount, errorCount == 0 ? "" : " " + errors.encode(),
        cpu.containsKey("sutCores") ? String.format(Locale.ROOT, "%.2f", cpu.getDouble("sutCores")) : "?",
        cpu.getDouble("generatorCores"), cpu.getDouble("otherCores"), cpu.getDouble("machineBusyCores"), cpu.getInteger("machineCores"));
  }

  static String kind(Throwable t) {
    return t instanceof Scenarios.Failure f ? f.kind : "exception: " + t.getClass().getSimpleName();
  }

  private static void sleepUntil(long nanos) {
    long left;
    while ((left = nanos - System.nanoTime()) > 0) LockSupport.parkNanos(left);
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }

  private static String strip(String url) {
    return url.replaceAll("/+$", "");
  }

  private static String required(Map<String, String> opts, String name) {
    String v = opts.get(name);
    if (v == null) throw new IllegalArgumentException("--" + name + " is required");
    return v;
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> o = new HashMap<>();
    for (int i = 1; i < args.length; i++) {
      if (!args[i].startsWith("--")) throw new IllegalArgumentException("unexpected argument " + args[i]);
      String name = args[i].substring(2);
      if (i + 1 < args.length && !args[i + 1].startsWith("--")) o.put(name, args[++i]);
      else o.put(name, "true");
    }
    return o;
  }
}
