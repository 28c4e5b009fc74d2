package vn.egov.gateway.dev.vneid;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;
import java.time.Clock;
import vn.egov.gateway.dev.CitizenGenerator;
import vn.egov.gateway.store.InMemoryEphemeralStore;
import vn.egov.gateway.web.Messages;
import vn.egov.gateway.web.RequestIdHandler;
import vn.egov.gateway.web.SecurityHeadersHandler;

/**
 * The mock national IdP ("mock VNeID", DESIGN.md section 3): a real OpenID provider over the
 * synthetic population, with discovery, JWKS, code flow with PKCE, token and userinfo, and
 * {@code /dev/citizens} listing test accounts. State lives in an in-memory ephemeral store.
 */
public final class MockVneidServer {
  static final String MESSAGES = "i18n/mock-vneid";
  /** Forms and token requests are a few hundred bytes; anything much bigger is not one. */
  static final int FORM_BODY_LIMIT = 8 * 1024;
  private static final long SWEEP_INTERVAL_MS = 60_000;

  private final Vertx vertx;
  private final HttpServer http;
  private final long sweepTimer;
  private final CitizenGenerator citizens;
  private final URI issuer;

  private MockVneidServer(Vertx vertx, HttpServer http, long sweepTimer, CitizenGenerator citizens, URI issuer) {
    this.vertx = vertx;
    this.http = http;
    this.sweepTimer = sweepTimer;
    this.citizens = citizens;
    this.issuer = issuer;
  }

  /** The parts whose construction reads resources or keys: built off the event loop. */
  private record Parts(CitizenGenerator citizens, Messages messages, IdTokenSigner signer) {
  }

  public static Future<MockVneidServer> start(Vertx vertx, MockVneidConfig config) {
    Clock clock = Clock.systemUTC();
    return vertx.executeBlocking(() -> new Parts(new CitizenGenerator(config.seed(), config.population()), Messages.load(MESSAGES),
            new IdTokenSigner(config.signingKey())))
        .compose(parts -> listen(vertx, config, parts, clock));
  }

  /**
   * Listens first, then mounts the routes: with port 0 the issuer (and so every URL the mock
   * hands out) is only known once the port is. A request in between gets a 404.
   */
  private static Future<MockVneidServer> listen(Vertx vertx, MockVneidConfig config, Parts parts, Clock clock) {
    Router router = Router.router(vertx);
    return vertx.createHttpServer().requestHandler(router).listen(config.port(), config.host()).compose(http -> {
      URI issuer = config.issuer() != null ? config.issuer() : URI.create("http://localhost:" + http.actualPort());
      InMemoryEphemeralStore store = new InMemoryEphemeralStore(clock);
      try {
        routes(router, config, new ProviderMetadata(issuer), store, parts, clock);
      } catch (RuntimeException e) {
        return http.close().transform(x -> Future.failedFuture(e));
      }
      long timer = vertx.setPeriodic(SWEEP_INTERVAL_MS, id -> store.sweep());
      return Future.succeededFuture(new MockVneidServer(vertx, http, timer, parts.citizens(), issuer));
    });
  }

  private static void routes(Router router, MockVneidConfig config, ProviderMetadata metadata, InMemoryEphemeralStore store,
                             Parts parts, Clock clock) {
    LoginPage page = new LoginPage(parts.messages());
    LoginAttempts attempts = new LoginAttempts(store, clock, config.lockoutAfter(), config.lockoutDuration());
    VneidClaims claims = new VneidClaims(parts.citizens().units());

    router.route().handler(RequestIdHandler.create());
    router.route().handler(SecurityHeadersHandler.create(metadata.https()));
    router.get(ProviderMetadata.DISCOVERY_PATH).handler(json(metadata.discoveryJson()));
    router.get(ProviderMetadata.JWKS_PATH).handler(json(ProviderMetadata.jwksJson(config.signingKey())));
    router.get(ProviderMetadata.AUTHORIZE_PATH).handler(AuthorizeHandler.create(config, metadata, store, page));
    router.get(LoginPage.PATH).handler(LoginFormHandler.create(store, page));
    router.post(LoginPage.PATH).handler(formBody())
        .handler(LoginHandler.create(config, metadata, store, parts.citizens(), attempts, page, parts.messages(), clock));
    router.post(ProviderMetadata.TOKEN_PATH).handler(formBody())
        .handler(TokenHandler.create(config, metadata, store, parts.citizens(), parts.signer(), clock));
    router.route(ProviderMetadata.USERINFO_PATH).method(HttpMethod.GET).method(HttpMethod.POST)
        .handler(UserinfoHandler.create(store, parts.citizens(), claims));
    router.get(ProviderMetadata.DEV_CITIZENS_PATH).handler(DevCitizensHandler.create(parts.citizens(), config.listedCitizens()));
    router.route().failureHandler(MockVneidFailureHandler.create(parts.messages()));
  }

  private static BodyHandler formBody() {
    return BodyHandler.create(false).setBodyLimit(FORM_BODY_LIMIT);
  }

  /** A fixed JSON document, made once at start. */
  private static Handler<RoutingContext> json(String document) {
    return ctx -> ctx.response().putHeader("Content-Type", "application/json").end(document);
  }

  public Future<Void> close() {
    vertx.cancelTimer(sweepTimer);
    return http.close();
  }

  public int actualPort() {
    return http.actualPort();
  }

  /** The issuer in use: the configured one, or {@code http://localhost:<actual port>}. */
  public URI issuer() {
    return issuer;
  }

  public CitizenGenerator citizens() {
    return citizens;
  }
}
