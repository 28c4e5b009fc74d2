package vn.egov.gateway.ops;

import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import vn.egov.gateway.web.Problem;

/**
 * The operations routes on the gateway's port:
 * <ul>
 *   <li>{@code GET /health/live}: the process serves requests (no back end is asked).</li>
 *   <li>{@code GET /health/ready}: every back end, per check; 503 when a required one is down.
 *   Open to load balancers; the detail names no host, URL or credential.</li>
 *   <li>{@code GET /metrics}: Prometheus text. With {@code ops.metrics-token} set it needs
 *   {@code Authorization: Bearer <token>}; without one it is open in dev mode and disabled (404)
 *   in production, so figures about citizens' traffic are never public by default.</li>
 *   <li>{@code /ops/v1/...}: the ops API (dead letters, redrive, statistics, overview) and the dashboard
 *   {@code /ops/dashboard}, behind the ops users' credentials; state-changing calls also pass
 *   {@link OpsRequestGuard} (CSRF).</li>
 * </ul>
 */
public final class OpsRouter {
  public static final String LIVE = "/health/live";
  public static final String READY = "/health/ready";
  public static final String METRICS = "/metrics";

  private OpsRouter() {
  }

  /** The ops API under {@code /ops/v1}: every route behind {@link OpsAuth}. */
  public static void mountApi(Router router, OpsAuth auth, DeliveryOpsHandler delivery) {
    router.route("/ops/*").handler(OpsRequestGuard.create()).handler(auth);
    router.get("/ops/v1/dead-letters").handler(delivery::deadLetters);
    router.post("/ops/v1/dossiers/:receiptCode/redrive").handler(delivery::redrive);
  }

  /** The statistics, the dashboard's overview and the dashboard itself; after {@link #mountApi}, whose guard and auth they share. */
  public static void mountDashboard(Router router, StatisticsHandler statistics, OverviewHandler overview, DashboardHandler dashboard) {
    router.get("/ops/v1/statistics").handler(statistics::statistics);
    router.get("/ops/v1/overview").handler(overview::overview);
    router.get(DashboardHandler.PATH).handler(dashboard::page);
    router.get(DashboardHandler.PATH + "/dashboard.css").handler(dashboard::css);
    router.get(DashboardHandler.PATH + "/dashboard.js").handler(dashboard::js);
    router.get(DashboardHandler.PATH + "/icon.svg").handler(dashboard::icon);
  }

  public static void mount(Router router, OpsComponents ops) {
    router.get(LIVE).handler(ctx -> ctx.response().putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store").end("{\"status\":\"UP\"}"));
    router.get(READY).handler(ctx -> {
      ctx.response().putHeader("Cache-Control", "no-store");
      ctx.next();
    }).handler(HealthCheckHandler.createWithHealthChecks(ops.readiness().healthChecks()));
    router.get(METRICS).handler(metricsGuard(ops)).handler(PrometheusScrapingHandler.create(ops.prometheus()));
  }

  private static Handler<RoutingContext> metricsGuard(OpsComponents ops) {
    String token = ops.config().metricsToken();
    byte[] expected = token == null ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    return ctx -> {
      if (expected == null) {
        if (ops.devMode()) {
          ctx.next();
        } else {
          ctx.fail(Problem.of(404, "metrics-disabled", "Chưa bật số liệu vận hành", "Metrics are disabled")
              .withDetail("set ops.metrics-token to enable /metrics").exception());
        }
        return;
      }
      String given = ctx.request().getHeader("Authorization");
      // Constant-time comparison: the token must not leak through response timing.
      if (given == null || !MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"egov-gateway-metrics\"");
        ctx.fail(Problem.of(401, "unauthorized", "Cần thông tin xác thực vận hành", "Ops credentials are required").exception());
        return;
      }
      ctx.next();
    };
  }
}
