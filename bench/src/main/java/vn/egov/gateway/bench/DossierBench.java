package vn.egov.gateway.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.pointer.JsonPointer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Dossier throughput (issue 4): N dossiers submitted through the gateway's API and delivered by its
 * forwarder to a mock agency running as its own process; zero loss and zero duplicates checked at
 * the end against the mock agency's record of what it stored.
 *
 * <ol>
 *   <li>Set-up, not measured: one citizen per bench procedure logs in through the gateway (complete
 *   brokered flow, prefill scope, consent approved) and prefills its procedure; the form is built
 *   from the prefill as a portal does (locked fields as signed, the rest typed in), with the prefill
 *   signature.</li>
 *   <li>JIT warm-up: {@code --warmup-dossiers} dossiers submitted and delivered, not measured (but
 *   checked at the end like the others).</li>
 *   <li>Measured: N dossiers, {@code POST /api/v1/dossiers} with a unique {@code Idempotency-Key}
 *   each, C in flight (closed loop), or paced at {@code --rate} per second with C at most in flight.
 *   Dossier i goes to bench procedure i mod P, so each of the P agencies numbers N/P of them. A
 *   request that fails in a way a portal would retry (connection error, 409 in progress, 5xx) is
 *   sent again with the same key. Delivery progress is the gateway's
 *   {@code egov_dossiers_total{state="delivered"}} counter, read every 100 ms; the run ends when it
 *   has counted every accepted dossier.</li>
 *   <li>Check: every page of the mock agency's {@code GET /dev/received}; each accepted receipt code
 *   must be stored there exactly once, and nothing else.</li>
 * </ol>
 */
final class DossierBench {
  static final String SCOPE = "openid profile identity_number address phone email prefill";
  private static final int MAX_TRIES = 20;

  private final Map<String, String> opts;
  private final Vertx vertx;
  private final WebClient client;
  /** Its own connections: the delivered counter is read while the submitters hold theirs busy. */
  private final WebClient metrics;
  private final VirtualUser.Lane lane;
  private final Scenarios scenarios;
  private final Accounts accounts;
  private final String gateway;
  private final String agencyAdmin;
  private final Path out;
  private final String label;
  private final long sutPid;
  private final long agencyPid;
  private final boolean profile;
  private final int concurrency;
  private final List<Holder> holders = new ArrayList<>();
  private final String runId = Long.toString(System.currentTimeMillis(), 36);

  /** One citizen filing one bench procedure with the form built from its prefill. */
  private static final class Holder {
    final Accounts.Account account;
    final String procedure;
    String token;
    long expiresAtNanos;
    Future<Void> renewing;
    String signature;
    JsonObject form;
    /** The encoded body around the dossier's number (see {@link #encoded}); built on first use, on the event loop. */
    byte[][] encoded;

    Holder(Accounts.Account account, String procedure) {
      this.account = account;
      this.procedure = procedure;
    }
  }

  /** Accepted receipt codes, compactly: a bit per sequence number per agency-day prefix. */
  static final class Receipts {
    final Map<String, BitSet> codes = new HashMap<>();
    long count;
    long again;

    /** false when the code was there already. */
    boolean add(String receiptCode) {
      int dash = receiptCode.lastIndexOf('-');
      BitSet b = codes.computeIfAbsent(receiptCode.substring(0, dash), k -> new BitSet(10_000));
      int seq = Integer.parseInt(receiptCode.substring(dash + 1));
      if (b.get(seq)) {
        again++;
        return false;
      }
      b.set(seq);
      count++;
      return true;
    }

    boolean contains(String receiptCode) {
      int dash = receiptCode.lastIndexOf('-');
      BitSet b = codes.get(receiptCode.substring(0, dash));
      return b != null && b.get(Integer.parseInt(receiptCode.substring(dash + 1)));
    }

    /** How many of this set's codes {@code other} lacks. */
    long missingFrom(Receipts other) {
      long n = 0;
      for (Map.Entry<String, BitSet> e : codes.entrySet()) {
        BitSet mine = (BitSet) e.getValue().clone();
        BitSet theirs = other.codes.get(e.getKey());
        if (theirs != null) mine.andNot(theirs);
        n += mine.cardinality();
      }
      return n;
    }
  }

  /** What one phase (warm-up or measured) did. */
  private static final class Phase {
    final Histogram latency = new Histogram(120_000_000L, 3);
    final Map<String, Long> errors = new TreeMap<>();
    final Map<String, Long> retries = new TreeMap<>();
    final Map<String, String> samples = new TreeMap<>();
    long[] acceptNanos;
    final AtomicInteger accepted = new AtomicInteger();
    long firstPost;
    long lastAccept;
  }

