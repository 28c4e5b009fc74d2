package vn.egov.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Map;
import vn.egov.gateway.config.GatewayConfig;

/** Dev mode: the gateway plus the development stand-ins of the national systems, in one JVM. */
public final class DevStack {
  private final GatewayConfig config;
  private final GatewayStack.Started gateway;

  private DevStack(GatewayConfig config, GatewayStack.Started gateway) {
    this.config = config;
    this.gateway = gateway;
  }

  public static Future<DevStack> start(Vertx vertx, GatewayConfig config, Map<String, String> env, Clock clock) {
    return GatewayStack.deploy(vertx, config, clock).map(g -> new DevStack(config, g));
  }

  public GatewayStack.Started gateway() {
    return gateway;
  }

  public String banner() {
    return "egov-gateway dev mode\n  gateway (OpenID Provider): " + config.issuer()
        + "\n  discovery: " + config.issuer() + "/.well-known/openid-configuration";
  }
}
