package vn.egov.gateway.ops;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.util.Locale;
import vn.egov.gateway.web.Problem;

/**
 * Cross-site request forgery guard for the ops API's state-changing calls. A browser sends an ops
 * user's Basic credentials by itself to any request for the gateway, also one a hostile page
 * starts (a form post), so a POST must prove it comes from the ops dashboard or a script:
 * <ul>
 *   <li>it carries {@code X-Requested-With} (any value): a cross-origin page can only add such a
 *   header through a CORS preflight, which the gateway never grants;</li>
 *   <li>and, as a second line, when the browser says where it comes from ({@code Sec-Fetch-Site},
 *   W3C Fetch Metadata; {@code Origin}, RFC 6454), that is this very origin.</li>
 * </ul>
 * Scripts (curl) send neither Fetch Metadata nor {@code Origin}; they add the one header.
 * Safe methods pass untouched.
 */
public interface OpsRequestGuard extends Handler<RoutingContext> {
  String HEADER = "X-Requested-With";

  static OpsRequestGuard create() {
    return ctx -> {
      HttpServerRequest req = ctx.request();
      HttpMethod m = req.method();
      if (m == HttpMethod.GET || m == HttpMethod.HEAD || m == HttpMethod.OPTIONS) {
        ctx.next();
        return;
      }
      String site = req.getHeader("Sec-Fetch-Site");
      if (site != null && !site.equalsIgnoreCase("same-origin")) {
        refuse(ctx, "the request came from another site (Sec-Fetch-Site: " + site.toLowerCase(Locale.ROOT).replaceAll("[^a-z-]", "") + ")");
        return;
      }
      String origin = req.getHeader("Origin");
      if (origin != null && !sameOrigin(origin, req.authority())) {
        refuse(ctx, "the request came from another origin");
        return;
      }
      String marker = req.getHeader(HEADER);
      if (marker == null || marker.isBlank()) {
        refuse(ctx, "send the header " + HEADER + " (any value) with ops API calls that change state");
        return;
      }
      ctx.next();
    };
  }

  /** The Origin's host and port against the Host the request was sent to (behind a proxy, the one it forwards). */
  private static boolean sameOrigin(String origin, HostAndPort host) {
    if (host == null || origin.equals("null")) return false;
    try {
      URI o = new URI(origin);
      if (o.getHost() == null || o.getScheme() == null) return false;
      int defaultPort = "https".equalsIgnoreCase(o.getScheme()) ? 443 : 80;
      int originPort = o.getPort() < 0 ? defaultPort : o.getPort();
      int hostPort = host.port() < 0 ? defaultPort : host.port();
      return o.getHost().equalsIgnoreCase(host.host()) && originPort == hostPort;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  private static void refuse(RoutingContext ctx, String detail) {
    ctx.fail(Problem.of(403, "cross-site-request", "Yêu cầu không xuất phát từ bảng điều khiển vận hành",
        "The request did not come from the ops dashboard").withDetail(detail).exception());
  }
}
