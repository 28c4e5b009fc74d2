package vn.egov.gateway;

import com.nimbusds.jose.jwk.JWK;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import vn.egov.gateway.config.ConfigException;
import vn.egov.gateway.config.GatewayConfig;
import vn.egov.gateway.crypto.SigningKeys;
import vn.egov.gateway.dossier.DeliveryOutcome;
import vn.egov.gateway.dossier.Forwarder;
import vn.egov.gateway.dossier.StatusChange;
import vn.egov.gateway.ops.OpsComponents;
import vn.egov.gateway.prefill.AdministrativeUnits;
import vn.egov.gateway.prefill.Procedure;
import vn.egov.gateway.prefill.ProcedureCatalogue;
import vn.egov.gateway.dossier.DossierEvents;
import vn.egov.gateway.store.Database;
import vn.egov.gateway.store.DossierStore;
import vn.egov.gateway.store.SqlDossierStore;
import vn.egov.gateway.store.EphemeralStore;
import vn.egov.gateway.store.InMemoryEphemeralStore;
import vn.egov.gateway.store.RedisEphemeralStore;
import vn.egov.gateway.store.SqlAccessLog;
import vn.egov.gateway.store.SqlConsentStore;
import vn.egov.gateway.store.SqlDossierStore;
import vn.egov.gateway.dossier.DossierBackground;
import vn.egov.gateway.dossier.OverdueWatch;
import vn.egov.gateway.dossier.WebhookNotifier;
import vn.egov.gateway.dossier.WorkingCalendar;
import vn.egov.gateway.store.SqlWebhookOutbox;
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

  public record Started(GatewayVerticle verticle, EphemeralStore store, Database database, DossierStore dossiers,
                        Forwarder forwarder, AgencyVerticle agency, OverdueWatch overdue, WebhookNotifier webhooks,
                        OpsComponents ops) {
    public int port() {
      return verticle.actualPort();
    }

    /** The agency listener's port, or -1 when {@code agency-api} is not configured. */
    public int agencyPort() {
      return agency == null ? -1 : agency.actualPort();
    }
  }

  /** Everything read from files, ready for the composition root. */
  private record Loaded(SigningKeys keys, JWK upstreamKey, Messages messages, ProcedureCatalogue catalogue, AdministrativeUnits units,
                        WorkingCalendar calendar, AgencyVerticle.Tls agencyTls) {
  }

  private static Loaded load(GatewayConfig config) throws SigningKeys.KeyLoadException {
    SigningKeys keys = SigningKeys.load(config.tokens().signingKeys());
    JWK upstreamKey = config.upstream().privateKey() == null ? null : SigningKeys.loadJwk(config.upstream().privateKey());
    AgencyVerticle.Tls agencyTls = config.agencyApiListener().map(a -> new AgencyVerticle.Tls(read(a.cert()), read(a.key()),
        read(a.trustedCa()))).orElse(null);
    ProcedureCatalogue catalogue = ProcedureCatalogue.load(config.proceduresDir());
    requireAgencies(config, catalogue);
    return new Loaded(keys, upstreamKey, Messages.load("messages"), catalogue, AdministrativeUnits.load(),
        WorkingCalendar.load(config.dossiers().calendarFile()), agencyTls);
  }

  private static Buffer read(Path file) {
    try {
      return Buffer.buffer(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** A procedure whose competent agency has no delivery endpoint would take dossiers it can never deliver. */
  static void requireAgencies(GatewayConfig config, ProcedureCatalogue catalogue) {
    List<String> problems = new ArrayList<>();
    for (Procedure p : catalogue.list()) {
      String code = p.agency().code();
      if (config.agency(code).isEmpty()) {
        problems.add("gateway config: agencies: no entry for agency " + code + ", the competent agency of procedure "
            + p.code() + " in " + config.proceduresDir() + " (add its code and base-url)");
      }
    }
    if (!problems.isEmpty()) throw new ConfigException(problems);
  }

  public static Future<Started> deploy(Vertx vertx, GatewayConfig config, Clock clock) {
    return vertx.executeBlocking(() -> load(config))
        .recover(e -> Future.failedFuture(e instanceof SigningKeys.KeyLoadException ? new IllegalStateException(e.getMessage()) : e))
        .compose(loaded -> Database.open(vertx, config.store()).compose(db -> {
          EphemeralStore store = ephemeral(vertx, config, clock);
          var consents = new SqlConsentStore(db);
          var accessLog = new SqlAccessLog(db);
          var dossiers = new SqlDossierStore(db);
          // One forwarder per process, not per event loop: it is the only sender of this instance's leases.
          var forwarder = new Forwarder(dossiers, config.agencies(), config.delivery(),
              config.issuer().toString().replaceAll("/+$", ""), loaded.keys(), clock, Forwarder.newOwner());
          boolean delivering = config.delivery().enabled() && !config.agencies().isEmpty();
          var ops = OpsComponents.create(vertx, config, db, clock);
          observe(config, forwarder, ops);
          // One instance per event loop, all on the same port (Vert.x shares it): the stores above are
          // shared and thread-safe; each instance builds its own clients and handlers.
          List<GatewayVerticle> instances = new CopyOnWriteArrayList<>();
          return (delivering ? vertx.deployVerticle(forwarder) : Future.succeededFuture("")).compose(f -> vertx.deployVerticle(() -> {
                var v = new GatewayVerticle(config, loaded.keys(), store, consents, accessLog, loaded.catalogue(), loaded.units(),
                    loaded.upstreamKey(), loaded.messages(), dossiers, loaded.calendar(), forwarder, clock, ops);
                instances.add(v);
                return v;
              }, new DeploymentOptions().setInstances(config.http().instances())))
              .compose(id -> deployAgencyListener(vertx, config, loaded, dossiers, statusEvents(ops), clock))
              .compose(agency -> {
                // Once per process, beside the request path.
                var clients = new java.util.HashMap<String, vn.egov.gateway.config.ClientConfig>();
                config.clients().forEach(c -> clients.put(c.clientId(), c));
                var webhooks = new WebhookNotifier(vertx, new SqlWebhookOutbox(db), clients::get, loaded.keys(),
                    config.issuer().toString().replaceAll("/+$", ""), config.dossiers(), clock);
                var overdue = new OverdueWatch(vertx, dossiers, loaded.catalogue(), config.dossiers().overdueCheck(), d -> {
                  ops.metrics().dossier("overdue");
                  ops.audit().statusChange(d.receiptCode(), d.status(), "gateway:overdue", null);
                }, clock);
                return vertx.deployVerticle(new DossierBackground(webhooks, overdue))
                    .map(bg -> new Started(instances.get(0), store, db, dossiers, forwarder, agency, overdue, webhooks, ops));
              })
              .onFailure(e -> db.close());
        }));
  }

  /** Deliveries feed the metrics and the audit trail; the agencies' breakers feed readiness and metrics. */
  private static void observe(GatewayConfig config, Forwarder forwarder, OpsComponents ops) {
    forwarder.observe((job, outcome) -> {
      String name = outcome instanceof DeliveryOutcome.Delivered ? "delivered"
          : outcome instanceof DeliveryOutcome.Retry ? "retry"
          : outcome instanceof DeliveryOutcome.Permanent ? "dead_letter" : "not_sent";
      ops.metrics().deliveryAttempt(job.agencyCode(), name, java.time.Duration.ZERO);
      if (outcome instanceof DeliveryOutcome.Delivered) ops.metrics().dossier("delivered");
      // Attempts that never reached the agency (breaker open, lease too short) are not audit events.
      if (!(outcome instanceof DeliveryOutcome.NotSent)) {
        ops.audit().delivery(job.receiptCode(), job.agencyCode(), name, job.attempts(), outcome.toString());
      }
    });
    ops.breakers().agencies(() -> {
      var states = new java.util.TreeMap<String, String>();
      var client = forwarder.agencies();
      if (client != null) {
        for (var a : config.agencies()) client.breakerState(a.code()).ifPresent(st -> states.put(a.code(), st.name()));
      }
      return states;
    });
  }

  /** Each recorded agency report: the audit trail and the metrics (webhooks are queued by the store itself). */
  private static DossierEvents statusEvents(OpsComponents ops) {
    return event -> {
      ops.metrics().dossier("status_" + event.update().currentStatus());
      return ops.audit().statusChange(event.receiptCode(), event.report().status(), StatusChange.SOURCE_AGENCY,
          event.report().reportId()).mapEmpty();
    };
  }

  /** The agency listener, one instance per event loop like the portal listener; none without {@code agency-api}. */
  private static Future<AgencyVerticle> deployAgencyListener(Vertx vertx, GatewayConfig config, Loaded loaded,
      DossierStore dossiers, DossierEvents events, Clock clock) {
    if (config.agencyApi() == null) return Future.succeededFuture(null);
    List<AgencyVerticle> instances = new CopyOnWriteArrayList<>();
    return vertx.deployVerticle(() -> {
          var v = new AgencyVerticle(config.agencyApi(), loaded.agencyTls(), dossiers, events, loaded.messages(), clock);
          instances.add(v);
          return v;
        }, new DeploymentOptions().setInstances(config.http().instances()))
        .map(id -> instances.get(0));
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
