package vn.egov.gateway;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.egov.gateway.config.AgencyApiConfig;
import vn.egov.gateway.dossier.AgencyRouter;
import vn.egov.gateway.dossier.AgencyStatusHandler;
import vn.egov.gateway.dossier.DossierEvents;
import vn.egov.gateway.store.DossierStore;
import vn.egov.gateway.web.FailureHandler;
import vn.egov.gateway.web.Messages;

/**
 * The agency listener (docs/agency-interface.md): its own HTTPS port with mutual TLS required, so
 * that agency traffic never shares the portals' listener and a client without a certificate from
 * the trusted CA does not get past the handshake. Deployed by {@link GatewayStack} beside the
 * {@link GatewayVerticle}; the PEM files were read before, off the event loop.
 */
public final class AgencyVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(AgencyVerticle.class);

  /** The listener's key material, as read from the files {@link AgencyApiConfig} names. */
  public record Tls(Buffer cert, Buffer key, Buffer trustedCa) {
  }

  private final AgencyApiConfig config;
  private final Tls tls;
  private final DossierStore dossiers;
  private final DossierEvents events;
  private final Messages messages;
  private final Clock clock;
  private HttpServer server;
  private io.vertx.ext.web.Router router;

  public AgencyVerticle(AgencyApiConfig config, Tls tls, DossierStore dossiers, DossierEvents events, Messages messages, Clock clock) {
    this.config = config;
    this.tls = tls;
    this.dossiers = dossiers;
    this.events = events;
    this.messages = messages;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    router = AgencyRouter.create(vertx, AgencyStatusHandler.create(dossiers, events, clock, config.futureTolerance()),
        FailureHandler.create(messages, GatewayVerticle.BRAND), config.bodyLimit());
    HttpServerOptions options = new HttpServerOptions()
        .setHost(config.host())
        .setPort(config.port())
        .setSsl(true)
        .setKeyCertOptions(new PemKeyCertOptions().setCertValue(tls.cert()).setKeyValue(tls.key()))
        .setTrustOptions(new PemTrustOptions().addCertValue(tls.trustedCa()))
        .setClientAuth(ClientAuth.REQUIRED);
    return vertx.createHttpServer(options)
        .requestHandler(router)
        // A failed handshake (no or a foreign certificate) is the client's problem: note it, briefly.
        .exceptionHandler(e -> LOG.debug("agency connection failed: {}", e.toString()))
        .listen()
        .onSuccess(s -> server = s);
  }

  public int actualPort() {
    return server.actualPort();
  }

  /** The routes this listener serves: the OpenAPI document's test compares them with the document. */
  public java.util.List<io.vertx.ext.web.Route> routes() {
    return router.getRoutes();
  }
}
