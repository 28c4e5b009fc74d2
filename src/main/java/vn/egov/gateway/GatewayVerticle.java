package vn.egov.gateway;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import vn.egov.gateway.config.ClientConfig;
import vn.egov.gateway.config.GatewayConfig;
import vn.egov.gateway.crypto.SigningKeys;
import vn.egov.gateway.dossier.DossierApiHandler;
import vn.egov.gateway.dossier.DossierRouter;
import vn.egov.gateway.dossier.FormCheck;
import vn.egov.gateway.dossier.WorkingCalendar;
import vn.egov.gateway.store.DossierStore;
import vn.egov.gateway.oidc.AuthorizationFlow;
import vn.egov.gateway.oidc.AuthorizationRequests;
import vn.egov.gateway.oidc.AuthorizeHandler;
import vn.egov.gateway.oidc.BearerTokens;
import vn.egov.gateway.oidc.ClientAuthenticator;
import vn.egov.gateway.oidc.ConsentHandler;
import vn.egov.gateway.oidc.ConsentStore;
import vn.egov.gateway.oidc.Discovery;
import vn.egov.gateway.oidc.GrantService;
import vn.egov.gateway.oidc.IntrospectionHandler;
import vn.egov.gateway.oidc.LogoutHandler;
import vn.egov.gateway.oidc.OidcRouter;
import vn.egov.gateway.oidc.PairwiseSubjects;
import vn.egov.gateway.oidc.ParHandler;
import vn.egov.gateway.oidc.RevocationHandler;
import vn.egov.gateway.oidc.SessionService;
import vn.egov.gateway.oidc.TokenHandler;
import vn.egov.gateway.oidc.TokenService;
import vn.egov.gateway.oidc.UserInfoHandler;
import vn.egov.gateway.ops.OpsComponents;
import vn.egov.gateway.ops.OpsRouter;
import vn.egov.gateway.store.EphemeralStore;
import vn.egov.gateway.upstream.NimbusHttp;
import vn.egov.gateway.upstream.UpstreamClient;
import vn.egov.gateway.web.FailureHandler;
import vn.egov.gateway.web.Messages;
import vn.egov.gateway.web.RequestIdHandler;
import vn.egov.gateway.web.SecurityHeadersHandler;

/**
 * The composition root: builds every component once, wires them through constructors, mounts the
 * routes and listens. Blocking preparation (config, key files) has happened before, in {@link Main}.
 */
public final class GatewayVerticle extends VerticleBase {
  public static final String BRAND = "Cổng định danh dịch vụ công · egov-gateway";

  private final GatewayConfig config;
  private final SigningKeys keys;
  private final EphemeralStore store;
  private final ConsentStore consents;
  private final vn.egov.gateway.prefill.AccessLog accessLog;
  private final vn.egov.gateway.prefill.ProcedureCatalogue catalogue;
  private final vn.egov.gateway.prefill.AdministrativeUnits units;
  private final com.nimbusds.jose.jwk.JWK upstreamKey;
  private final Messages messages;
  private final DossierStore dossiers;
  private final WorkingCalendar calendar;
  private final vn.egov.gateway.dossier.Forwarder forwarder;
  private final Clock clock;
  private final OpsComponents ops;
  private HttpServer server;
  private Router router;

  public GatewayVerticle(GatewayConfig config, SigningKeys keys, EphemeralStore store, ConsentStore consents,
      vn.egov.gateway.prefill.AccessLog accessLog, vn.egov.gateway.prefill.ProcedureCatalogue catalogue,
      vn.egov.gateway.prefill.AdministrativeUnits units, com.nimbusds.jose.jwk.JWK upstreamKey, Messages messages, DossierStore dossiers,
      WorkingCalendar calendar, vn.egov.gateway.dossier.Forwarder forwarder, Clock clock, OpsComponents ops) {
    this.config = config;
    this.keys = keys;
    this.store = store;
    this.consents = consents;
    this.accessLog = accessLog;
    this.catalogue = catalogue;
    this.units = units;
    this.upstreamKey = upstreamKey;
    this.messages = messages;
    this.dossiers = dossiers;
    this.calendar = calendar;
    this.forwarder = forwarder;
    this.clock = clock;
    this.ops = ops;
  }

