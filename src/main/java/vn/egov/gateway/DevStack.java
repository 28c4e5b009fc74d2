package vn.egov.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import vn.egov.gateway.config.GatewayConfig;
import vn.egov.gateway.dev.Citizen;
import vn.egov.gateway.dev.agency.MockAgencyConfig;
import vn.egov.gateway.dev.agency.MockAgencyServer;
import vn.egov.gateway.dev.register.MockRegisterConfig;
import vn.egov.gateway.dev.register.MockRegisterServer;
import vn.egov.gateway.dev.vneid.MockVneidConfig;
import vn.egov.gateway.dev.vneid.MockVneidServer;
import vn.egov.gateway.oidc.Discovery;

/**
 * Dev mode: the gateway plus the development stand-ins of the national systems, in one JVM.
 * The embedded mock VNeID always registers the embedded gateway as its client (the gateway's
 * client id, secret and callback), so ports can change without editing two files.
 */
public final class DevStack {
  private final GatewayConfig config;
  private final MockVneidServer vneid;
  private final MockRegisterServer register;
  private final GatewayStack.Started gateway;
  private MockAgencyServer agency;

  private DevStack(GatewayConfig config, MockVneidServer vneid, MockRegisterServer register, GatewayStack.Started gateway) {
    this.config = config;
    this.vneid = vneid;
    this.register = register;
    this.gateway = gateway;
  }

  public static Future<DevStack> start(Vertx vertx, GatewayConfig config, Map<String, String> env, Clock clock) {
    MockVneidConfig mock = withGatewayClient(MockVneidConfig.load(config.dev().mockVneidConfig(), env), config);
    MockRegisterConfig registerConfig = MockRegisterConfig.load(config.dev().mockRegisterConfig(), env);
    MockAgencyConfig agencyConfig = withGateway(MockAgencyConfig.load(config.dev().mockAgencyConfig(), env), config);
    return MockVneidServer.start(vertx, mock)
        .compose(vneid -> MockRegisterServer.start(vertx, registerConfig)
            .compose(register -> GatewayStack.deploy(vertx, config, clock).map(g -> new DevStack(config, vneid, register, g))))
        // The mock agencies fetch the gateway's keys on their first delivery, so they start last.
        .compose(stack -> MockAgencyServer.start(vertx, agencyConfig).map(agency -> {
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

  public String banner() {
    StringBuilder b = new StringBuilder()
        .append("egov-gateway is running in dev mode (not for production)\n")
        .append("  gateway (OpenID Provider) ").append(config.issuer()).append('\n')
        .append("  discovery                 ").append(config.issuer()).append("/.well-known/openid-configuration\n")
        .append("  mock VNeID                ").append(vneid.issuer()).append('\n')
        .append("  test accounts             ").append(vneid.issuer()).append("/dev/citizens\n")
        .append("  mock population register  https://localhost:").append(register.actualPort()).append(" (mutual TLS, dev CA)\n")
        .append("  mock agencies             https://localhost:").append(agency.actualPort())
        .append("/agencies/{code}/dossiers (mutual TLS); received: http://localhost:").append(agency.adminPort())
        .append(MockAgencyServer.RECEIVED_PATH).append('\n')
        .append("  dev portal client         demo-portal / demo-portal-secret, redirect http://localhost:8081/callback\n")
        .append("  a few accounts (ID number / password / OTP / level):\n");
    for (int i = 0; i < 3; i++) {
      Citizen c = vneid.citizens().citizen(i);
      b.append("    ").append(c.identityNumber()).append(" / ").append(c.password()).append(" / ").append(c.otp())
          .append(" / LoA").append(c.level()).append("  ").append(c.fullName()).append('\n');
    }
    return b.toString();
  }
}
