package vn.egov.gateway.dossier;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import vn.egov.gateway.dev.agency.MockAgencyConfig;
import vn.egov.gateway.dev.agency.MockAgencyServer;
import vn.egov.gateway.testing.Browser;
import vn.egov.gateway.testing.DevLogin;
import vn.egov.gateway.testing.DossierForms;
import vn.egov.gateway.testing.FreePorts;
import vn.egov.gateway.testing.Services;

/**
 * The guarantee of DESIGN.md section 5 under the worst failure: the gateway runs as a separate
 * process and is killed with SIGKILL several times while it delivers; every dossier it accepted
 * must reach the agency exactly once (by receipt code, whatever the number of attempts). The
 * agency (the mock, in this JVM) outlives the kills and counts what it stored.
 */
class DeliveryCrashTest {
  static final int DOSSIERS = 400;
  static final int KILLS = 3;
  private final Map<String, String> env = new HashMap<>();
  private final List<Path> logs = new ArrayList<>();
  private Process gateway;
  private Vertx vertx;
  private MockAgencyServer agency;
  private ExecutorService pool;

  @AfterEach
  void stop() {
    if (gateway != null) gateway.destroyForcibly();
    if (pool != null) pool.shutdownNow();
    if (vertx != null) vertx.close().await();
  }

  @Test
  void everyAcceptedDossierReachesTheAgencyExactlyOnceThroughRepeatedKills() throws Exception {
    Services.requireRedis();
    Path dir = Files.createDirectories(Path.of("target", "crash-test", UUID.randomUUID().toString())).toAbsolutePath();
    // The embedded store is a file: it is what survives the kills.
    crashAndCount(dir, Map.of("EGOV_STORE_PATH", dir.resolve("egov").toString()));
  }

  @Test
  void theSameOnPostgresql() throws Exception {
    Services.requireRedis();
    Services.requirePostgres();
    Path dir = Files.createDirectories(Path.of("target", "crash-test", UUID.randomUUID().toString())).toAbsolutePath();
    String schema = "egov_crash_" + Long.toHexString(System.nanoTime());
    psql("CREATE SCHEMA " + schema);
    try {
      crashAndCount(dir, Map.of("EGOV_STORE_KIND", "postgresql", "EGOV_STORE_HOST", "127.0.0.1", "EGOV_STORE_PORT", "5432",
          "EGOV_STORE_DATABASE", "postgres", "EGOV_STORE_USER", "postgres", "EGOV_STORE_SCHEMA", schema));
    } finally {
      psql("DROP SCHEMA " + schema + " CASCADE");
    }
  }

