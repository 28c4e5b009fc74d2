package vn.egov.gateway.ops;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import java.time.Duration;
import java.util.function.Supplier;
import vn.egov.gateway.ops.logging.Masking;

/**
 * The readiness checks ({@code GET /health/ready}): each back end is probed by a function that
 * answers its detail or fails. The verdict of one evaluation is reused for {@code cache}, and
 * probes arriving while an evaluation runs share it, so a storm of probes from load balancers
 * costs the back ends at most one round of checks per period. A check whose back end is optional
 * reports its trouble in its detail and stays UP.
 */
public final class Readiness {
  private final Vertx vertx;
  private final HealthChecks checks;
  private final long cacheNanos;
  private final long timeoutMillis;
  private Future<CheckResult> last;
  private long lastAt;

  public Readiness(Vertx vertx, Duration cache, Duration timeout) {
    this.vertx = vertx;
    this.checks = HealthChecks.create(vertx);
    this.cacheNanos = cache.toNanos();
    this.timeoutMillis = timeout.toMillis();
  }

  /** A failed probe whose detail (safe to show) is reported with the check. */
  public static final class ProbeFailure extends RuntimeException {
    private final JsonObject detail;

    public ProbeFailure(String message, JsonObject detail) {
      super(message, null, false, false);
      this.detail = detail;
    }

    public JsonObject detail() {
      return detail;
    }
  }

  /** Registers a check; the probe's JSON becomes the check's data. */
  public Readiness register(String name, Supplier<Future<JsonObject>> probe) {
    // Our own time limit answers DOWN with a reason; Vert.x's (later) would answer 500.
    checks.register(name, timeoutMillis + 1000, promise -> run(probe, promise));
    return this;
  }

  private void run(Supplier<Future<JsonObject>> probe, Promise<Status> promise) {
    long start = System.nanoTime();
    long timer = vertx.setTimer(timeoutMillis, id -> promise.tryComplete(Status.KO(new JsonObject()
        .put("error", "no answer within " + timeoutMillis + " ms").put("latency_ms", timeoutMillis))));
    Future<JsonObject> f;
    try {
      f = probe.get();
    } catch (RuntimeException e) {
      f = Future.failedFuture(e);
    }
    f.onComplete(ar -> {
      vertx.cancelTimer(timer);
      long ms = (System.nanoTime() - start) / 1_000_000;
      if (ar.succeeded()) {
        JsonObject data = ar.result() == null ? new JsonObject() : ar.result().copy();
        promise.tryComplete(Status.OK(data.put("latency_ms", ms)));
      } else {
        JsonObject data = ar.cause() instanceof ProbeFailure pf && pf.detail() != null ? pf.detail().copy() : new JsonObject();
        promise.tryComplete(Status.KO(data.put("error", safe(ar.cause())).put("latency_ms", ms)));
      }
    });
  }

  /**
   * Error text for the detail: no URLs, hosts, addresses or credentials (readiness is open to load
   * balancers and must not map the network behind the gateway), no tokens, short.
   */
  static String safe(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    m = m.replaceAll("(?i)[a-z][a-z0-9+.-]*://\\S+", "[url]");
    // Netty and the JDK name the peer as host/address:port or address:port.
    m = m.replaceAll("[A-Za-z0-9.-]*/?(\\d{1,3}(\\.\\d{1,3}){3}|\\[[0-9a-fA-F:]+\\]|[0-9a-fA-F]{0,4}(:[0-9a-fA-F]{0,4}){2,7})(:\\d{1,5})?", "[host]");
    m = m.replaceAll("(?i)\\blocalhost(:\\d{1,5})?\\b", "[host]");
    m = Masking.mask(m);
    return m.length() > 200 ? m.substring(0, 200) : m;
  }

  /** The cached verdict, or a new evaluation when it is older than the cache period. */
  public synchronized Future<CheckResult> status() {
    long now = System.nanoTime();
    if (last != null && (!last.isComplete() || now - lastAt < cacheNanos)) return last;
    lastAt = now;
    last = checks.checkStatus();
    return last;
  }

  /** The checks as Vert.x's {@link HealthChecks}, with {@link #checkStatus()} served from the cache. */
  public HealthChecks healthChecks() {
    return new HealthChecks() {
      @Override
      public HealthChecks register(String name, Handler<Promise<Status>> procedure) {
        checks.register(name, timeoutMillis, procedure);
        return this;
      }

      @Override
      public HealthChecks register(String name, long timeout, Handler<Promise<Status>> procedure) {
        checks.register(name, timeout, procedure);
        return this;
      }

      @Override
      public HealthChecks unregister(String name) {
        checks.unregister(name);
        return this;
      }

      @Override
      public HealthChecks invoke(Handler<JsonObject> resultHandler) {
        status().onSuccess(r -> resultHandler.handle(r.toJson()));
        return this;
      }

      @Override
      public Future<JsonObject> invoke(String name) {
        return checks.invoke(name);
      }

      @Override
      public Future<CheckResult> checkStatus() {
        return status();
      }

      @Override
      public Future<CheckResult> checkStatus(String name) {
        // The web handler asks for "" (everything under its mount point): that is the cached verdict.
        return name == null || name.isEmpty() ? status() : checks.checkStatus(name);
      }
    };
  }
}
