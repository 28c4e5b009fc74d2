package vn.egov.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import vn.egov.gateway.config.AgencyConfig;
import vn.egov.gateway.config.ClientConfig;
import vn.egov.gateway.config.GatewayConfig;
import vn.egov.gateway.dev.Citizen;
import vn.egov.gateway.dev.agency.MockAgencyConfig;
import vn.egov.gateway.dev.agency.MockAgencyServer;
import vn.egov.gateway.dev.portal.DemoPortal;
import vn.egov.gateway.dev.register.MockRegisterConfig;
import vn.egov.gateway.dev.register.MockRegisterServer;
import vn.egov.gateway.dev.vneid.MockVneidConfig;
import vn.egov.gateway.dev.vneid.MockVneidServer;
import vn.egov.gateway.oidc.Discovery;

/**
 * Dev mode: the gateway plus the development stand-ins of the national systems, in one JVM.
 * The embedded mock VNeID always registers the embedded gateway as its client (the gateway's
 * client id, secret and callback), so ports can change without editing two files. Likewise the
 * demo portal starts first, and the gateway registers its actual callback and post-logout URIs.
 */
public final class DevStack {
  private final GatewayConfig config;
  private final MockVneidServer vneid;
  private final MockRegisterServer register;
  private final DemoPortal portal;
  private final GatewayStack.Started gateway;
  private MockAgencyServer agency;

  private DevStack(GatewayConfig config, MockVneidServer vneid, MockRegisterServer register, DemoPortal portal,
      GatewayStack.Started gateway) {
    this.config = config;
    this.vneid = vneid;
    this.register = register;
    this.portal = portal;
    this.gateway = gateway;
  }

  public static Future<DevStack> start(Vertx vertx, GatewayConfig config, Map<String, String> env, Clock clock) {
    MockVneidConfig mock = withGatewayClient(MockVneidConfig.load(config.dev().mockVneidConfig(), env), config);
    MockRegisterConfig registerConfig = MockRegisterConfig.load(config.dev().mockRegisterConfig(), env);
    MockAgencyConfig agencyConfig = withGateway(MockAgencyConfig.load(config.dev().mockAgencyConfig(), env), config);
    ClientConfig portalClient = config.client(DEMO_PORTAL).orElse(null);
    return MockVneidServer.start(vertx, mock)
        .compose(vneid -> MockRegisterServer.start(vertx, registerConfig)
            .compose(register -> startPortal(vertx, config, portalClient)
                .compose(portal -> GatewayStack.deploy(vertx, withMockAgencies(withPortalUris(config, portal),
                        config.dev().mockAgencies() ? agencyConfig : null), clock)
                    .map(g -> new DevStack(config, vneid, register, portal, g)))))
        // The mock agencies fetch the gateway's keys on their first delivery, so they start last.
        .compose(stack -> !config.dev().mockAgencies() ? Future.succeededFuture(stack) : MockAgencyServer.start(vertx, agencyConfig).map(agency -> {
          stack.agency = agency;
          return stack;
        }));
  }

  /** The embedded mock agencies verify the embedded gateway's dossiers and report to its agency listener. */
  static MockAgencyConfig withGateway(MockAgencyConfig mock, GatewayConfig config) {
    String issuer = config.issuer().toString().replaceAll("/+$", "");
    URI agencyApi = config.agencyApiListener()
        .map(a -> URI.create("https://localhost:" + a.port()))
        .orElse(mock.gateway().agencyApiUrl());
    MockAgencyConfig.Gateway g = mock.gateway();
    return mock.withGateway(new MockAgencyConfig.Gateway(URI.create(issuer), URI.create(issuer + "/.well-known/openid-configuration"),
        agencyApi, g.trustedCa(), g.jwksMinRefresh(), g.jwksTtl()));
  }

  /** Agencies the embedded mock serves are delivered to it, on whatever port it was given. */
  static GatewayConfig withMockAgencies(GatewayConfig config, MockAgencyConfig mock) {
    if (mock == null) return config;
    List<String> served = mock.agencies().stream().map(MockAgencyConfig.Agency::code).toList();
    List<AgencyConfig> agencies = new ArrayList<>();
    for (AgencyConfig a : config.agencies()) {
      agencies.add(!served.contains(a.code()) ? a : new AgencyConfig(a.code(),
          URI.create("https://localhost:" + mock.port() + "/agencies/" + a.code()), a.maxInFlight(), a.timeout()));
    }
    return config.withAgencies(agencies);
  }

  static final String DEMO_PORTAL = "demo-portal";