  DossierBench(Map<String, String> opts) {
    this.opts = opts;
    this.concurrency = Integer.parseInt(opts.getOrDefault("concurrency", "32"));
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2).setInternalBlockingPoolSize(2));
    this.client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false).setKeepAlive(true)
            .setUserAgent("egov-bench").setConnectTimeout(10_000).setIdleTimeout(300),
        new PoolOptions().setHttp1MaxSize(concurrency + 16).setMaxWaitQueueSize(-1));
    this.metrics = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true).setUserAgent("egov-bench"),
        new PoolOptions().setHttp1MaxSize(2));
    this.lane = new VirtualUser.Lane(vertx.getOrCreateContext(), client, null);
    this.gateway = strip(required("gateway"));
    String vneid = strip(required("vneid"));
    this.agencyAdmin = strip(required("agency-admin"));
    this.accounts = new Accounts(WebClient.create(vertx), vneid, Integer.parseInt(opts.getOrDefault("first-offset", "0")));
    this.scenarios = new Scenarios(new Scenarios.Target(gateway, vneid, null), accounts, SCOPE, new PrefillPool());
    this.out = Path.of(opts.getOrDefault("out", "results"));
    this.label = opts.getOrDefault("label", "h2");
    this.sutPid = Long.parseLong(opts.getOrDefault("sut-pid", "0"));
    this.agencyPid = Long.parseLong(opts.getOrDefault("agency-pid", "0"));
    this.profile = opts.containsKey("profile");
  }

  static int main(Map<String, String> opts) throws Exception {
    DossierBench b = new DossierBench(opts);
    try {
      return b.run();
    } finally {
      b.vertx.close().await();
    }
  }

  private int run() throws IOException {
    Files.createDirectories(out);
    int n = Integer.parseInt(opts.getOrDefault("dossiers", "50000"));
    int warm = Integer.parseInt(opts.getOrDefault("warmup-dossiers", "3000"));
    double rate = Double.parseDouble(opts.getOrDefault("rate", "0"));
    setup();
    Files.writeString(out.resolve("dossier-sample-" + label + ".json"), body(holders.get(0), 0).encodePrettily());

    Receipts accepted = new Receipts();
    long delivered0 = deliveredCount();
    if (warm > 0) {
      long t0 = System.nanoTime();
      Phase w = submitAll("w", warm, 0, accepted);
      long need = delivered0 + w.accepted.get();
      awaitDelivered(() -> new long[] {System.nanoTime(), deliveredCount()}, need, 300, 500);
      System.out.printf(Locale.ROOT, "[%s] JIT warm-up: %d dossiers accepted and delivered in %.1f s (%.0f/s), not measured; errors %s%n",
          label, w.accepted.get(), (System.nanoTime() - t0) / 1e9, w.accepted.get() / ((System.nanoTime() - t0) / 1e9), w.errors);
    }

    long deliveredBefore = deliveredCount();
    double otherBefore = ProcStats.otherLoad(sutPid, 1000);
    ProcStats.Snapshot a = ProcStats.take(sutPid);
    long agencyTicksA = ProcStats.cpuTicks(agencyPid);
    Path jfr = out.resolve("dossiers-" + label + ".jfr").toAbsolutePath();
    if (profile && sutPid > 0) ProcStats.jcmd(sutPid, 30, "JFR.start", "name=dossiers-" + label, "settings=profile");

    // Delivery progress on its own thread: the gateway's delivered counter. A Prometheus scrape
    // costs the gateway ~20 ms of CPU (120 agencies' meters): once a second (--poll-seconds) while dossiers are
    // being submitted, every 100 ms after the last one was accepted, to time the last delivery.
    List<long[]> deliveredTimeline = java.util.Collections.synchronizedList(new ArrayList<>());
    long pollNanos = (long) (Double.parseDouble(opts.getOrDefault("poll-seconds", "1")) * 1e9);
    java.util.concurrent.atomic.AtomicBoolean submitting = new java.util.concurrent.atomic.AtomicBoolean(true);
    Thread poller = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        try {
          long d = deliveredCount() - deliveredBefore;
          deliveredTimeline.add(new long[] {System.nanoTime(), d});
        } catch (RuntimeException e) {
          if (Thread.currentThread().isInterrupted() || e.getCause() instanceof InterruptedException) return;
        }
        LockSupport.parkNanos(submitting.get() ? pollNanos : TimeUnit.MILLISECONDS.toNanos(100));
      }
    }, "bench-delivered-poller");
    poller.setDaemon(true);

    long start = System.nanoTime();
    poller.start();
    Phase m = submitAll("d", n, rate, accepted);
    submitting.set(false);
    LockSupport.unpark(poller); // out of its one-second park
    long deliveredAt = awaitDelivered(() -> {
      synchronized (deliveredTimeline) {
        return deliveredTimeline.isEmpty() ? new long[] {0, 0} : deliveredTimeline.get(deliveredTimeline.size() - 1);
      }
    }, m.accepted.get(), Math.max(300, n / 50), 20);
    poller.interrupt();
    ProcStats.Snapshot b = ProcStats.take(sutPid);
    long agencyTicksB = ProcStats.cpuTicks(agencyPid);
    JsonObject jfrSummary = null;
    if (profile && sutPid > 0) {
      ProcStats.jcmd(sutPid, 60, "JFR.stop", "name=dossiers-" + label, "filename=" + jfr);
      if (Files.exists(jfr)) {
        JfrSummary.Summary sum = JfrSummary.summarise(jfr, 30);
        Files.writeString(out.resolve("dossiers-" + label + ".profile.txt"), sum.text());
        jfrSummary = sum.json();
      }
    }

    JsonObject check = check(accepted);
    double acceptSeconds = (m.lastAccept - m.firstPost) / 1e9;
    double totalSeconds = deliveredAt < 0 ? -1 : (deliveredAt - m.firstPost) / 1e9;
    JsonObject cpu = ProcStats.delta(a, b, sutPid, m.accepted.get());
    double windowSeconds = (b.nanos() - a.nanos()) / 1e9;
    cpu.put("agencyCores", Math.round((agencyTicksB - agencyTicksA) / 100.0 / windowSeconds * 1000) / 1000.0)
        .put("agencyCpuMsPerDossier", m.accepted.get() == 0 ? null
            : Math.round((agencyTicksB - agencyTicksA) * 10.0 / m.accepted.get() * 1000) / 1000.0);
    long[] acceptTimes = java.util.Arrays.stream(m.acceptNanos).filter(t -> t > 0).sorted().toArray();
    JsonObject result = new JsonObject()
        .put("store", label)
        .put("dossiers", n)
        .put("warmupDossiers", warm)
        .put("concurrency", concurrency)
        .put("rate", rate)
        .put("procedures", holders.size())
        .put("accepted", m.accepted.get())
        .put("acceptSeconds", round(acceptSeconds))
        .put("acceptedPerSecond", round(m.accepted.get() / acceptSeconds))
        .put("acceptedPerSecondSteady", round(steady(acceptTimes)))
        .put("postLatency", Recorder.latency(m.latency))
        .put("deliveredPerSecond", totalSeconds <= 0 ? null : round(m.accepted.get() / totalSeconds))
        .put("deliveredPerSecondSteady", round(steadyDelivered(deliveredTimeline, m.accepted.get())))
        .put("firstPostToLastDeliveredSeconds", round(totalSeconds))
        .put("deliveryTailSeconds", deliveredAt < 0 ? null : round((deliveredAt - m.lastAccept) / 1e9))
        .put("maxBacklog", maxBacklog(acceptTimes, deliveredTimeline))
        .put("errors", new JsonObject(new HashMap<>(m.errors)))
        .put("retries", new JsonObject(new HashMap<>(m.retries)))
        .put("errorSamples", new JsonObject(new HashMap<>(m.samples)))
        .put("citizensRefusedAtSetup", new JsonObject(new HashMap<>(refusedCitizens)))
        .put("citizensRefusedSamples", new JsonObject(new HashMap<>(refusedSamples)))
        .put("otherCoresBeforeStart", Math.round(otherBefore * 100) / 100.0)
        .put("cpu", cpu)
        .put("check", check)
        .put("timeline", timeline(start, acceptTimes, deliveredTimeline));
    if (jfrSummary != null) result.put("profile", jfrSummary);
    Files.writeString(out.resolve("dossiers-" + label + ".json"), result.encodePrettily());
    System.out.println(oneLine(result));
    boolean ok = m.errors.isEmpty() && deliveredAt > 0 && check.getLong("lost") == 0 && check.getLong("duplicated") == 0
        && check.getLong("unknown") == 0 && m.accepted.get() == n;
    return ok ? 0 : 1;
  }

  // --- set-up ---------------------------------------------------------------------------------------

  private void setup() {
    long t0 = System.nanoTime();
    var r = client.getAbs(gateway + "/api/v1/procedures").send().await();
    if (r.statusCode() != 200) throw new IllegalStateException("GET /api/v1/procedures answered HTTP " + r.statusCode());
    String prefix = opts.getOrDefault("procedure-prefix", "1.9");
    List<String> codes = new ArrayList<>();
    for (Object o : r.bodyAsJsonObject().getJsonArray("procedures")) {
      String code = ((JsonObject) o).getString("code");
      if (code.startsWith(prefix)) codes.add(code);
    }
    codes.sort(null);
    if (codes.isEmpty()) {
      throw new IllegalStateException("no procedure code starting with " + prefix + " in the catalogue: the gateway must run with the"
          + " bench config (dossier-config)");
    }
    int maxProcedures = Integer.parseInt(opts.getOrDefault("procedures", "0"));
    if (maxProcedures > 0 && codes.size() > maxProcedures) codes = codes.subList(0, maxProcedures);
    VirtualUser vu = new VirtualUser(lane, -1);
    List<String> todo = new ArrayList<>(codes);
    int tried = 0;
    for (int round = 1; !todo.isEmpty(); round++) {
      if (round > 20) throw new IllegalStateException("no citizen whose prefilled form is valid for " + todo.size() + " procedures");
      List<Holder> batch = new ArrayList<>();
      List<Accounts.Account> citizens = accounts.take(todo.size());
      tried += citizens.size();
      for (int i = 0; i < todo.size(); i++) batch.add(new Holder(citizens.get(i), todo.get(i)));
      List<String> errors = concurrently(batch.size(), 16, i -> login(batch.get(i)));
      if (!errors.isEmpty()) throw new IllegalStateException(errors.size() + " logins failed, e.g. " + errors.get(0));
      errors = concurrently(batch.size(), 16, i -> prefill(vu, batch.get(i), 1));
      if (!errors.isEmpty()) throw new IllegalStateException(errors.size() + " prefills failed, e.g. " + errors.get(0));
      // The gateway's own verdict on each form: a citizen whose register data (locked, so the citizen
      // cannot correct it) fails a rule could never file; another citizen takes the procedure.
      List<JsonObject> verdicts = new ArrayList<>(java.util.Collections.nCopies(batch.size(), (JsonObject) null));
      errors = concurrently(batch.size(), 16, i -> validate(batch.get(i)).map(v -> verdicts.set(i, v)));
      if (!errors.isEmpty()) throw new IllegalStateException(errors.size() + " validations failed, e.g. " + errors.get(0));
      todo.clear();
      for (int i = 0; i < batch.size(); i++) {
        JsonObject v = verdicts.get(i);
        if (v.getBoolean("valid", false)) {
          holders.add(batch.get(i));
          continue;
        }
        todo.add(batch.get(i).procedure);
        for (Object e : v.getJsonArray("errors", new JsonArray())) {
          JsonObject err = (JsonObject) e;
          String kind = err.getString("pointer") + " " + err.getString("code");
          refusedCitizens.merge(kind, 1L, Long::sum);
          refusedSamples.putIfAbsent(kind, err.getJsonObject("message", new JsonObject()).getString("en"));
        }
      }
    }
    holders.sort(java.util.Comparator.comparing(h -> h.procedure));
    System.out.printf(Locale.ROOT, "[%s] setup: %d citizens logged in (prefill scope, consented) and prefilled one bench procedure each"
        + " (%s ... %s) in %.1f s%n", label, holders.size(), codes.get(0), codes.get(codes.size() - 1), (System.nanoTime() - t0) / 1e9);
    if (!refusedCitizens.isEmpty()) {
      System.out.printf(Locale.ROOT, "[%s] setup: %d of %d citizens tried could not file: the gateway refuses their prefilled (locked)"
          + " form: %s, e.g. %s%n", label, tried - holders.size(), tried, refusedCitizens, refusedSamples);
    }
  }

  private final Map<String, Long> refusedCitizens = new TreeMap<>();
  private final Map<String, String> refusedSamples = new TreeMap<>();

  /** {@code POST /api/v1/procedures/{code}/validate} of the holder's form: the verdict. */
  private Future<JsonObject> validate(Holder h) {
    JsonObject body = new JsonObject().put("form", h.form).put("prefill", h.signature);
    return client.postAbs(gateway + "/api/v1/procedures/" + h.procedure + "/validate")
        .putHeader("Authorization", "Bearer " + h.token)
        .putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(body.encode()))
        .map(r -> {
          if (r.statusCode() != 200) throw new Scenarios.Failure("validate: HTTP " + r.statusCode(), r.bodyAsString());
          return r.bodyAsJsonObject();
        });
  }

  private Future<Void> login(Holder h) {
    long before = System.nanoTime();
    VirtualUser vu = new VirtualUser(lane, -1);
    return scenarios.brokeredLogin(vu, h.account, null, SCOPE).map(json -> {
      JsonObject t = new JsonObject(json);
      h.token = t.getString("access_token");
      h.expiresAtNanos = before + TimeUnit.SECONDS.toNanos(t.getLong("expires_in", 300L));
      if (h.token == null) throw new Scenarios.Failure("gw-token: no access token", json);
      return null;
    });
  }

  /** A cold stack on a busy machine may miss the register timeout at first: up to 5 tries. */
  private Future<Void> prefill(VirtualUser vu, Holder h, int attempt) {
    var ph = new PrefillPool.Holder(h.account, h.procedure, h.token, h.expiresAtNanos);
    return scenarios.prefill(vu, ph).map(body -> {
      JsonObject prefilled = new JsonObject(body);
      h.signature = prefilled.getString("signature");
      h.form = fromPrefill(prefilled, typedIn());
      return (Void) null;
    }).recover(e -> {
      if (attempt >= 5) return Future.failedFuture(e);
      Promise<Void> p = Promise.promise();
      vertx.setTimer(1000, id -> prefill(vu, h, attempt + 1).onComplete(p));
      return p.future();
    });
  }

  /** The prefilled values written into what the parent types in (as testing/DossierForms does). */
  static JsonObject fromPrefill(JsonObject prefill, JsonObject typedIn) {
    JsonObject form = typedIn.copy();
    JsonObject fields = prefill.getJsonObject("fields");
    for (String pointer : fields.fieldNames()) {
      Object value = fields.getJsonObject(pointer).getValue("value");
      if (value != null) JsonPointer.from(pointer).writeJson(form, value, true);
    }
    return form;
  }

  /** The primary school transfer (1.005099) as a parent fills it in: an 8-year-old boy moving between two Hà Nội schools. */
  static JsonObject typedIn() {
    return new JsonObject()
        .put("applicant", new JsonObject().put("relationship", "FATHER").put("phone", "0912345678"))
        .put("student", new JsonObject().put("fullName", "Nguyễn Minh Khôi").put("gender", "MALE").put("birthdate", "2018-05-12")
            .put("identityNumber", "001218012345").put("grade", 3).put("schoolYear", "2026-2027"))
        .put("fromSchool", new JsonObject().put("name", "Trường Tiểu học Ba Đình").put("provinceCode", "01").put("communeCode", "00004"))
        .put("toSchool", new JsonObject().put("name", "Trường Tiểu học Ngọc Hà").put("provinceCode", "01").put("communeCode", "00008"))
        .put("reason", new JsonObject().put("kind", "RELOCATION").put("detail", "Gia đình chuyển nơi ở"))
        .put("documents", new JsonArray().add(new JsonObject().put("kind", "SCHOOL_RECORD").put("fileId", "hoc-ba-2026")))
        .put("declarations", new JsonObject().put("truthful", true));
  }

  /** Dossier {@code i} of a holder: its form with a detail of its own, so that no two stored dossiers are alike. */
  private static JsonObject body(Holder h, Object i) {
    JsonObject form = h.form.copy();
    form.getJsonObject("reason").put("detail", "Gia đình chuyển nơi ở, hồ sơ số " + i);
    return new JsonObject().put("procedure", h.procedure).put("form", form).put("prefill", h.signature);
  }

  private static final String MARK = "@@DOSSIER@@";

  /**
   * The same bytes as {@code body(h, i).encode()}, without a JSON copy and encoding per dossier:
   * the holder's body is encoded once with a mark where the number goes (the generator shares the
   * two cores with what it measures).
   */
  private static Buffer encoded(Holder h, int i) {
    if (h.encoded == null) {
      String whole = body(h, MARK).encode();
      int at = whole.indexOf(MARK);
      if (at < 0) throw new IllegalStateException("no place for the dossier number in " + whole);
      h.encoded = new byte[][] {whole.substring(0, at).getBytes(java.nio.charset.StandardCharsets.UTF_8),
          whole.substring(at + MARK.length()).getBytes(java.nio.charset.StandardCharsets.UTF_8)};
    }
    byte[] n = Integer.toString(i).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    return Buffer.buffer(h.encoded[0].length + n.length + h.encoded[1].length)
        .appendBytes(h.encoded[0]).appendBytes(n).appendBytes(h.encoded[1]);
  }

  // --- submission -----------------------------------------------------------------------------------

  /**
   * Submits {@code n} dossiers, {@code concurrency} in flight; with {@code rate} > 0 dossier i is
   * not sent before {@code start + i / rate} and its latency counts from then. Blocking.
   */
  private Phase submitAll(String prefix, int n, double rate, Receipts accepted) {
    Phase p = new Phase();
    p.acceptNanos = new long[n];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger active = new AtomicInteger(Math.min(concurrency, n));
    Promise<Void> done = Promise.promise();
    if (n == 0) return p;
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
    p.firstPost = start;
    Runnable[] worker = new Runnable[1];
    worker[0] = () -> {
      int i = next.getAndIncrement();
      if (i >= n) {
        if (active.decrementAndGet() == 0) done.complete();
        return;
      }
      long due = rate > 0 ? start + (long) (i * 1e9 / rate) : System.nanoTime();
      long wait = due - System.nanoTime();
      Runnable send = () -> {
        Holder h = holders.get(i % holders.size());
        String key = prefix + "-" + runId + "-" + i;
        Buffer body = encoded(h, i);
        long sent = rate > 0 ? due : System.nanoTime();
        submitOne(p, h, key, body, 1).onComplete(ar -> {
          long end = System.nanoTime();
          if (ar.succeeded()) {
            String code = ar.result();
            synchronized (accepted) {
              if (!accepted.add(code)) p.errors.merge("receipt code answered twice", 1L, Long::sum);
            }
            p.acceptNanos[i] = end;
            p.accepted.incrementAndGet();
            p.lastAccept = Math.max(p.lastAccept, end);
            p.latency.recordValue(Math.min(120_000_000L, Math.max(1, (end - sent) / 1000)));
          } else {
            String kind = Bench.kind(ar.cause());
            p.errors.merge(kind, 1L, Long::sum);
            p.samples.putIfAbsent(kind, String.valueOf(ar.cause().getMessage()));
          }
          worker[0].run();
        });
      };
      if (wait > TimeUnit.MILLISECONDS.toNanos(1)) vertx.setTimer(TimeUnit.NANOSECONDS.toMillis(wait), id -> send.run());
      else send.run();
    };
    lane.context.runOnContext(v -> {
      for (int i = 0; i < Math.min(concurrency, n); i++) worker[0].run();
    });
    long lastPrint = System.nanoTime();
    while (!done.future().isComplete()) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
      if (System.nanoTime() - lastPrint > TimeUnit.SECONDS.toNanos(10)) {
        lastPrint = System.nanoTime();
        System.out.printf(Locale.ROOT, "[%s] %s: %d of %d accepted after %.0f s%n", label, prefix.equals("w") ? "warm-up" : "measured",
            p.accepted.get(), n, (lastPrint - start) / 1e9);
      }
    }
    return p;
  }

  /** One dossier until the gateway takes it; answers its receipt code. A portal retries with the same key. */
  private Future<String> submitOne(Phase p, Holder h, String key, Buffer body, int attempt) {
    return token(h).compose(token -> client.postAbs(gateway + "/api/v1/dossiers")
            .putHeader("Authorization", "Bearer " + token)
            .putHeader("Content-Type", "application/json")
            .putHeader("Accept", "application/json")
            .putHeader("Idempotency-Key", key)
            .sendBuffer(body))
        .transform(ar -> {
          String retry;
          if (ar.failed()) {
            retry = "exception " + ar.cause().getClass().getSimpleName();
          } else {
            HttpResponse<Buffer> r = ar.result();
            if (r.statusCode() == 202) {
              String code = Browser.jsonString(r.bodyAsString(), "receiptCode");
              if (code == null) return Future.failedFuture(new Scenarios.Failure("dossier: 202 without receiptCode", r.bodyAsString()));
              return Future.succeededFuture(code);
            }
            String text = r.bodyAsString() == null ? "" : r.bodyAsString();
            boolean exhausted = text.contains("receipt-sequence-exhausted");
            if ((r.statusCode() == 409 || r.statusCode() >= 500) && !exhausted) {
              retry = "HTTP " + r.statusCode();
            } else {
              return Future.failedFuture(new Scenarios.Failure("dossier: HTTP " + r.statusCode()
                  + (exhausted ? " receipt-sequence-exhausted" : ""), text.length() > 300 ? text.substring(0, 300) : text));
            }
          }
          if (attempt >= MAX_TRIES) return Future.failedFuture(new Scenarios.Failure("dossier: gave up after " + attempt + " tries", retry));
          p.retries.merge(retry, 1L, Long::sum);
          Promise<String> again = Promise.promise();
          vertx.setTimer(Math.min(1000, 50L * attempt), id -> submitOne(p, h, key, body, attempt + 1).onComplete(again));
          return again.future();
        });
  }

  /** The holder's access token; a new login when it would expire within two minutes (long runs). */
  private Future<String> token(Holder h) {
    if (h.expiresAtNanos - System.nanoTime() > TimeUnit.MINUTES.toNanos(2)) return Future.succeededFuture(h.token);
    if (h.renewing == null) h.renewing = login(h).onComplete(ar -> h.renewing = null);
    return h.renewing.map(v -> h.token);
  }

  // --- delivery -------------------------------------------------------------------------------------

  /** The gateway's {@code egov_dossiers_total{state="delivered"}} counter. Blocking. */
  private long deliveredCount() {
    var r = metrics.getAbs(gateway + "/metrics").send().await();
    if (r.statusCode() != 200) throw new IllegalStateException("/metrics answered HTTP " + r.statusCode());
    double sum = 0;
    for (String line : r.bodyAsString().split("\n")) {
      if (line.startsWith("egov_dossiers_total{") && line.contains("state=\"delivered\"")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return (long) sum;
  }

  /** Waits until {@code current} reaches {@code target}; when it was first seen there, or -1 after the deadline. */
  private long awaitDelivered(java.util.function.Supplier<long[]> current, long target, int seconds, long pollMillis) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    long lastPrint = System.nanoTime();
    while (System.nanoTime() < deadline) {
      long[] reading = current.get(); // {time, count}
      if (reading[1] >= target) return reading[0];
      long now = System.nanoTime();
      if (now - lastPrint > TimeUnit.SECONDS.toNanos(10)) {
        lastPrint = now;
        System.out.printf(Locale.ROOT, "[%s] waiting for deliveries: %d to go%n", label, target - reading[1]);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(pollMillis));
    }
    System.out.printf(Locale.ROOT, "[%s] not every accepted dossier was delivered within %d s%n", label, seconds);
    return -1;
  }

  // --- the check ------------------------------------------------------------------------------------

  /** Every page of the mock agency's record: each accepted receipt code stored once, nothing else stored. */
  private JsonObject check(Receipts accepted) {
    long t0 = System.nanoTime();
    WebClient admin = WebClient.create(vertx);
    Receipts stored = new Receipts();
    JsonObject first = null;
    long keys = 0;
    long storedKeys = 0;
    long postsAboveOne = 0;
    for (int offset = 0; ; offset += 10_000) {
      var r = admin.getAbs(agencyAdmin + "/dev/received?limit=10000&offset=" + offset).send().await();
      if (r.statusCode() != 200) throw new IllegalStateException("/dev/received answered HTTP " + r.statusCode());
      JsonObject page = new JsonObject(r.bodyAsString());
      if (first == null) first = page;
      JsonObject deliveries = page.getJsonObject("deliveries");
      if (deliveries.isEmpty()) break;
      for (String key : deliveries.fieldNames()) {
        JsonObject d = deliveries.getJsonObject(key);
        keys++;
        if (d.getInteger("posts", 0) > 1) postsAboveOne++;
        if (d.getBoolean("stored", false)) {
          storedKeys++;
          stored.add(d.getString("receiptCode"));
        }
      }
    }
    long lost = accepted.missingFrom(stored);
    long unknown = stored.missingFrom(accepted);
    long duplicated = stored.again + first.getLong("duplicateReceiptCodeCount", 0L);
    JsonObject c = new JsonObject()
        .put("acceptedReceiptCodes", accepted.count)
        .put("agencyKeys", keys)
        .put("agencyStoredKeys", storedKeys)
        .put("agencyStoredReceiptCodes", stored.count)
        .put("agencyPosts", first.getLong("posts"))
        .put("agencyReplayed", first.getLong("replayed"))
        .put("agencyConflicts", first.getLong("conflicts"))
        .put("keysPostedMoreThanOnce", postsAboveOne)
        .put("duplicateReceiptCodeCount", first.getLong("duplicateReceiptCodeCount"))
        .put("lost", lost)
        .put("duplicated", duplicated)
        .put("unknown", unknown)
        .put("checkSeconds", round((System.nanoTime() - t0) / 1e9));
    System.out.printf(Locale.ROOT, "[%s] check against the mock agency's /dev/received: %d receipt codes accepted (warm-up included),"
            + " %d stored at the agency under %d keys (%d POSTs, %d replays), lost %d, duplicated %d, unknown %d (%.1f s)%n", label,
        accepted.count, stored.count, keys, first.getLong("posts"), first.getLong("replayed"), lost, duplicated, unknown,
        (System.nanoTime() - t0) / 1e9);
    return c;
  }

  // --- figures --------------------------------------------------------------------------------------

  /** Rate between the 10 % and the 90 % mark: the steady state, without the ramp and the tail. */
  private static double steady(long[] sortedTimes) {
    if (sortedTimes.length < 20) return 0;
    int a = sortedTimes.length / 10;
    int b = sortedTimes.length * 9 / 10;
    return (b - a) / ((sortedTimes[b] - sortedTimes[a]) / 1e9);
  }

  private static double steadyDelivered(List<long[]> timeline, long total) {
    long a = total / 10;
    long b = total * 9 / 10;
    long ta = -1;
    long tb = -1;
    long da = 0;
    long db = 0;
    synchronized (timeline) {
      for (long[] t : timeline) {
        if (ta < 0 && t[1] >= a) {
          ta = t[0];
          da = t[1];
        }
        if (tb < 0 && t[1] >= b) {
          tb = t[0];
          db = t[1];
        }
      }
    }
    return ta < 0 || tb <= ta ? 0 : (db - da) / ((tb - ta) / 1e9);
  }

  /** The most dossiers accepted and not yet delivered at any poll. */
  private static long maxBacklog(long[] sortedAccepts, List<long[]> timeline) {
    long max = 0;
    synchronized (timeline) {
      for (long[] t : timeline) {
        int acceptedBy = upperBound(sortedAccepts, t[0]);
        max = Math.max(max, acceptedBy - t[1]);
      }
    }
    return max;
  }

  private static int upperBound(long[] sorted, long value) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] <= value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Per second since the start: dossiers accepted and delivered (cumulative). */
  private static JsonArray timeline(long start, long[] sortedAccepts, List<long[]> deliveredTimeline) {
    JsonArray out = new JsonArray();
    long lastDelivered = 0;
    int di = 0;
    List<long[]> d;
    synchronized (deliveredTimeline) {
      d = new ArrayList<>(deliveredTimeline);
    }
    long end = Math.max(sortedAccepts.length == 0 ? start : sortedAccepts[sortedAccepts.length - 1],
        d.isEmpty() ? start : d.get(d.size() - 1)[0]);
    for (long t = start + TimeUnit.SECONDS.toNanos(1); t < end + TimeUnit.SECONDS.toNanos(1); t += TimeUnit.SECONDS.toNanos(1)) {
      while (di < d.size() && d.get(di)[0] <= t) lastDelivered = d.get(di++)[1];
      out.add(new JsonArray().add((t - start) / 1_000_000_000L).add(upperBound(sortedAccepts, t)).add(lastDelivered));
    }
    return out;
  }

  private static String oneLine(JsonObject r) {
    JsonObject lat = r.getJsonObject("postLatency");
    JsonObject cpu = r.getJsonObject("cpu");
    JsonObject c = r.getJsonObject("check");
    return String.format(Locale.ROOT, "[%s] %d dossiers: accepted %.1f/s (steady %.1f/s), POST p50 %.2f p99 %.2f max %.2f ms;"
            + " delivered %.1f/s (steady %.1f/s); first POST to last delivered %.1f s (tail after the last accept %.1f s,"
            + " backlog <= %d); errors %s; lost %d, duplicated %d, unknown %d | gateway %s cores, agency %.2f, generator %.2f,"
            + " other %.2f", r.getString("store"), r.getInteger("accepted"), r.getDouble("acceptedPerSecond"),
        r.getDouble("acceptedPerSecondSteady"), lat.getDouble("p50Ms"), lat.getDouble("p99Ms"), lat.getDouble("maxMs"),
        r.getDouble("deliveredPerSecond", -1.0), r.getDouble("deliveredPerSecondSteady"), r.getDouble("firstPostToLastDeliveredSeconds"),
        r.getDouble("deliveryTailSeconds", -1.0), r.getLong("maxBacklog"), r.getJsonObject("errors").encode(),
        c.getLong("lost"), c.getLong("duplicated"), c.getLong("unknown"),
        cpu.containsKey("sutCores") ? String.format(Locale.ROOT, "%.2f", cpu.getDouble("sutCores")) : "?",
        cpu.getDouble("agencyCores"), cpu.getDouble("generatorCores"), cpu.getDouble("otherCores"));
  }

  /** Runs {@code task(0 .. n-1)} on the lane, {@code parallel} at a time; blocking; the failures' messages. */
  private List<String> concurrently(int n, int parallel, java.util.function.IntFunction<Future<?>> task) {
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
        if (ar.failed()) errors.add(Bench.kind(ar.cause()) + " " + ar.cause().getMessage());
        worker[0].run();
      });
    };
    lane.context.runOnContext(v -> {
      for (int i = 0; i < Math.min(parallel, n); i++) worker[0].run();
    });
    done.future().await();
    return errors;
  }

  private String required(String name) {
    String v = opts.get(name);
    if (v == null) throw new IllegalArgumentException("--" + name + " is required");
    return v;
  }

  private static String strip(String url) {
    return url.replaceAll("/+$", "");
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
