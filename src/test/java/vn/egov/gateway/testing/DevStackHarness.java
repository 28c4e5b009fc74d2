package vn.egov.gateway.testing;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import vn.egov.gateway.DevStack;
import vn.egov.gateway.config.ConfigLoader;
import vn.egov.gateway.config.GatewayConfig;

/** Dev mode as `java -jar egov-gateway.jar dev` runs it (gateway, mock VNeID, mock register, demo portal), on free ports. */
public final class DevStackHarness implements AutoCloseable {
  private final Vertx vertx;
  private int blockedMark;
  private final DevStack stack;
  private final String gatewayUrl;
  private final String vneidUrl;

  private DevStackHarness(Vertx vertx, DevStack stack, String gatewayUrl, String vneidUrl) {
    this.vertx = vertx;
    this.stack = stack;
    this.gatewayUrl = gatewayUrl;
    this.vneidUrl = vneidUrl;
  }

  public static DevStackHarness start(Map<String, String> overrides) {
    int gw = FreePorts.next();
    int idp = FreePorts.next();
    Map<String, String> env = new HashMap<>();
    env.put("EGOV_HTTP_PORT", String.valueOf(gw));
    env.put("EGOV_HTTP_PUBLIC_URL", "http://localhost:" + gw);
    env.put("EGOV_UPSTREAM_DISCOVERY_URL", "http://localhost:" + idp + "/.well-known/openid-configuration");
    env.put("EGOV_MOCK_VNEID_PORT", String.valueOf(idp));
    env.put("EGOV_STORE_PATH", "mem:dev-" + gw);
    env.put("EGOV_AGENCY_API_PORT", String.valueOf(FreePorts.next()));
    env.put("EGOV_MOCK_AGENCY_PORT", String.valueOf(FreePorts.next()));
    env.put("EGOV_MOCK_AGENCY_ADMIN_PORT", String.valueOf(FreePorts.next()));
    int register = FreePorts.next();
    env.put("EGOV_MOCK_REGISTER_PORT", String.valueOf(register));
    env.put("EGOV_REGISTER_BASE_URL", "https://localhost:" + register);
    env.put("EGOV_MOCK_VNEID_ISSUER", "http://localhost:" + idp);
    // The demo portal picks a free port; DevStack registers its callback at the gateway.
    env.put("EGOV_DEV_DEMO_PORTAL_PORT", "0");
    env.putAll(overrides);
    GatewayConfig config = ConfigLoader.load(Path.of("config/gateway.yaml"), env);
    Vertx vertx = vn.egov.gateway.ops.MeteredVertx.create(BlockedThreadWatch.options());
    try {
      DevStack stack = DevStack.start(vertx, config, env, Clock.systemUTC()).await();
      DevStackHarness h = new DevStackHarness(vertx, stack, "http://localhost:" + gw, "http://localhost:" + idp);
      // Start-up loads classes on the event loop (Vert.x's own listen); serving is what is measured.
      h.blockedMark = BlockedThreadWatch.mark();
      return h;
    } catch (RuntimeException e) {
      vertx.close().await();
      throw e;
    }
  }

  public String gatewayUrl() {
    return gatewayUrl;
  }

  public String vneidUrl() {
    return vneidUrl;
  }

  /** The demo portal's base URL, e.g. {@code http://localhost:41234}. */
  public String portalUrl() {
    return stack.portal().baseUrl();
  }

  public Vertx vertx() {
    return vertx;
  }

  public DevStack stack() {
    return stack;
  }

  @Override
  public void close() {
    vertx.close().await();
    BlockedThreadWatch.assertNoneSince(blockedMark);
  }
}
