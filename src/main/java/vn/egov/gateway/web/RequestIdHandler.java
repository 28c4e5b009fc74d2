package vn.egov.gateway.web;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
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
  /** The key in the request's Vert.x context-local data. */
  String CONTEXT_KEY = "egov.requestId";

  static RequestIdHandler create() {
    return new Impl();
  }

  static String of(RoutingContext ctx) {
    String id = ctx.get(KEY);
    return id == null ? "-" : id;
  }

  /**
   * The id of the request being served on this thread, or {@code null}: Vert.x runs each request
   * on its own duplicated context, which every asynchronous step of that request (client answers,
   * database results, timers set by it) runs on too, so the id follows the request where a
   * thread-local MDC would not. Read by the log encoder and by outbound clients.
   */
  static String current() {
    if (Vertx.currentContext() instanceof ContextInternal c && c.isDuplicate()) {
      Object id = c.localContextData().get(CONTEXT_KEY);
      return id instanceof String s ? s : null;
    }
    return null;
  }

  /** A W3C {@code traceparent} for an outbound call made while serving the current request: same trace, a new span. */
  static String outboundTraceparent() {
    String id = current();
    return id == null ? null : traceparent(id);
  }

  /** A {@code traceparent} in trace {@code traceId} (32 lower-case hex digits) with a fresh span id. */
  static String traceparent(String traceId) {
    long span = java.util.concurrent.ThreadLocalRandom.current().nextLong() | 1L;
    return "00-" + traceId + "-" + String.format("%016x", span) + "-01";
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
      if (Vertx.currentContext() instanceof ContextInternal c && c.isDuplicate()) c.localContextData().put(CONTEXT_KEY, id);
      ctx.response().putHeader("X-Request-Id", id);
      ctx.next();
    }
  }
}