  @Override
  public Future<?> start() {
    String issuer = config.issuer().toString().replaceAll("/+$", "");
    Map<String, ClientConfig> byId = new java.util.HashMap<>();
    config.clients().forEach(c -> byId.put(c.clientId(), c));
    Function<String, ClientConfig> clients = byId::get;

    var webClient = WebClient.create(vertx, new WebClientOptions()
        .setName("upstream-idp")
        .setUserAgent("egov-gateway")
        .setConnectTimeout((int) config.upstream().timeout().toMillis())
        .setFollowRedirects(false), new io.vertx.core.http.PoolOptions().setHttp1MaxSize(config.upstream().maxConnections()));
    var upstream = new UpstreamClient(config.upstream(), new NimbusHttp(webClient, config.upstream().timeout().toMillis()),
        Discovery.endpoint(issuer, Discovery.CALLBACK), clock, upstreamKey);

    var tokens = new TokenService(issuer, keys, clock, config.tokens().accessTokenTtl(), config.tokens().idTokenTtl());
    var sessions = new SessionService(store, clock, config.session().ttl(), config.http().secure());
    var pairwise = new PairwiseSubjects(config.tokens().pairwiseSalt());
    var requests = new AuthorizationRequests(clients, issuer);
    var grants = new GrantService(store, clock, config.tokens().refreshTokenTtl());
    var bearer = new BearerTokens(tokens, grants);
    var authenticator = new ClientAuthenticator(clients, store, clock, issuer, List.of(
        Discovery.endpoint(issuer, Discovery.TOKEN).toString(), Discovery.endpoint(issuer, Discovery.PAR).toString(),
        Discovery.endpoint(issuer, Discovery.INTROSPECT).toString(), Discovery.endpoint(issuer, Discovery.REVOKE).toString()));
    var flow = new AuthorizationFlow(store, sessions, consents, upstream, requests, pairwise, clients, clock,
        config.session().loginTimeout(), config.tokens().codeTtl(), issuer, ops.metrics(), ops.audit());

    router = Router.router(vertx);
    router.route().handler(RequestIdHandler.create());
    router.route().handler(SecurityHeadersHandler.create(config.http().secure()));
    router.route().handler(BodyHandler.create(false).setBodyLimit(config.http().bodyLimit()));
    OidcRouter.mount(router, new OidcRouter.Handlers(
        Discovery.document(issuer),
        keys.publicJwks().toString(),
        new AuthorizeHandler(requests, flow, store),
        new ParHandler(authenticator, requests, store, Discovery.endpoint(issuer, Discovery.PAR)),
        flow,
        new ConsentHandler(flow, sessions, clients, messages, BRAND),
        new TokenHandler(authenticator, grants, tokens, Discovery.endpoint(issuer, Discovery.TOKEN)),
        new UserInfoHandler(bearer),
        new IntrospectionHandler(authenticator, bearer, grants, Discovery.endpoint(issuer, Discovery.INTROSPECT), issuer),
        new RevocationHandler(authenticator, bearer, grants, Discovery.endpoint(issuer, Discovery.REVOKE)),
        new LogoutHandler(tokens, sessions, clients, messages, BRAND)));
    var apiAuth = new vn.egov.gateway.prefill.ApiAuth(bearer);
    var register = new vn.egov.gateway.prefill.RegisterClient(vertx, config.register());
    var prefillSigner = new vn.egov.gateway.prefill.PrefillSigner(issuer, keys, clock, java.time.Duration.ofDays(30));
    var dossierValidator = new vn.egov.gateway.forms.DossierValidator(units, prefillSigner, clock);
    vn.egov.gateway.prefill.ApiRouter.mount(router,
        new vn.egov.gateway.prefill.ProcedureApiHandler(catalogue, apiAuth, consents, pairwise, register,
            new vn.egov.gateway.prefill.PrefillMapper(units), prefillSigner, accessLog, clients, clock, ops.metrics(), ops.audit()),
        new vn.egov.gateway.prefill.CitizenApiHandler(apiAuth, accessLog, consents, pairwise, clients, clock),
        new vn.egov.gateway.forms.ValidateHandler(catalogue, apiAuth, dossierValidator));
    DossierRouter.mount(router, new DossierApiHandler(catalogue, apiAuth, pairwise, formCheck(dossierValidator), dossiers,
        calendar, forwarder::wake, ops.metrics(), ops.audit(), clock));
    OpsRouter.mountApi(router, vn.egov.gateway.ops.OpsAuth.create(vertx, config.ops()),
        new vn.egov.gateway.ops.DeliveryOpsHandler(dossiers, forwarder::wake));
    OpsRouter.mountDashboard(router, new vn.egov.gateway.ops.StatisticsHandler(dossiers, catalogue),
        new vn.egov.gateway.ops.OverviewHandler(dossiers, ops, clock), new vn.egov.gateway.ops.DashboardHandler(vertx, BRAND, clock));
    ops.attach(upstream, register);
    OpsRouter.mount(router, ops);
    Future<vn.egov.gateway.web.ApiDocument> apiDocs = vertx.executeBlocking(() -> vn.egov.gateway.web.ApiDocument.load(issuer,
        config.agencyApiListener().map(vn.egov.gateway.config.AgencyApiConfig::port).orElse(-1)));
    vn.egov.gateway.web.ApiDocsRouter.mount(router, apiDocs);
    var failures = FailureHandler.create(messages, BRAND);
    router.route().failureHandler(failures);
    // Unmatched paths and methods are rendered as problem+json too.
    router.errorHandler(404, failures);
    router.errorHandler(405, failures);

    // No cleartext HTTP/2 upgrade (h2c): the JDK's HttpClient asks for it by default and then fails
    // on large answers from Vert.x 5.0.7 (the /docs page); portals get HTTP/1.1, or HTTP/2 over TLS
    // at the load balancer.
    return apiDocs.compose(d -> vertx.createHttpServer(new HttpServerOptions().setHost(config.http().host()).setPort(config.http().port())
            .setMaxFormAttributeSize(config.http().bodyLimit()).setHttp2ClearTextEnabled(false))
        .requestHandler(router)
        .listen())
        .onSuccess(s -> server = s);
  }

  /** The submission path runs the same validation as {@code POST /api/v1/procedures/{code}/validate}. */
  private static FormCheck formCheck(vn.egov.gateway.forms.DossierValidator validator) {
    return (procedure, form, prefill, clientId, subject) -> {
      var verdict = validator.validate(procedure, form, prefill, clientId, subject);
      return new FormCheck.Checked(verdict.form(), verdict.errorsJson(), verdict.warningsJson());
    };
  }

  public int actualPort() {
    return server.actualPort();
  }

  /** The routes this verticle serves: the OpenAPI document's test compares them with the document. */
  public List<io.vertx.ext.web.Route> routes() {
    return router.getRoutes();
  }
}
