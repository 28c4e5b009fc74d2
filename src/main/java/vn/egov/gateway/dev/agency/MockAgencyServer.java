package vn.egov.gateway.dev.agency;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.egov.gateway.web.ClientCertificates;
import vn.egov.gateway.web.FailureHandler;
import vn.egov.gateway.web.Messages;
import vn.egov.gateway.web.RequestIdHandler;

/**
 * The mock agency back ends (DESIGN.md sections 2 and 5; docs/agency-interface.md): one HTTPS
 * server with mutual TLS hosting every configured agency at {@code /agencies/{code}/dossiers},
 * and a plain-HTTP admin listener on the loopback interface for tests and drills:
 * <ul>
 *   <li>{@code GET /dev/received[?offset=&limit=|?key=]}: what was received, per delivery key;</li>
 *   <li>{@code POST /dev/outage {"down": true|false}}, {@code GET /dev/outage}: the outage switch;</li>
 *   <li>{@code GET /health}.</li>
 * </ul>
 * A client without a certificate from the configured CA fails the handshake; one whose CN is not
 * allowed gets 403. Stored dossiers are processed and their statuses reported to the gateway
 * ({@link StatusReporter}).
 */
public final class MockAgencyServer {
  private static final Logger LOG = LoggerFactory.getLogger(MockAgencyServer.class);
  public static final String DOSSIERS_PATH = "/agencies/:" + DeliveryHandler.PARAM + "/dossiers";
  public static final String RECEIVED_PATH = "/dev/received";
  public static final String OUTAGE_PATH = "/dev/outage";
  static final int MAX_PAGE = 10_000;

  private final HttpServer https;
  private final HttpServer admin;
  private final List<WebClient> clients;
  private final ReceivedDossiers received;
  private final StatusReporter reporter;
  private final AtomicBoolean down;

  private MockAgencyServer(HttpServer https, HttpServer admin, List<WebClient> clients, ReceivedDossiers received,
      StatusReporter reporter, AtomicBoolean down) {
    this.https = https;
    this.admin = admin;
    this.clients = clients;
    this.received = received;
    this.reporter = reporter;
    this.down = down;
  }

  /** What start-up reads from files: read off the event loop. */
  private record Parts(Buffer cert, Buffer key, Buffer clientCa, Buffer gatewayCa, Map<String, Buffer[]> agencyKeys,
                       Messages messages) {
  }

  public static Future<MockAgencyServer> start(Vertx vertx, MockAgencyConfig config) {
    return vertx.executeBlocking(() -> {
      Map<String, Buffer[]> agencyKeys = new LinkedHashMap<>();
      for (MockAgencyConfig.Agency a : config.agencies()) {
        agencyKeys.put(a.code(), new Buffer[] {read(a.clientCert()), read(a.clientKey())});
      }
      return new Parts(read(config.tls().cert()), read(config.tls().key()), read(config.tls().clientCa()),
          read(config.gateway().trustedCa()), agencyKeys, Messages.load("messages"));
    }).compose(parts -> listen(vertx, config, parts));
  }

  private static Future<MockAgencyServer> listen(Vertx vertx, MockAgencyConfig config, Parts parts) {
    List<WebClient> clients = new ArrayList<>();
    WebClient discovery = WebClient.create(vertx, new WebClientOptions().setName("mock-agency-jwks").setVerifyHost(true)
        .setTrustOptions(new PemTrustOptions().addCertValue(parts.gatewayCa())).setConnectTimeout(5000));
    clients.add(discovery);
    Map<String, WebClient> reporting = new HashMap<>();
    parts.agencyKeys().forEach((code, pem) -> {
      WebClient c = WebClient.create(vertx, new WebClientOptions().setName("mock-agency-" + code).setVerifyHost(true)
          .setTrustOptions(new PemTrustOptions().addCertValue(parts.gatewayCa()))
          .setKeyCertOptions(new PemKeyCertOptions().setCertValue(pem[0]).setKeyValue(pem[1]))
          .setConnectTimeout(5000), new PoolOptions().setHttp1MaxSize(8));
      clients.add(c);
      reporting.put(code, c);
    });
    var gateway = config.gateway();
    var keys = new GatewayKeys(discovery, gateway.discoveryUrl(), gateway.jwksTtl(), gateway.jwksMinRefresh());
    var verifier = new DossierVerifier(gateway.issuer().toString().replaceAll("/+$", ""), keys);
    var received = new ReceivedDossiers();
    var reporter = new StatusReporter(vertx, reporting, gateway.agencyApiUrl(), config.progression(), config.seed());
    var down = new AtomicBoolean(false);
    var failures = FailureHandler.create(parts.messages(), "mock agency");

    Router router = deliveryRoutes(vertx, config, new DeliveryHandler(verifier, received, reporter, config.simulation(), config.seed()),
        down, failures);
    HttpServerOptions options = new HttpServerOptions()
        .setHost(config.host())
        .setPort(config.port())
        .setSsl(true)
        .setKeyCertOptions(new PemKeyCertOptions().setCertValue(parts.cert()).setKeyValue(parts.key()))
        .setTrustOptions(new PemTrustOptions().addCertValue(parts.clientCa()))
        .setClientAuth(ClientAuth.REQUIRED);
    Router adminRouter = adminRoutes(vertx, received, reporter, down, failures);
    return vertx.createHttpServer(options)
        .requestHandler(router)
        .exceptionHandler(e -> LOG.debug("connection failed: {}", e.toString()))
        .listen()
        .compose(https -> vertx.createHttpServer(new HttpServerOptions().setHost(config.admin().host()).setPort(config.admin().port()))
            .requestHandler(adminRouter)
            .listen()
            .map(adminServer -> new MockAgencyServer(https, adminServer, clients, received, reporter, down))
            .onFailure(e -> https.close()))
        .onFailure(e -> clients.forEach(WebClient::close));
  }

