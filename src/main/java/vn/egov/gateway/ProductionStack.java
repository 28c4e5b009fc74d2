package vn.egov.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import vn.egov.gateway.config.GatewayConfig;
import vn.egov.gateway.crypto.SigningKeys;

/** Production mode: the gateway alone, refusing development key material. */
public final class ProductionStack {
  private ProductionStack() {
  }

  public static Future<Integer> start(Vertx vertx, GatewayConfig config, Clock clock) {
    try {
      if (SigningKeys.load(config.tokens().signingKeys()).anyDevKey()) {
        return Future.failedFuture(new IllegalStateException("production mode refuses development signing keys (kid dev-*)"));
      }
    } catch (SigningKeys.KeyLoadException e) {
      return Future.failedFuture(new IllegalStateException(e.getMessage()));
    }
    return GatewayStack.deploy(vertx, config, clock).map(GatewayStack.Started::port);
  }
}
