package vn.egov.gateway;

import com.nimbusds.jose.jwk.JWK;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import vn.egov.gateway.config.GatewayConfig;
import vn.egov.gateway.crypto.SigningKeys;
import vn.egov.gateway.store.Database;
import vn.egov.gateway.store.EphemeralStore;
import vn.egov.gateway.store.SqlAccessLog;
import vn.egov.gateway.store.SqlConsentStore;
import vn.egov.gateway.store.InMemoryEphemeralStore;
import vn.egov.gateway.store.RedisEphemeralStore;
import vn.egov.gateway.web.Messages;

/**
 * Loads what the gateway needs from disk (blocking, so before any event loop serves) and deploys
 * the {@link GatewayVerticle}. Shared by dev mode, production mode and the tests.
 */
public final class GatewayStack {
  private GatewayStack() {
  }

  public record Started(GatewayVerticle verticle, EphemeralStore store, Database database) {
    public int port() {
      return verticle.actualPort();
    }
  }

  public static Future<Started> deploy(Vertx vertx, GatewayConfig config, Clock clock) {
    SigningKeys keys;
    JWK upstreamKey = null;
    try {
      keys = SigningKeys.load(config.tokens().signingKeys());
      if (config.upstream().privateKey() != null) upstreamKey = SigningKeys.loadJwk(config.upstream().privateKey());
    } catch (SigningKeys.KeyLoadException e) {
      return Future.failedFuture(new IllegalStateException(e.getMessage()));
    }
    EphemeralStore store;
    if (config.session().redisUrl() != null) {
      store = new RedisEphemeralStore(vertx, config.session().redisUrl(), config.session().redisPrefix());
    } else {
      var memory = new InMemoryEphemeralStore(clock);
      vertx.setPeriodic(Duration.ofMinutes(1).toMillis(), id -> memory.sweep());
      store = memory;
    }
    Messages messages = Messages.load("messages");
    EphemeralStore ephemeral = store;
    JWK upKey = upstreamKey;
    return Database.open(vertx, config.store()).compose(db -> {
      var verticle = new GatewayVerticle(config, keys, ephemeral, new SqlConsentStore(db), new SqlAccessLog(db), upKey, messages, clock);
      return vertx.deployVerticle(verticle).map(id -> new Started(verticle, ephemeral, db))
          .onFailure(e -> db.close());
    });
  }
}
