package vn.egov.gateway.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
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
 * java -jar egov-bench.jar dossier-config --to DIR --agencies 120 --agency-url URL   bench config (DossierConfig)
 * java -jar egov-bench.jar dossiers --gateway URL --vneid URL --agency-admin URL --dossiers N ...   (DossierBench)
 * </pre>
 *
 * A plan item is {@code scenario:concurrency[:warmupSeconds:durationSeconds]}: closed loop, each
 * virtual user repeats its scenario back to back; only iterations that end inside the measurement
 * window count. {@code scenario:@rate[:warmupSeconds:durationSeconds]} is open loop: requests leave
 * at a constant rate per second whatever the answers do, and each one's latency counts from its
 * intended send time (coordinated-omission safe).
 *
 * <p>The prefill scenarios ({@code prefill}, {@code register-direct}) need {@code --register URL}
 * (the mock population register) and {@code --certs DIR} (the dev PKI: the gateway's client
 * certificate and the CA).
 */
public final class Bench {
  private final Map<String, String> opts;
  private final Vertx vertx;
  private final List<VirtualUser.Lane> lanes = new ArrayList<>();
  private final Accounts accounts;
  private final Scenarios scenarios;
  private final PrefillPool prefillPool = new PrefillPool();
  private final String prefillScope;
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
    int maxConcurrency = 16; // the JIT warm-up's
    for (PlanItem p : plan(opts.get("plan"), 0, 0)) {
      maxConcurrency = Math.max(maxConcurrency, p.open() ? Integer.parseInt(opts.getOrDefault("open-connections", "64")) : p.concurrency);
    }
    int perLane = (maxConcurrency + threads - 1) / threads;
    String register = opts.containsKey("register") ? strip(opts.get("register")) : null;
    for (int i = 0; i < threads; i++) {
      var client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false).setKeepAlive(true)
              .setUserAgent("egov-bench").setConnectTimeout(10_000).setIdleTimeout(IDLE_SECONDS).setKeepAliveTimeout(IDLE_SECONDS),
          new PoolOptions().setHttp1MaxSize(perLane + 4).setMaxWaitQueueSize(-1));
      lanes.add(new VirtualUser.Lane(vertx.getOrCreateContext(), client, register == null ? null : registerClient(perLane + 4)));
    }
    String gateway = strip(required(opts, "gateway"));
    String vneid = strip(required(opts, "vneid"));
    this.accounts = new Accounts(WebClient.create(vertx), vneid, Integer.parseInt(opts.getOrDefault("first-offset", "0")));
    this.prefillScope = opts.getOrDefault("prefill-scope", "openid profile identity_number address phone email prefill");
    this.scenarios = new Scenarios(new Scenarios.Target(gateway, vneid, register), accounts,
        opts.getOrDefault("scope", "openid profile identity_number address phone"), prefillPool);
    this.sutPid = Long.parseLong(opts.getOrDefault("sut-pid", "0"));
    this.out = Path.of(opts.getOrDefault("out", "results"));
    this.profile = opts.containsKey("profile");
  }

  /** {@code rate} > 0: open loop at that many requests per second ({@code concurrency} is then 0). */
  record PlanItem(String scenario, int concurrency, int rate, int warmup, int duration) {
    boolean open() {
      return rate > 0;
    }
  }

  static List<PlanItem> plan(String spec, int warmup, int duration) {
    if (spec == null || spec.isBlank()) throw new IllegalArgumentException("--plan is required");
    List<PlanItem> items = new ArrayList<>();
    for (String s : spec.split(",")) {
      String[] p = s.trim().split(":");
      if (p.length != 2 && p.length != 4) {
        throw new IllegalArgumentException("plan item " + s + ": scenario:concurrency[:warmup:duration] or scenario:@rate[:warmup:duration]");
      }
      boolean open = p[1].startsWith("@");
      int n = Integer.parseInt(open ? p[1].substring(1) : p[1]);
      if (n <= 0) throw new IllegalArgumentException("plan item " + s + ": concurrency and rate must be positive");
      items.add(new PlanItem(p[0], open ? 0 : n, open ? n : 0, p.length == 4 ? Integer.parseInt(p[2]) : warmup,
          p.length == 4 ? Integer.parseInt(p[3]) : duration));
    }
    return items;
  }

  /**
   * The generator's pooled connections stay open for the whole run. With Vert.x's default 60 s
   * keep-alive, the connections a warm-up opened and the next scenario left idle were closed all at
   * once in the middle of a later window: 32 mutual-TLS closes on the mock register's event loop,
   * which the gateway's register reads share, set off a 0.4 s stall in prefill's open-loop window.
   */
  private static final int IDLE_SECONDS = 3600;

  private static final java.util.Set<String> NEEDS_RETURNING = java.util.Set.of("login-returning", "mock-code-flow", "refresh");
  private static final java.util.Set<String> PREFILL = java.util.Set.of("prefill", "register-direct");

  /** The generator's side of the register's mutual TLS: the gateway's own client certificate, trusting the dev CA. */
  private WebClient registerClient(int connections) {
    Path certs = Path.of(opts.getOrDefault("certs", "certs-dev"));
    return WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false).setKeepAlive(true)
            .setUserAgent("egov-bench").setConnectTimeout(10_000).setIdleTimeout(IDLE_SECONDS).setKeepAliveTimeout(IDLE_SECONDS)
            .setSsl(true).setVerifyHost(true)
            .setKeyCertOptions(new PemKeyCertOptions().setCertPath(certs.resolve("gateway-client.crt").toString())
                .setKeyPath(certs.resolve("gateway-client.key").toString()))
            .setTrustOptions(new PemTrustOptions().addCertPath(certs.resolve("ca.crt").toString())),
        new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: run | dossiers | dossier-config | report DIR | jfr-summary FILE | free-ports N (see the class comment)");
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
      case "dossiers" -> System.exit(DossierBench.main(options(args)));
      case "dossier-config" -> {
        Map<String, String> o = options(args);
        DossierConfig.write(Path.of(o.getOrDefault("from", "config")), Path.of(required(o, "to")),
            Integer.parseInt(o.getOrDefault("agencies", "120")), required(o, "agency-url"));
      }
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
    boolean logins = items.stream().anyMatch(i -> !PREFILL.contains(i.scenario));
    boolean prefill = items.stream().anyMatch(i -> PREFILL.contains(i.scenario));
    if (items.stream().anyMatch(i -> NEEDS_RETURNING.contains(i.scenario)) || (logins && Integer.parseInt(opts.getOrDefault("jit-warmup", "0")) > 0)) {
      prepareReturningPool(Integer.parseInt(opts.getOrDefault("returning-pool", "256")));
    }
    if (prefill) preparePrefillPool(Integer.parseInt(opts.getOrDefault("prefill-pool", "256")));
    int jitWarmup = Integer.parseInt(opts.getOrDefault("jit-warmup", "0"));
    if (jitWarmup > 0) {
      // The first minute of a fresh server JVM is mostly JIT compilation (Nimbus, crypto, Vert.x):
      // burn it in before any window, so that the first scenario is not measured on colder code.
      long t0 = System.nanoTime();
      int loginPart = logins ? (prefill ? jitWarmup / 2 : jitWarmup) : 0;
      if (logins) {
        int l = loginPart * 2 / 3;
        runItem(0, new PlanItem("login-returning", 16, 0, l, 0), false);
        if (items.stream().anyMatch(i -> i.scenario.equals("refresh"))) runItem(0, new PlanItem("refresh", 16, 0, loginPart - l, 0), false);
      }
      if (prefill) {
        int p = (jitWarmup - loginPart) * 2 / 3;
        runItem(0, new PlanItem("prefill", 16, 0, p, 0), false);
        runItem(0, new PlanItem("register-direct", 16, 0, jitWarmup - loginPart - p, 0), false);
      }
      System.out.printf(Locale.ROOT, "JIT warm-up: %.0f s of %s, not measured%n", (System.nanoTime() - t0) / 1e9,
          logins && prefill ? "logins, refreshes and prefills" : prefill ? "prefills and register reads" : "logins and refreshes");
    }
    int failed = 0;
    for (int i = 0; i < items.size(); i++) {
      PlanItem item = items.get(i);
      JsonObject r = item.open() ? runOpenItem(i + 1, item) : runItem(i + 1, item, true);
      if (r.getLong("ops", 0L) == 0 || !r.getJsonObject("errors").isEmpty()) failed++;
    }
    return failed;
  }

  /** Runs {@code task(0 .. n-1)} on lane 0, {@code parallel} at a time; blocking; returns the failures' messages. */
  private List<String> concurrently(int n, int parallel, java.util.function.IntFunction<Future<?>> task) {
    VirtualUser.Lane lane = lanes.get(0);
    AtomicInteger next = new AtomicInteger();
    AtomicInteger active = new AtomicInteger(Math.min(parallel, n));
    List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
    if (n == 0) return errors;
    Promise<Void> done = Promise.promise();
    Runnable[] worker = new Runnable[1];
    worker[0] = () -> {
      int i = next.getAndIncrement();
      if (i >= n) {
        if (active.decrementAndGet() == 0) done.complete();
        return;
      }
      Future<?> f;
      try {
        f = task.apply(i);
      } catch (RuntimeException e) {
        f = Future.failedFuture(e);
      }
      f.onComplete(ar -> {
        if (ar.failed()) errors.add(kind(ar.cause()) + " " + ar.cause().getMessage());
        worker[0].run();
      });
    };
    lane.context.runOnContext(v -> {
      for (int i = 0; i < Math.min(parallel, n); i++) worker[0].run();
    });
    done.future().await();
    return errors;
  }

  /**
   * The prefill scenarios' citizens: level-2 accounts (every procedure accepts LoA2), each logged in
   * through the gateway with the prefill scope and consent approved, spread round robin over the
   * procedures of the catalogue ({@code --prefill-procedures CODE,CODE} picks some); then one
   * prefill per procedure tells which register attributes the gateway reads for it.
   */
  private void preparePrefillPool(int size) {
    if (opts.get("register") == null) throw new IllegalArgumentException("the prefill scenarios need --register URL (the mock register)");
    long t0 = System.nanoTime();
    String gateway = strip(required(opts, "gateway"));
    var r = lanes.get(0).client.getAbs(gateway + "/api/v1/procedures").send().await();
    if (r.statusCode() != 200) throw new IllegalStateException("GET /api/v1/procedures answered HTTP " + r.statusCode());
    List<String> codes = new ArrayList<>();
    for (Object o : r.bodyAsJsonObject().getJsonArray("procedures")) codes.add(((JsonObject) o).getString("code"));
    String picked = opts.get("prefill-procedures");
    if (picked != null && !picked.isBlank()) {
      List<String> want = List.of(picked.split(","));
      for (String w : want) if (!codes.contains(w)) throw new IllegalArgumentException("no procedure " + w + " in the catalogue " + codes);
      codes = new ArrayList<>(want);
    }
    List<Accounts.Account> citizens = accounts.take(Math.max(size, codes.size()), 2);
    List<String> procedures = codes;
    List<PrefillPool.Holder> pool = login(citizens, i -> procedures.get(i % procedures.size()));
    prefillPool.set(pool);
    VirtualUser vu = new VirtualUser(lanes.get(0), -1);
    for (String code : codes) {
      PrefillPool.Holder h = pool.stream().filter(x -> x.procedure().equals(code)).findFirst().orElseThrow();
      JsonObject body = new JsonObject(probe(vu, h));
      java.util.LinkedHashSet<String> attributes = new java.util.LinkedHashSet<>();
      List<String> withheld = new ArrayList<>();
      body.getJsonObject("fields").forEach(e -> {
        JsonObject f = (JsonObject) e.getValue();
        String path = f.getString("attribute");
        if (f.getBoolean("withheld", false)) withheld.add(path);
        else attributes.add(path.split("[.\\[]", 2)[0]);
      });
      if (!withheld.isEmpty()) {
        throw new IllegalStateException("procedure " + code + " withheld " + withheld + ": the prefill scope " + prefillScope + " is too narrow");
      }
      prefillPool.fields(code, new ArrayList<>(attributes));
    }
    System.out.printf(Locale.ROOT, "setup: %d level-2 citizens logged in with scope \"%s\" and consented (prefill pool) in %.1f s; "
        + "procedures and the register attributes read for each: %s%n", pool.size(), prefillScope, (System.nanoTime() - t0) / 1e9,
        prefillPool.allFields());
  }

  /** One prefill during set-up; a cold stack on a busy machine may miss the register timeout at first, so up to 5 tries. */
  private String probe(VirtualUser vu, PrefillPool.Holder h) {
    for (int attempt = 1; ; attempt++) {
      try {
        return onLane(() -> scenarios.prefill(vu, h));
      } catch (RuntimeException e) {
        if (attempt == 5) throw e;
        System.out.println("setup: prefill of " + h.procedure() + " failed (" + kind(e) + "), trying again");
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
      }
    }
  }

  /** One brokered login per citizen with the prefill scope; their access tokens. */
  private List<PrefillPool.Holder> login(List<Accounts.Account> citizens, java.util.function.IntFunction<String> procedure) {
    PrefillPool.Holder[] out = new PrefillPool.Holder[citizens.size()];
    VirtualUser vu = new VirtualUser(lanes.get(0), -1);
    List<String> errors = concurrently(citizens.size(), 16, i -> {
      long before = System.nanoTime();
      // Either way: the citizen may have consented to this scope before (a renewal of the pool).
      return scenarios.brokeredLogin(vu, citizens.get(i), null, prefillScope).map(json -> {
        JsonObject t = new JsonObject(json);
        String token = t.getString("access_token");
        if (token == null || !t.getString("scope", "").contains("prefill")) throw new Scenarios.Failure("gw-token: no prefill scope", json);
        out[i] = new PrefillPool.Holder(citizens.get(i), procedure.apply(i), token, before + TimeUnit.SECONDS.toNanos(t.getLong("expires_in", 300L)));
        return null;
      });
    });
    if (!errors.isEmpty()) {
      throw new IllegalStateException(errors.size() + " of " + citizens.size() + " prefill logins failed, e.g. " + errors.get(0));
    }
    return List.of(out);
  }

  /** Access tokens live minutes (tokens.access-token-ttl): new logins when the pool would expire within {@code seconds}. */
  private void renewPrefillTokens(int seconds) {
    if (prefillPool.secondsLeft() > seconds + 20) return;
    long t0 = System.nanoTime();
    List<PrefillPool.Holder> old = prefillPool.holders();
    prefillPool.set(login(old.stream().map(PrefillPool.Holder::account).toList(), i -> old.get(i).procedure()));
    System.out.printf(Locale.ROOT, "setup: the prefill pool's %d access tokens renewed (new logins) in %.1f s%n", old.size(),
        (System.nanoTime() - t0) / 1e9);
  }

  private <T> T onLane(java.util.function.Supplier<Future<T>> call) {
    Promise<T> p = Promise.promise();
    lanes.get(0).context.runOnContext(v -> call.get().onComplete(p));
    return p.future().await();
  }

  /** A login with consent for each account of a pool, so that they can log in as returning citizens. */
  private void prepareReturningPool(int size) {
    long t0 = System.nanoTime();
    List<Accounts.Account> pool = accounts.take(size);
    VirtualUser vu = new VirtualUser(lanes.get(0), -1);
    // Either way: on a stack that already served a run, these citizens may have consented before.
    List<String> errors = concurrently(size, 16, i -> scenarios.brokeredLogin(vu, pool.get(i), null));
    if (!errors.isEmpty()) {
      throw new IllegalStateException(errors.size() + " of " + size + " consenting logins failed, e.g. " + errors.get(0));
    }
    accounts.setReturning(pool);
    System.out.printf(Locale.ROOT, "setup: %d citizens logged in once and consented (returning pool) in %.1f s%n", size,
        (System.nanoTime() - t0) / 1e9);
  }

  private JsonObject runItem(int index, PlanItem item, boolean keep) throws IOException {
    Scenarios.Scenario s = scenarios.byName(item.scenario);
    if (PREFILL.contains(item.scenario)) renewPrefillTokens(item.warmup + item.duration);
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
    result.put("mode", "closed");
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
   * Open loop: request k is due at {@code t0 + k / rate}. A pacer thread wakes at each due time
   * and hands the requests due to a lane's event loop; the answers never hold the next request
   * back. Latency runs from the intended send time, so a stall of the server (or of the generator)
   * is charged to every request that should have left during it (coordinated omission). Counted:
   * the requests scheduled inside the window, each waited for after it (up to 60 s); throughput is
   * the successful answers that arrived inside the window.
   */
  private JsonObject runOpenItem(int index, PlanItem item) throws IOException {
    Scenarios.Scenario s = scenarios.byName(item.scenario);
    if (!s.openLoop()) throw new IllegalArgumentException(item.scenario + " keeps per-user state and runs closed loop only");
    if (PREFILL.contains(item.scenario)) renewPrefillTokens(item.warmup + item.duration + 60);
    String label = String.format(Locale.ROOT, "%02d-%s-r%d", index, item.scenario, item.rate);
    List<VirtualUser> vus = new ArrayList<>();
    for (int i = 0; i < lanes.size(); i++) vus.add(new VirtualUser(lanes.get(i), i));
    for (VirtualUser.Lane l : lanes) l.recorder = new Recorder();
    JsonObject result = new JsonObject().put("scenario", item.scenario).put("mode", "open").put("rate", item.rate)
        .put("concurrency", 0).put("generatorThreads", lanes.size()).put("warmupSeconds", item.warmup).put("durationSeconds", item.duration);
    List<Future<Void>> prepared = new ArrayList<>();
    for (VirtualUser vu : vus) {
      Promise<Void> p = Promise.promise();
      vu.lane.context.runOnContext(v -> s.prepare(vu).onComplete(p));
      prepared.add(p.future());
    }
    Future.all(prepared).await();
    result.put("otherCoresBeforeStart", awaitQuiet(label));

    double periodNanos = 1e9 / item.rate;
    long t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
    long warmEnd = t0 + TimeUnit.SECONDS.toNanos(item.warmup);
    long end = warmEnd + TimeUnit.SECONDS.toNanos(item.duration);
    for (VirtualUser.Lane l : lanes) {
      l.recorder.windowStart = warmEnd;
      l.recorder.windowEnd = end;
    }
    java.util.concurrent.atomic.AtomicLong inFlight = new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.atomic.AtomicLong maxInFlight = new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.atomic.AtomicLong scheduled = new java.util.concurrent.atomic.AtomicLong();
    Thread pacer = new Thread(() -> {
      long k = 0;
      int next = 0;
      while (true) {
        long due = t0 + (long) (k * periodNanos);
        if (due >= end) break;
        long now = System.nanoTime();
        if (due > now) {
          LockSupport.parkNanos(due - now);
          continue;
        }
        long from = k;
        do {
          k++;
        } while (t0 + (long) (k * periodNanos) <= now && t0 + (long) (k * periodNanos) < end);
        long to = k;
        scheduled.addAndGet(to - from);
        VirtualUser vu = vus.get(next++ % vus.size());
        vu.lane.context.runOnContext(v -> {
          for (long j = from; j < to; j++) fire(vu, s, t0 + (long) (j * periodNanos), inFlight, maxInFlight);
        });
      }
    }, "bench-pacer");
    pacer.setDaemon(true);
    pacer.setPriority(Thread.MAX_PRIORITY);
    pacer.start();

    sleepUntil(warmEnd);
    ProcStats.Snapshot a = ProcStats.take(sutPid);
    Path jfr = out.resolve(label + ".jfr").toAbsolutePath();
    if (profile && sutPid > 0) ProcStats.jcmd(sutPid, 30, "JFR.start", "name=" + label, "settings=profile");
    sleepUntil(end);
    ProcStats.Snapshot b = ProcStats.take(sutPid);
    try {
      pacer.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (inFlight.get() > 0 && System.nanoTime() < drainDeadline) LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    long unanswered = inFlight.get();
    if (unanswered > 0) System.out.println(label + ": " + unanswered + " requests still unanswered 60 s after the window");

    Recorder all = new Recorder();
    for (VirtualUser.Lane l : lanes) all.add(l.recorder);
    double seconds = item.duration;
    JsonObject steps = new JsonObject();
    all.steps.forEach((k, h) -> steps.put(k, Recorder.latency(h).put("perSecond", round(h.getTotalCount() / seconds))));
    JsonObject errors = new JsonObject(new HashMap<>(all.errors));
    if (unanswered > 0) errors.put("unanswered 60 s after the window", unanswered);
    result.put("ops", all.ops)
        .put("scheduledTotal", scheduled.get())
        .put("opsPerSecond", round(all.completedInWindow / seconds))
        .put("latency", Recorder.latency(all.total))
        .put("sendLag", Recorder.latency(all.sendLag))
        .put("maxInFlight", maxInFlight.get())
        .put("worstSeconds", all.worstSeconds(5))
        .put("steps", steps)
        .put("errors", errors)
        .put("warmupErrors", new JsonObject(new HashMap<>(all.warmupErrors)))
        .put("errorSamples", new JsonObject(new HashMap<>(all.errorSamples)))
        .put("cpu", ProcStats.delta(a, b, sutPid, all.completedInWindow));
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
    Histogram h = all.total;
    long errorCount = errors.stream().mapToLong(e -> ((Number) e.getValue()).longValue()).sum();
    JsonObject cpu = result.getJsonObject("cpu");
    System.out.println(String.format(Locale.ROOT, "%-28s %9.1f ops/s of %d/s  from intended send: p50 %6.2f  p99 %6.2f  p99.9 %6.2f"
            + "  max %8.2f ms  send lag p99 %.2f ms  in flight <= %d  errors %d%s  | SUT %s cores, generator %.2f, other %.2f",
        label, result.getDouble("opsPerSecond"), item.rate, h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
        h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0, all.sendLag.getValueAtPercentile(99) / 1000.0, maxInFlight.get(),
        errorCount, errorCount == 0 ? "" : " " + errors.encode(),
        cpu.containsKey("sutCores") ? String.format(Locale.ROOT, "%.2f", cpu.getDouble("sutCores")) : "?",
        cpu.getDouble("generatorCores"), cpu.getDouble("otherCores")));
    StringBuilder worst = new StringBuilder();
    for (Object o : result.getJsonArray("worstSeconds")) {
      JsonObject w = (JsonObject) o;
      worst.append(String.format(Locale.ROOT, "  s%d: max %.1f ms, %d > 10 ms;", w.getLong("second"), w.getDouble("maxMs"),
          w.getLong("slowerThan10Ms")));
    }
    System.out.println("  worst seconds of the window:" + worst);
    return result;
  }

  /** One open-loop request, on its lane's event loop. */
  private static void fire(VirtualUser vu, Scenarios.Scenario s, long intended, java.util.concurrent.atomic.AtomicLong inFlight,
      java.util.concurrent.atomic.AtomicLong maxInFlight) {
    long sent = System.nanoTime();
    long now = inFlight.incrementAndGet();
    if (now > maxInFlight.get()) maxInFlight.accumulateAndGet(now, Math::max);
    Future<Boolean> f;
    try {
      f = s.once(vu);
    } catch (RuntimeException e) {
      f = Future.failedFuture(e);
    }
    f.onComplete(ar -> {
      long end = System.nanoTime();
      inFlight.decrementAndGet();
      if (ar.succeeded()) vu.lane.recorder.openDone(intended, sent, end);
      else vu.lane.recorder.error(intended, kind(ar.cause()), ar.cause().getMessage());
    });
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
