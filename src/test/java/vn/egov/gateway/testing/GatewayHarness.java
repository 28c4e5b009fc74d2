package vn.egov.gateway.testing;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import vn.egov.gateway.GatewayStack;
import vn.egov.gateway.config.ConfigLoader;
import vn.egov.gateway.config.GatewayConfig;

/**
 * Starts the real gateway verticle from the shipped dev configuration, on a free port, with
 * environment-style overrides (the same mechanism operators use). Blocking: call from test threads.
 */
public final class GatewayHarness implements AutoCloseable {
  private final Vertx vertx;
  private int blockedMark;
  private final GatewayConfig config;
  private final GatewayStack.Started started;

  private GatewayHarness(Vertx vertx, GatewayConfig config, GatewayStack.Started started) {
    this.vertx = vertx;
    this.config = config;
    this.started = started;
  }

  public static GatewayHarness start(Map<String, String> overrides) {
    int port = FreePorts.next();
    Map<String, String> env = new HashMap<>();
    env.put("EGOV_HTTP_PORT", String.valueOf(port));
    env.put("EGOV_HTTP_PUBLIC_URL", "http://localhost:" + port);
    env.put("EGOV_STORE_PATH", "mem:gateway-" + port);
    env.put("EGOV_AGENCY_API_PORT", String.valueOf(FreePorts.next()));
    env.putAll(overrides);
    GatewayConfig config = ConfigLoader.load(Path.of("config/gateway.yaml"), env);
    Vertx vertx = vn.egov.gateway.ops.MeteredVertx.create(BlockedThreadWatch.options());
    try {
      var started = GatewayStack.deploy(vertx, config, Clock.systemUTC()).await();
      GatewayHarness h = new GatewayHarness(vertx, config, started);
      // Start-up loads classes on the event loop (Vert.x's own listen); serving is what is measured.
      h.blockedMark = BlockedThreadWatch.mark();
      return h;
    } catch (RuntimeException e) {
      vertx.close().await();
      throw e;
    }
  }

  public String baseUrl() {
    return config.issuer().toString();
  }

  public GatewayConfig config() {
    return config;
  }

  public GatewayStack.Started started() {
    return started;
  }

  public Vertx vertx() {
    return vertx;
  }

  @Override
  public void close() {
    vertx.close().await();
    BlockedThreadWatch.assertNoneSince(blockedMark);
  }
}