  private static Router deliveryRoutes(Vertx vertx, MockAgencyConfig config, DeliveryHandler delivery, AtomicBoolean down,
      Handler<RoutingContext> failures) {
    Set<String> agencies = new java.util.HashSet<>();
    config.agencies().forEach(a -> agencies.add(a.code()));
    Set<String> allowed = Set.copyOf(config.allowedClients());
    int retryAfter = (int) Math.max(1, config.simulation().retryAfter().toSeconds());
    long delay = config.simulation().acceptDelay().toMillis();

    Router router = Router.router(vertx);
    router.route().handler(RequestIdHandler.create());
    router.route().handler(ctx -> {
      String cn = ClientCertificates.commonName(ctx)
          .orElseThrow(() -> AgencyProblems.clientNotAllowed("The client certificate's subject has no single CN").exception());
      if (!allowed.contains(cn)) throw AgencyProblems.clientNotAllowed("CN=" + cn + " may not deliver dossiers").exception();
      ctx.next();
    });
    router.post(DOSSIERS_PATH).handler(ctx -> {
      if (!agencies.contains(ctx.pathParam(DeliveryHandler.PARAM))) throw AgencyProblems.unknownAgency().exception();
      if (down.get()) throw AgencyProblems.down(retryAfter).exception();
      String type = ctx.request().getHeader("Content-Type");
      if (type == null || !type.split(";")[0].trim().toLowerCase(Locale.ROOT).equals("application/jose")) {
        throw AgencyProblems.unsupportedMediaType().exception();
      }
      ctx.next();
    });
    router.post(DOSSIERS_PATH).handler(BodyHandler.create(false).setBodyLimit(config.bodyLimit()));
    if (delay > 0) {
      // Held on a timer, never on a thread; a client that gave up meanwhile gets nothing.
      router.post(DOSSIERS_PATH).handler(ctx -> vertx.setTimer(delay, id -> {
        if (!ctx.response().closed()) ctx.next();
      }));
    }
    router.post(DOSSIERS_PATH).handler(delivery);
    router.route().failureHandler(failures);
    router.errorHandler(404, failures);
    router.errorHandler(405, failures);
    return router;
  }

  private static Router adminRoutes(Vertx vertx, ReceivedDossiers received, StatusReporter reporter, AtomicBoolean down,
      Handler<RoutingContext> failures) {
    Router router = Router.router(vertx);
    router.route().handler(RequestIdHandler.create());
    router.get(RECEIVED_PATH).handler(ctx -> {
      int offset = intParam(ctx, "offset", 0, Integer.MAX_VALUE);
      int limit = intParam(ctx, "limit", 1000, MAX_PAGE);
      JsonObject body = received.summary(offset, limit, ctx.queryParams().get("key"))
          .put("reports", reporter.stats()).put("down", down.get());
      json(ctx, body);
    });
    router.post(OUTAGE_PATH).handler(BodyHandler.create(false).setBodyLimit(1024));
    router.post(OUTAGE_PATH).handler(ctx -> {
      Object value;
      try {
        value = new JsonObject(ctx.body().asString("UTF-8")).getValue("down");
      } catch (DecodeException | ClassCastException e) {
        throw AgencyProblems.badAdminRequest("The body must be {\"down\": true|false}").exception();
      }
      if (!(value instanceof Boolean b)) throw AgencyProblems.badAdminRequest("The body must be {\"down\": true|false}").exception();
      down.set(b);
      LOG.info("simulated outage {}", b ? "started" : "ended");
      json(ctx, new JsonObject().put("down", b));
    });
    router.get(OUTAGE_PATH).handler(ctx -> json(ctx, new JsonObject().put("down", down.get())));
    router.get("/health").handler(ctx -> json(ctx, new JsonObject().put("status", "UP")));
    router.route().failureHandler(failures);
    router.errorHandler(404, failures);
    router.errorHandler(405, failures);
    return router;
  }

  private static int intParam(RoutingContext ctx, String name, int fallback, int max) {
    String s = ctx.queryParams().get(name);
    if (s == null) return fallback;
    try {
      int v = Integer.parseInt(s);
      if (v >= 0 && v <= max) return v;
    } catch (NumberFormatException e) {
      // below
    }
    throw AgencyProblems.badAdminRequest(name + " must be a whole number from 0 to " + max).exception();
  }

  private static void json(RoutingContext ctx, JsonObject body) {
    ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store").end(body.toBuffer());
  }

  private static Buffer read(Path file) {
    try {
      return Buffer.buffer(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException("mock agency: cannot read " + file, e);
    }
  }

  public Future<Void> close() {
    clients.forEach(WebClient::close);
    return Future.all(https.close(), admin.close()).mapEmpty();
  }

  /** The mutual-TLS port the agencies are served on. */
  public int actualPort() {
    return https.actualPort();
  }

  /** The plain-HTTP admin port ({@code /dev/received}, {@code /dev/outage}). */
  public int adminPort() {
    return admin.actualPort();
  }

  /** How many dossiers were stored (first deliveries of their keys). */
  public long storedCount() {
    return received.storedCount();
  }

  public void setDown(boolean value) {
    down.set(value);
  }
}