  private static void psql(String sql) throws Exception {
    Process p = new ProcessBuilder("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-q", "-c", sql)
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) throw new AssertionError("psql " + sql + ": " + out);
  }

  private void crashAndCount(Path dir, Map<String, String> store) throws Exception {
    int gw = FreePorts.next();
    int idp = FreePorts.next();
    int register = FreePorts.next();
    int agencyApi = FreePorts.next();
    int agencyPort = FreePorts.next();
    int agencyAdmin = FreePorts.next();

    // The agency: slow enough (20 ms an answer, 4 in flight) that the kills land mid-delivery.
    Map<String, String> agencyEnv = Map.of("EGOV_MOCK_AGENCY_PORT", String.valueOf(agencyPort),
        "EGOV_MOCK_AGENCY_ADMIN_PORT", String.valueOf(agencyAdmin),
        "EGOV_MOCK_AGENCY_GATEWAY_ISSUER", "http://localhost:" + gw,
        "EGOV_MOCK_AGENCY_GATEWAY_DISCOVERY_URL", "http://localhost:" + gw + "/.well-known/openid-configuration",
        "EGOV_MOCK_AGENCY_GATEWAY_AGENCY_API_URL", "https://localhost:" + agencyApi,
        "EGOV_MOCK_AGENCY_SIMULATION_ACCEPT_DELAY", "PT0.02S",
        "EGOV_MOCK_AGENCY_PROGRESSION_ENABLED", "false");
    vertx = Vertx.vertx();
    agency = MockAgencyServer.start(vertx, MockAgencyConfig.load(Path.of("config/mock-agency.yaml"), agencyEnv)).await();

    env.put("EGOV_HTTP_PORT", String.valueOf(gw));
    env.put("EGOV_HTTP_PUBLIC_URL", "http://localhost:" + gw);
    env.put("EGOV_UPSTREAM_DISCOVERY_URL", "http://localhost:" + idp + "/.well-known/openid-configuration");
    env.put("EGOV_MOCK_VNEID_PORT", String.valueOf(idp));
    env.put("EGOV_MOCK_VNEID_ISSUER", "http://localhost:" + idp);
    env.put("EGOV_MOCK_REGISTER_PORT", String.valueOf(register));
    env.put("EGOV_REGISTER_BASE_URL", "https://localhost:" + register);
    env.put("EGOV_AGENCY_API_PORT", String.valueOf(agencyApi));
    env.put("EGOV_DEV_DEMO_PORTAL_PORT", "0");
    env.put("EGOV_DEV_MOCK_AGENCIES", "false");
    env.put("EGOV_AGENCIES_0_BASE_URL", "https://localhost:" + agencyPort + "/agencies/000.21.30.H26");
    env.put("EGOV_AGENCIES_1_BASE_URL", "https://localhost:" + agencyPort + "/agencies/000.22.30.H26");
    env.put("EGOV_DELIVERY_MAX_IN_FLIGHT", "4");
    env.put("EGOV_DELIVERY_CONNECT_TIMEOUT", "PT0.3S");
    env.put("EGOV_DELIVERY_TIMEOUT", "PT0.7S");
    env.put("EGOV_DELIVERY_LEASE_DURATION", "PT3S");
    env.put("EGOV_DELIVERY_POLL_INTERVAL", "PT0.2S");
    env.put("EGOV_DELIVERY_RETRY_INITIAL_BACKOFF", "PT0.2S");
    env.put("EGOV_DELIVERY_RETRY_MAX_BACKOFF", "PT2S");
    // The durable store is what survives the kills. Sessions live in Redis.
    env.putAll(store);
    env.put("EGOV_SESSION_REDIS_URL", Services.REDIS_URL);
    env.put("EGOV_SESSION_REDIS_PREFIX", "crash-" + UUID.randomUUID() + ":");
    String base = "http://localhost:" + gw;
    start(dir);

    DevLogin login = new DevLogin(base, "http://localhost:" + idp);
    String token = login.tokens(new Browser(), login.account(1, 7), "openid profile identity_number address phone email prefill", Map.of())
        .getString("access_token");
    JsonObject prefilled = new JsonObject(get(base + "/api/v1/procedures/1.005099/prefill", token).body());
    JsonObject form = DossierForms.fromPrefill(prefilled, DossierForms.schoolTransferTypedIn());
    String body = new JsonObject().put("procedure", "1.005099").put("form", form).put("prefill", prefilled.getString("signature")).encode();

    // Submit every dossier; a client whose gateway died retries with the same key until answered.
    Map<String, String> accepted = new ConcurrentHashMap<>();
    pool = Executors.newFixedThreadPool(6);
    List<Future<?>> submitting = new ArrayList<>();
    for (int i = 0; i < DOSSIERS; i++) {
      String key = "crash-" + i + "-" + UUID.randomUUID();
      submitting.add(pool.submit(() -> accepted.put(key, submitUntilAnswered(base, token, key, body))));
    }

    // Kill the gateway while it delivers, then start it again on the same store.
    long lastKillAt = 0;
    for (int k = 1; k <= KILLS; k++) {
      long threshold = (long) DOSSIERS * k / (KILLS + 1);
      await(() -> stored() >= threshold, Duration.ofSeconds(120), "the agency to store " + threshold);
      gateway.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      lastKillAt = stored();
      start(dir);
    }
    for (Future<?> f : submitting) f.get(120, TimeUnit.SECONDS);
    await(() -> stored() >= DOSSIERS, Duration.ofSeconds(120), "every accepted dossier at the agency");

    // Exactly once, by receipt code: every accepted receipt stored once, nothing else stored.
    Set<String> receipts = new HashSet<>(accepted.values());
    JsonObject summary = received(0);
    Map<String, Integer> storedPerReceipt = new HashMap<>();
    for (int offset = 0; offset < summary.getInteger("keys"); offset += 1000) {
      JsonObject page = received(offset).getJsonObject("deliveries");
      for (String key : page.fieldNames()) {
        JsonObject d = page.getJsonObject(key);
        if (d.getBoolean("stored")) storedPerReceipt.merge(d.getString("receiptCode"), 1, Integer::sum);
      }
    }
    long lost = receipts.stream().filter(r -> !storedPerReceipt.containsKey(r)).count();
    long duplicated = storedPerReceipt.values().stream().filter(n -> n > 1).count();
    long unknown = storedPerReceipt.keySet().stream().filter(r -> !receipts.contains(r)).count();
    System.out.printf("crash test (" + env.getOrDefault("EGOV_STORE_KIND", "embedded") + "): %d accepted, %d kills (last at %d stored), %d stored at the agency, %d POSTs"
            + " (%d replays of a stored key), lost %d, duplicated %d, unknown %d%n", receipts.size(), KILLS, lastKillAt,
        storedPerReceipt.size(), summary.getLong("posts"), summary.getLong("replayed"), lost, duplicated, unknown);
    assertThat(receipts).hasSize(DOSSIERS);
    assertThat(lost).isZero();
    assertThat(duplicated).isZero();
    assertThat(unknown).isZero();
    assertThat(summary.getLong("duplicateReceiptCodeCount")).isZero();
  }

  private void start(Path dir) throws IOException, InterruptedException {
    Path log = dir.resolve("gateway-" + (logs.size() + 1) + ".log");
    logs.add(log);
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "vn.egov.gateway.Main", "dev",
        "--config", "config/gateway.yaml");
    pb.environment().putAll(env);
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    gateway = pb.start();
    String health = env.get("EGOV_HTTP_PUBLIC_URL") + "/health/live";
    await(() -> {
      if (!gateway.isAlive()) throw new AssertionError("the gateway exited; see " + log + ":\n" + tail(log));
      try {
        return new Browser().get(health).statusCode() == 200;
      } catch (RuntimeException e) {
        return false;
      }
    }, Duration.ofSeconds(60), "the gateway to start (" + log + ")");
  }

  /** POSTs until the gateway answers (it may be dead or starting): 202, or a 409 for a request still in progress, retried. */
  private static String submitUntilAnswered(String base, String token, String key, String body) {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> r = new Browser().send(HttpRequest.newBuilder(URI.create(base + "/api/v1/dossiers"))
            .header("Authorization", "Bearer " + token).header("Content-Type", "application/json").header("Idempotency-Key", key)
            .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
        if (r.statusCode() == 202) return new JsonObject(r.body()).getString("receiptCode");
        if (r.statusCode() != 409 && r.statusCode() < 500) throw new AssertionError("submission refused: " + r.statusCode() + " " + r.body());
      } catch (RuntimeException e) {
        // connection refused or reset: the gateway is down; try again
      }
      pause();
    }
    throw new AssertionError("no answer for " + key);
  }

  private long stored() {
    return agency.storedCount();
  }

  private JsonObject received(int offset) {
    return new JsonObject(new Browser().get("http://localhost:" + agency.adminPort() + "/dev/received?limit=1000&offset=" + offset).body());
  }

  private static HttpResponse<String> get(String url, String token) {
    return new Browser().send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).GET());
  }

  private static void await(BooleanSupplier condition, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
      pause();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }
}
