package vn.egov.gateway.web;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Gives each request an id that follows it across components: the trace id of an incoming W3C
 * {@code traceparent} when it is well formed, a fresh one otherwise. Echoed as {@code X-Request-Id}.
 */
public interface RequestIdHandler extends Handler<RoutingContext> {
  String KEY = "requestId";

  static RequestIdHandler create() {
    return new Impl();
  }

  static String of(RoutingContext ctx) {
    String id = ctx.get(KEY);
    return id == null ? "-" : id;
  }

  final class Impl implements RequestIdHandler {
    // W3C Trace Context section 3.2: version-traceid-parentid-flags, lower-case hex.
    private static final Pattern TRACEPARENT = Pattern.compile("^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$");
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public void handle(RoutingContext ctx) {
      String header = ctx.request().getHeader("traceparent");
      String id = null;
      if (header != null) {
        var m = TRACEPARENT.matcher(header.trim());
        if (m.matches() && !m.group(1).equals("0".repeat(32))) id = m.group(1);
      }
      if (id == null) {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        id = HexFormat.of().formatHex(b);
      }
      ctx.put(KEY, id);
      ctx.response().putHeader("X-Request-Id", id);
      ctx.next();
    }
  }
}
