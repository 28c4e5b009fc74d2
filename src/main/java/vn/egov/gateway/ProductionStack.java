package vn.egov.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import vn.egov.gateway.config.GatewayConfig;
import java.util.List;
import vn.egov.gateway.crypto.ProductionGuard;
import vn.egov.gateway.crypto.SigningKeys;

/** Production mode: the gateway alone, refusing development key material. */
public final class ProductionStack {
  private ProductionStack() {
  }

  public static Future<Integer> start(Vertx vertx, GatewayConfig config, Clock clock) {
    try {
      List<java.nio.file.Path> certificates = new java.util.ArrayList<>();
      if (config.register().clientCert() != null) certificates.add(config.register().clientCert());
      if (config.register().trustedCa() != null) certificates.add(config.register().trustedCa());
      config.agencyApiListener().ifPresent(a -> {
        certificates.add(a.cert());
        certificates.add(a.trustedCa());
      });
      if (config.delivery().clientCert() != null) certificates.add(config.delivery().clientCert());
      if (config.delivery().trustedCa() != null) certificates.add(config.delivery().trustedCa());
      List<String> problems = ProductionGuard.devMaterialProblems(SigningKeys.load(config.tokens().signingKeys()), certificates);
      if (!problems.isEmpty()) {
        return Future.failedFuture(new IllegalStateException("production mode refuses development key material: "
            + String.join("; ", problems)));
      }
    } catch (SigningKeys.KeyLoadException e) {
      return Future.failedFuture(new IllegalStateException(e.getMessage()));
    }
    return GatewayStack.deploy(vertx, config, clock).map(GatewayStack.Started::port);
  }
}
