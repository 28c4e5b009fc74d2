package vn.egov.gateway;

import com.nimbusds.jose.jwk.JWK;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import vn.egov.gateway.config.GatewayConfig;
import vn.egov.gateway.crypto.SigningKeys;
import vn.egov.gateway.ops.OpsComponents;
import vn.egov.gateway.prefill.AdministrativeUnits;
import vn.egov.gateway.prefill.ProcedureCatalogue;
import vn.egov.gateway.store.Database;
import vn.egov.gateway.store.EphemeralStore;
import vn.egov.gateway.store.InMemoryEphemeralStore;
import vn.egov.gateway.store.RedisEphemeralStore;
import vn.egov.gateway.store.SqlAccessLog;
import vn.egov.gateway.store.SqlConsentStore;
import vn.egov.gateway.web.Messages;

/**
 * Loads what the gateway needs from disk on a worker thread (key files, messages, the procedure
 * catalogue, reference data: blocking I/O that must never run on an event loop, whichever thread
 * calls this), opens the store, and deploys the {@link GatewayVerticle}. Shared by dev mode,
 * production mode and the tests.
 */
public final class GatewayStack {
  private GatewayStack() {
  }

  public record Started(GatewayVerticle verticle, EphemeralStore store, Database database, OpsComponents ops) {
    public int port() {
      return verticle.actualPort();
    }
  }

  /** Everything read from files, ready for the composition root. */
  private record Loaded(SigningKeys keys, JWK upstreamKey, Messages messages, ProcedureCatalogue catalogue, AdministrativeUnits units) {
  }

  private static Loaded load(GatewayConfig config) throws SigningKeys.KeyLoadException {
    SigningKeys keys = SigningKeys.load(config.tokens().signingKeys());
    JWK upstreamKey = config.upstream().privateKey() == null ? null : SigningKeys.loadJwk(config.upstream().privateKey());
    return new Loaded(keys, upstreamKey, Messages.load("messages"), ProcedureCatalogue.load(config.proceduresDir()),
        AdministrativeUnits.load());
  }

  public static Future<Started> deploy(Vertx vertx, GatewayConfig config, Clock clock) {
    return vertx.executeBlocking(() -> load(config))
        .recover(e -> Future.failedFuture(e instanceof SigningKeys.KeyLoadException ? new IllegalStateException(e.getMessage()) : e))
        .compose(loaded -> Database.open(vertx, config.store()).compose(db -> {
          EphemeralStore store = ephemeral(vertx, config, clock);
          var consents = new SqlConsentStore(db);
          var accessLog = new SqlAccessLog(db);
          var ops = OpsComponents.create(vertx, config, db, clock);
          // One instance per event loop, all on the same port (Vert.x shares it): the stores above are
          // shared and thread-safe; each instance builds its own clients and handlers.
          List<GatewayVerticle> instances = new CopyOnWriteArrayList<>();
          return vertx.deployVerticle(() -> {
                var v = new GatewayVerticle(config, loaded.keys(), store, consents, accessLog, loaded.catalogue(), loaded.units(),
                    loaded.upstreamKey(), loaded.messages(), clock, ops);
                instances.add(v);
                return v;
              }, new DeploymentOptions().setInstances(config.http().instances()))
              .map(id -> new Started(instances.get(0), store, db, ops))
              .onFailure(e -> db.close());
        }));
  }

  private static EphemeralStore ephemeral(Vertx vertx, GatewayConfig config, Clock clock) {
    if (config.session().redisUrl() != null) {
      return new RedisEphemeralStore(vertx, config.session().redisUrl(), config.session().redisPrefix());
    }
    var memory = new InMemoryEphemeralStore(clock);
    vertx.setPeriodic(Duration.ofMinutes(1).toMillis(), id -> memory.sweep());
    return memory;
  }
}