  /** The demo portal, when the clients file registers it (its secret is read from there, not repeated). */
  private static Future<DemoPortal> startPortal(Vertx vertx, GatewayConfig config, ClientConfig client) {
    if (client == null || client.secret() == null) return Future.succeededFuture(null);
    return DemoPortal.start(vertx, new DemoPortal.Config(config.http().host(), config.dev().demoPortalPort(), config.issuer(),
        client.clientId(), client.secret(), String.join(" ", client.scopes().stream().filter(sc -> !sc.equals("offline_access")).sorted().toList())));
  }

  /** The demo-portal client with the portal's actual callback and post-logout URIs added (its port may differ from 8081). */
  static GatewayConfig withPortalUris(GatewayConfig config, DemoPortal portal) {
    if (portal == null) return config;
    List<ClientConfig> clients = new ArrayList<>();
    for (ClientConfig c : config.clients()) {
      if (!c.clientId().equals(DEMO_PORTAL)) {
        clients.add(c);
        continue;
      }
      clients.add(c.withRedirects(withUri(c.redirectUris(), portal.redirectUri()), withUri(c.postLogoutRedirectUris(), portal.postLogoutRedirectUri())));
    }
    return config.withClients(clients);
  }

  private static List<URI> withUri(List<URI> uris, URI extra) {
    List<URI> out = new ArrayList<>(uris);
    if (!out.contains(extra)) out.add(extra);
    return out;
  }

  static MockVneidConfig withGatewayClient(MockVneidConfig mock, GatewayConfig config) {
    String issuer = config.issuer().toString().replaceAll("/+$", "");
    List<MockVneidConfig.Client> clients = new ArrayList<>();
    for (MockVneidConfig.Client c : mock.clients()) {
      if (!c.clientId().equals(config.upstream().clientId())) clients.add(c);
    }
    clients.add(new MockVneidConfig.Client(config.upstream().clientId(), config.upstream().clientSecret(),
        List.of(URI.create(issuer + Discovery.CALLBACK))));
    return new MockVneidConfig(mock.host(), mock.port(), mock.issuer(), mock.seed(), mock.population(), mock.listedCitizens(),
        mock.lockoutAfter(), mock.lockoutDuration(), mock.codeTtl(), mock.tokenTtl(), mock.signingKey(), clients);
  }

  public GatewayStack.Started gateway() {
    return gateway;
  }

  public MockVneidServer vneid() {
    return vneid;
  }

  public MockRegisterServer register() {
    return register;
  }

  public MockAgencyServer agency() {
    return agency;
  }

  /** The demo portal, or null when the clients file does not register {@code demo-portal}. */
  public DemoPortal portal() {
    return portal;
  }

  public String banner() {
    StringBuilder b = new StringBuilder()
        .append("egov-gateway is running in dev mode (not for production)\n")
        .append("  gateway (OpenID Provider) ").append(config.issuer()).append('\n')
        .append("  discovery                 ").append(config.issuer()).append("/.well-known/openid-configuration\n")
        .append("  mock VNeID                ").append(vneid.issuer()).append('\n')
        .append("  test accounts             ").append(vneid.issuer()).append("/dev/citizens\n")
        .append("  mock population register  https://localhost:").append(register.actualPort()).append(" (mutual TLS, dev CA)\n")
        .append(agency == null ? "  mock agencies             (not embedded: dev.mock-agencies is false)\n"
            : "  mock agencies             https://localhost:" + agency.actualPort() + "/agencies/{code}/dossiers (mutual TLS); received: http://localhost:"
            + agency.adminPort() + MockAgencyServer.RECEIVED_PATH + "\n")
        .append("  demo portal               ").append(portal == null ? "(not registered in the clients file)" : portal.baseUrl()).append('\n')
        .append("  dev portal client         demo-portal / demo-portal-secret, redirect ")
        .append(portal == null ? "http://localhost:8081/callback" : portal.redirectUri()).append('\n')
        .append("  API documentation         ").append(config.issuer()).append("/docs\n")
        .append("  ops dashboard             ").append(config.issuer()).append("/ops/dashboard (dev user ops / ops-dev-password)\n")
        .append("  a few accounts (ID number / password / OTP / level):\n");
    for (int i = 0; i < 3; i++) {
      Citizen c = vneid.citizens().citizen(i);
      b.append("    ").append(c.identityNumber()).append(" / ").append(c.password()).append(" / ").append(c.otp())
          .append(" / LoA").append(c.level()).append("  ").append(c.fullName()).append('\n');
    }
    return b.toString();
  }
}
