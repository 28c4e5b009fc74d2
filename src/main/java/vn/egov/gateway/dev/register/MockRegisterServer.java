package vn.egov.gateway.dev.register;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.egov.gateway.dev.CitizenGenerator;
import vn.egov.gateway.web.RequestIdHandler;

/**
 * The mock national population register (DESIGN.md sections 2 and 4): the synthetic citizens'
 * records over HTTPS with mutual TLS, as JSON. A client without a certificate from the configured
 * CA fails the TLS handshake; one whose certificate's CN is not allowed gets 403. See
 * {@code package-info.java} for the API and the record's attributes.
 */
public final class MockRegisterServer {
  private static final Logger LOG = LoggerFactory.getLogger(MockRegisterServer.class);
  public static final String CITIZEN_PATH = "/api/v1/citizens/:" + CitizenHandler.PARAM;
  public static final String HEALTH_PATH = "/health";
  static final String API_PREFIX = "/api/";

  private final HttpServer http;
  private final CitizenGenerator citizens;

  private MockRegisterServer(HttpServer http, CitizenGenerator citizens) {
    this.http = http;
    this.citizens = citizens;
  }

  /** What start-up reads from files and resources: built off the event loop. */
  private record Parts(CitizenGenerator citizens, Buffer cert, Buffer key, Buffer clientCa) {
  }

  public static Future<MockRegisterServer> start(Vertx vertx, MockRegisterConfig config) {
    return vertx.executeBlocking(() -> new Parts(new CitizenGenerator(config.seed(), config.population()),
            read(config.tls().cert()), read(config.tls().key()), read(config.tls().clientCa())))
        .compose(parts -> listen(vertx, config, parts));
  }

  private static Future<MockRegisterServer> listen(Vertx vertx, MockRegisterConfig config, Parts parts) {
    HttpServerOptions options = new HttpServerOptions()
        .setHost(config.host())
        .setPort(config.port())
        .setSsl(true)
        .setKeyCertOptions(new PemKeyCertOptions().setCertValue(parts.cert()).setKeyValue(parts.key()))
        .setTrustOptions(new PemTrustOptions().addCertValue(parts.clientCa()))
        // Mutual TLS: no client certificate from the trusted CA, no connection.
        .setClientAuth(ClientAuth.REQUIRED);
    Router router = routes(vertx, config, parts.citizens());
    return vertx.createHttpServer(options)
        .requestHandler(router)
        // A connection the client broke off is the client's business: note it, without a stack trace.
        .exceptionHandler(e -> LOG.info("connection failed: {}", e.toString()))
        .listen()
        .map(http -> new MockRegisterServer(http, parts.citizens()));
  }

  private static Router routes(Vertx vertx, MockRegisterConfig config, CitizenGenerator citizens) {
    Router router = Router.router(vertx);
    router.route().handler(RequestIdHandler.create());
    router.route().handler(LatencyHandler.create(vertx, config.latency()));
    // Health needs the mTLS handshake only; reading records also needs an allowed CN.
    router.route(API_PREFIX + "*").handler(ClientCertificateHandler.create(Set.copyOf(config.allowedClients())));
    router.get(CITIZEN_PATH).handler(CitizenHandler.create(citizens));
    router.get(HEALTH_PATH).handler(ctx -> ctx.response()
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end("{\"status\":\"UP\"}"));
    MockRegisterFailureHandler failures = MockRegisterFailureHandler.create();
    router.route().failureHandler(failures);
    // Unmatched paths and methods are rendered as problem+json too.
    router.errorHandler(404, failures);
    router.errorHandler(405, failures);
    return router;
  }

  private static Buffer read(Path file) {
    try {
      return Buffer.buffer(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException("mock register: cannot read " + file, e);
    }
  }

  public Future<Void> close() {
    return http.close();
  }

  public int actualPort() {
    return http.actualPort();
  }

  /** The population it serves: the same seed gives the same citizens as the mock VNeID's. */
  public CitizenGenerator citizens() {
    return citizens;
  }
}
