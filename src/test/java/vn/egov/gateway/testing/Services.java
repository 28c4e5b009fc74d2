package vn.egov.gateway.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Assumptions;

/**
 * The local services some tests need. On a developer machine without them those tests skip with a
 * printed notice; with {@code EGOV_REQUIRE_SERVICES=1} (CI) they fail instead, so they cannot skip silently.
 */
public final class Services {
  public static final String REDIS_URL = System.getenv().getOrDefault("EGOV_TEST_REDIS_URL", "redis://127.0.0.1:6379");

  private Services() {
  }

  public static void requireRedis() {
    require("Redis", "127.0.0.1", 6379);
  }

  public static void requirePostgres() {
    require("PostgreSQL", "127.0.0.1", 5432);
  }

  private static void require(String name, String host, int port) {
    boolean up;
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 500);
      up = true;
    } catch (IOException e) {
      up = false;
    }
    if (up) return;
    if ("1".equals(System.getenv("EGOV_REQUIRE_SERVICES"))) {
      throw new AssertionError(name + " is required (EGOV_REQUIRE_SERVICES=1) but does not answer on " + host + ":" + port);
    }
    System.out.println("SKIPPED: " + name + " does not answer on " + host + ":" + port + "; start it to run this test");
    Assumptions.abort(name + " not available");
  }
}
