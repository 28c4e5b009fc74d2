package vn.egov.gateway.dev.register;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/** Holds every request for a fixed time on a timer, never on a thread: a slow register for benchmarks and timeout tests. */
interface LatencyHandler extends Handler<RoutingContext> {

  static LatencyHandler create(Vertx vertx, Duration latency) {
    long millis = latency.toMillis();
    if (millis <= 0) return RoutingContext::next;
    return ctx -> vertx.setTimer(millis, id -> {
      // The client may have given up meanwhile; then there is nobody to answer.
      if (!ctx.response().closed()) ctx.next();
    });
  }
}
