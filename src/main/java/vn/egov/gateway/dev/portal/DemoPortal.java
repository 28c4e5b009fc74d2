package vn.egov.gateway.dev.portal;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import vn.egov.gateway.web.Lang;
import vn.egov.gateway.web.Messages;

/**
 * The demo portal that dev mode runs (DESIGN.md section 2): a small server-rendered web app that
 * is a confidential OpenID Connect client of the gateway and a user of its REST API, the way a
 * real public-service portal integrates. {@link OidcClient} is the login, {@link GatewayApi} the
 * API calls; the rest is pages. Its texts are Vietnamese by default, English with {@code ?lang=en}.
 */
public final class DemoPortal extends VerticleBase {
  private static final String SESSION = "portal.session";
  private static final int BODY_LIMIT = 64 * 1024;

  /**
   * @param port   where to listen; 0 picks a free port, and {@link #baseUrl()} then tells which
   * @param issuer the gateway's issuer URL, where discovery starts
   * @param scope  the scopes asked for at login
   */
  public record Config(String host, int port, URI issuer, String clientId, String clientSecret, String scope) {
  }

  private final Config config;
  private final Messages messages;
  private final String css;
  private final String js;
  private HttpServer server;
  private String baseUrl;

  private DemoPortal(Config config, Messages messages, String css, String js) {
    this.config = config;
    this.messages = messages;
    this.css = css;
    this.js = js;
  }

  /** Reads the texts and assets off the event loop, then deploys the portal. */
  public static Future<DemoPortal> start(Vertx vertx, Config config) {
    return vertx.executeBlocking(() -> {
          // Load the protocol classes here: the first login would otherwise pay for it on the event loop.
          OidcClient.warmUp();
          return new DemoPortal(config, Messages.load("i18n/demo-portal"), resource("portal.css"), resource("portal.js"));
        })
        .compose(portal -> vertx.deployVerticle(portal).map(id -> portal));
  }

  /** {@code http://localhost:<port>}: the redirect URI is this plus {@code /callback}, the post-logout URI this plus {@code /}. */
  public String baseUrl() {
    return baseUrl;
  }

  public URI redirectUri() {
    return URI.create(baseUrl + "/callback");
  }

  public URI postLogoutRedirectUri() {
    return URI.create(baseUrl + "/");
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    return vertx.createHttpServer().requestHandler(router).listen(config.port(), config.host()).map(http -> {
      server = http;
      baseUrl = "http://localhost:" + http.actualPort();
      routes(router);
      return http;
    });
  }

  private void routes(Router router) {
    WebClient http = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(5_000).setIdleTimeout(30)
        .setUserAgent("egov-demo-portal").setFollowRedirects(false));
    OidcClient oidc = new OidcClient(http, config.issuer(), config.clientId(), config.clientSecret(), redirectUri(), config.scope());
    GatewayApi api = new GatewayApi(http, config.issuer().toString());
    PortalSessions sessions = new PortalSessions(Clock.systemUTC(), baseUrl.startsWith("https:"));
    vertx.setPeriodic(60_000, id -> sessions.sweep());
    Pages pages = new Pages(messages);
    LoginHandlers login = new LoginHandlers(oidc, sessions, pages, baseUrl);
    ProcedureHandlers procedures = new ProcedureHandlers(api, pages);
    DossierHandlers dossiers = new DossierHandlers(api, pages);
    MyDataHandlers data = new MyDataHandlers(api, pages);

    router.route().handler(securityHeaders(origin(config.issuer())));
    router.get("/assets/portal.css").handler(asset("text/css; charset=utf-8", css));
    router.get("/assets/portal.js").handler(asset("text/javascript; charset=utf-8", js));
    router.route().method(HttpMethod.POST).handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
    router.route().handler(ctx -> session(ctx, sessions, pages));

    router.get("/").handler(login::home);
    router.get("/login").handler(login::login);
    router.get("/callback").handler(login::callback);
    router.post("/logout").handler(login::logout);
    router.get("/procedures").handler(procedures::list);
    router.get("/procedures/:code").handler(procedures::form);
    router.post("/procedures/:code").handler(procedures::submit);
    router.post("/procedures/:code/check").handler(procedures::check);
    router.get("/dossiers").handler(dossiers::mine);
    router.get("/dossiers/:receipt").handler(dossiers::show);
    router.get("/data").handler(data::show);
    router.post("/data/consents/:clientId/withdraw").handler(data::withdraw);

    router.route().last().handler(ctx -> {
      PortalSession s = session(ctx);
      pages.message(ctx, s, 404, pages.t(s, "error.title"), pages.t(s, "error.notFound"), "/", pages.t(s, "brand"));
    });
    router.route().failureHandler(ctx -> {
      int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
      PortalSession s = ctx.get(SESSION);
      if (s == null || ctx.response().headWritten()) {
        if (!ctx.response().ended()) ctx.response().setStatusCode(status).end();
        return;
      }
      pages.message(ctx, s, status, pages.t(s, "error.title"), pages.t(s, status == 403 ? "error.session" : "error.gateway"), "/",
          pages.t(s, "brand"));
    });
  }

  /** The browser's session; its language follows {@code ?lang=}; a POST must carry the session's CSRF token. */
  private static void session(RoutingContext ctx, PortalSessions sessions, Pages pages) {
    PortalSession s = sessions.of(ctx);
    ctx.put(SESSION, s);
    String lang = ctx.request().getParam("lang");
    if (lang != null) s.lang = Lang.fromTags(lang);
    if (ctx.request().method() == HttpMethod.POST) {
      String token = ctx.request().getFormAttribute("csrf");
      if (token == null) token = ctx.request().getHeader("X-CSRF-Token");
      if (!s.csrf.equals(token)) {
        pages.message(ctx, s, 403, pages.t(s, "error.title"), pages.t(s, "error.session"), "/", pages.t(s, "brand"));
        return;
      }
    }
    ctx.next();
  }

  static PortalSession session(RoutingContext ctx) {
    return ctx.get(SESSION);
  }

  /**
   * True when the citizen is logged in; otherwise sends the browser to log in and come back here.
   * With a null session the login is treated as gone (the gateway refused the access token).
   */
  static boolean requireLogin(RoutingContext ctx, PortalSession s) {
    if (s != null && s.loggedIn()) return true;
    session(ctx).login = null;
    redirect(ctx, "/login?next=" + URLEncoder.encode(ctx.request().path(), StandardCharsets.UTF_8));
    return false;
  }

  static void redirect(RoutingContext ctx, String location) {
    ctx.response().setStatusCode(303).putHeader("Location", location).putHeader("Cache-Control", "no-store").end();
  }

  private static Handler<RoutingContext> securityHeaders(String gatewayOrigin) {
    // Scripts and styles only from the portal itself; forms post here, and the logout form's redirect goes to the gateway.
    String csp = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self' "
        + gatewayOrigin;
    return ctx -> {
      var h = ctx.response().headers();
      h.set("Content-Security-Policy", csp);
      h.set("X-Content-Type-Options", "nosniff");
      h.set("Referrer-Policy", "no-referrer");
      ctx.next();
    };
  }

  private static Handler<RoutingContext> asset(String contentType, String body) {
    return ctx -> ctx.response().putHeader("Content-Type", contentType).putHeader("Cache-Control", "max-age=300").end(body);
  }

  private static String origin(URI uri) {
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
  }

  private static String resource(String name) {
    try (InputStream in = DemoPortal.class.getResourceAsStream("/demo-portal/" + name)) {
      if (in == null) throw new IllegalStateException("missing resource /demo-portal/" + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
