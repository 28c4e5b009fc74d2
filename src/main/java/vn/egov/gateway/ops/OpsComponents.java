package vn.egov.gateway.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import vn.egov.gateway.audit.AuditTrail;
import vn.egov.gateway.config.GatewayConfig;
import vn.egov.gateway.config.OpsConfig;
import vn.egov.gateway.dossier.PeriodCounts;
import vn.egov.gateway.prefill.RegisterClient;
import vn.egov.gateway.store.AuditStore;
import vn.egov.gateway.store.Database;
import vn.egov.gateway.store.SqlDossierStore;
import vn.egov.gateway.upstream.UpstreamClient;

/**
 * What operations needs, built once per gateway deployment and shared by its verticle instances:
 * metrics, breakers, readiness checks and the audit trail. Each instance {@link #attach}es its
 * own back-end clients; the forwarder reports its agencies' breakers through {@link #breakers()}.
 */
public final class OpsComponents {
  private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

  private final OpsConfig config;
  private final boolean devMode;
  private final Breakers breakers;
  private final GatewayMetrics metrics;
  private final Readiness readiness;
  private final AuditTrail audit;
  private final AtomicBoolean probesAttached = new AtomicBoolean();

  private OpsComponents(OpsConfig config, boolean devMode, Breakers breakers, GatewayMetrics metrics, Readiness readiness,
      AuditTrail audit) {
    this.config = config;
    this.devMode = devMode;
    this.breakers = breakers;
    this.metrics = metrics;
    this.readiness = readiness;
    this.audit = audit;
  }

  public static OpsComponents create(Vertx vertx, GatewayConfig config, Database db, Clock clock) {
    OpsConfig ops = config.ops() == null ? OpsConfig.defaults() : config.ops();
    Breakers breakers = new Breakers();
    GatewayMetrics metrics = GatewayMetrics.create(vertx, breakers);
    Readiness readiness = new Readiness(vertx, ops.readinessCache(), ops.readinessTimeout());
    readiness.register("store", () -> db.pool().query("SELECT 1").execute()
        .map(rows -> new JsonObject().put("kind", db.dialect().name().toLowerCase(java.util.Locale.ROOT))));
    // Agencies' breakers are reported, not required: an open one pauses deliveries while
    // submissions are still accepted into the outbox.
    readiness.register("agencies", () -> {
      Map<String, String> states = breakers.agencyStates();
      long open = states.values().stream().filter("OPEN"::equalsIgnoreCase).count();
      return Future.succeededFuture(new JsonObject().put("breakers", new JsonObject(new java.util.LinkedHashMap<String, Object>(states)))
          .put("open", open));
    });
    var dossiers = new SqlDossierStore(db);
    metrics.refreshPeriodically(vertx, ops.gaugeRefresh(), ops.statisticsRefresh(), () -> dossiers.outboxStats(clock.instant()), () -> {
      LocalDate today = LocalDate.now(clock.withZone(VIETNAM));
      var from = today.withDayOfMonth(1).atStartOfDay(VIETNAM).toInstant();
      var to = today.withDayOfMonth(1).plusMonths(1).atStartOfDay(VIETNAM).toInstant();
      return dossiers.countsByPeriod(from, to).map(rows -> PeriodCounts.sum("*", "*", rows));
    });
    return new OpsComponents(ops, config.devMode(), breakers, metrics, readiness, new AuditTrail(new AuditStore(db), clock, vertx));
  }

  /** Called by each verticle instance with its clients: breakers for all, probes from the first. */
  public void attach(UpstreamClient upstream, RegisterClient register) {
    breakers.register("population-register", register::state);
    metrics.refreshBreakers();
    if (!probesAttached.compareAndSet(false, true)) return;
    readiness.register("national-idp", () -> upstream.probe().map(keys -> new JsonObject().put("discovery", "ok").put("jwks_keys", keys)));
    readiness.register("population-register", () -> register.probe(config.registerHealthPath()).map(status -> {
      JsonObject detail = new JsonObject().put("http_status", status).put("breaker", String.valueOf(breakers.state("population-register")));
      // Any answer below 500 proves the TLS handshake and the service; 5xx means it is there but failing.
      if (status >= 500) throw new Readiness.ProbeFailure("register answered HTTP " + status, detail);
      return detail;
    }).recover(e -> Future.failedFuture(e instanceof Readiness.ProbeFailure ? e
        : new Readiness.ProbeFailure(e.getMessage() == null ? e.toString() : e.getMessage(),
            new JsonObject().put("breaker", String.valueOf(breakers.state("population-register")))))));
  }

  public GatewayMetrics metrics() {
    return metrics;
  }

  public PrometheusMeterRegistry prometheus() {
    return (PrometheusMeterRegistry) metrics.registry();
  }

  public Breakers breakers() {
    return breakers;
  }

  public Readiness readiness() {
    return readiness;
  }

  public AuditTrail audit() {
    return audit;
  }

  public OpsConfig config() {
    return config;
  }

  public boolean devMode() {
    return devMode;
  }
}
