package vn.egov.gateway.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the CPU of the system under test went, from the {@code jdk.ExecutionSample} events of a
 * JFR recording: by thread, by cost category, by top (self) frame and by project method (inclusive).
 */
final class JfrSummary {
  record Summary(String text, JsonObject json) {
  }

  /** Categories judged on the whole stack, first match wins: expensive operations whose leaves are generic JDK code. */
  private static final String[][] WHOLE_STACK = {
      {"RSA sign (RS256, mock VNeID ID token)", "com.nimbusds.jose.crypto.RSASSASigner."},
      {"RSA verify (RS256, gateway checks the upstream ID token)", "com.nimbusds.jose.crypto.RSASSAVerifier."},
      {"ECDSA sign (ES256, gateway tokens)", "com.nimbusds.jose.crypto.ECDSASigner."},
      {"ECDSA verify (ES256)", "com.nimbusds.jose.crypto.ECDSAVerifier."},
      {"RSA (JDK, other)", "sun.security.rsa."},
      {"EC (JDK, other)", "sun.security.ec."},
      {"SecureRandom", "java.security.SecureRandom."},
      {"SHA-256 / HMAC", "sun.security.provider.DigestBase.", "com.sun.crypto.provider.HmacCore."},
      {"mock: synthetic citizen generation", "vn.egov.gateway.dev.CitizenGenerator."},
      {"store: H2 engine (worker threads)", "org.h2."},
      {"form validation (JSON Schema, domain rules)", "vn.egov.gateway.forms.", "io.vertx.json.schema."},
      {"audit trail (hash chain)", "vn.egov.gateway.audit."},
      {"metrics scrape (GET /metrics, Prometheus text)", "io.prometheus.", "io.micrometer.prometheusmetrics."},
      {"prefill mapping (PrefillMapper, address conversion)", "vn.egov.gateway.prefill.PrefillMapper."},
      {"logging (logback, synchronous console)", "ch.qos.logback.", "org.slf4j."},
      {"HTML pages (Html, Messages, LoginPage)", "vn.egov.gateway.web.Html.", "vn.egov.gateway.web.Messages.",
          "vn.egov.gateway.dev.vneid.LoginPage."},
  };

  /** Categories judged from the leaf down: the first frame that matches one decides. */
  private static final String[][] LEAF_FIRST = {
      {"TLS (JSSE, Netty SslHandler, AES-GCM)", "sun.security.ssl.", "io.netty.handler.ssl.", "com.sun.crypto.provider.",
          "sun.security.util.", "sun.security.x509."},
      {"store: Vert.x SQL/JDBC client", "io.vertx.jdbcclient.", "io.vertx.sqlclient.", "io.vertx.ext.jdbc."},
      {"store: PostgreSQL client (io.vertx.pgclient)", "io.vertx.pgclient."},
      {"JSON (Jackson, Vert.x JSON, Nimbus JSON)", "com.fasterxml.jackson.", "io.vertx.core.json.", "com.nimbusds.jose.shaded.gson.",
          "com.nimbusds.jose.util.JSONObjectUtils", "net.minidev.json."},
      {"Nimbus OAuth/OIDC/JOSE (parse, build)", "com.nimbusds."},
      {"java.net URI/URL encoding", "java.net.URI", "java.net.URLEncoder", "java.net.URLDecoder"},
      {"regex", "java.util.regex."},
      {"HTTP stack (Netty, Vert.x core/web)", "io.netty.", "io.vertx."},
      {"gateway / mock own code", "vn.egov.gateway."},
  };

  private JfrSummary() {
  }

  static Summary summarise(Path file, int top) throws IOException {
    Map<String, Long> threads = new HashMap<>();
    Map<String, Long> categories = new HashMap<>();
    Map<String, Long> self = new HashMap<>();
    Map<String, Long> project = new HashMap<>();
    Map<String, Long> components = new HashMap<>();
    Map<String, Map<String, Long>> categoriesByThread = new HashMap<>();
    long total = 0;
    try (RecordingFile rf = new RecordingFile(file)) {
      while (rf.hasMoreEvents()) {
        RecordedEvent e = rf.readEvent();
        if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) continue;
        List<RecordedFrame> frames = e.getStackTrace().getFrames();
        if (frames.isEmpty()) continue;
        total++;
        var t = e.getThread("sampledThread");
        String thread = t == null || t.getJavaName() == null ? "?" : t.getJavaName();
        threads.merge(thread, 1L, Long::sum);
        self.merge(name(frames.get(0)), 1L, Long::sum);
        String category = category(frames);
        categories.merge(category, 1L, Long::sum);
        categoriesByThread.computeIfAbsent(thread, k -> new HashMap<>()).merge(category, 1L, Long::sum);
        components.merge(component(frames), 1L, Long::sum);
        Set<String> seen = new HashSet<>();
        for (RecordedFrame f : frames) {
          String n = name(f);
          if (n.startsWith("vn.egov.gateway.") && seen.add(n)) project.merge(n, 1L, Long::sum);
        }
      }
    }
    StringBuilder b = new StringBuilder();
    b.append("JFR execution samples: ").append(total).append(" (").append(file.getFileName()).append(")\n");
    JsonObject json = new JsonObject().put("samples", total);
    json.put("categories", section(b, "cost categories", categories, total, 30));
    json.put("components", section(b, "component (whole stack contains a frame of)", components, total, 10));
    json.put("threads", section(b, "threads", threads, total, 12));
    JsonObject perThread = new JsonObject();
    long all = total;
    threads.entrySet().stream().filter(e -> e.getValue() * 10 >= all).sorted((x, y) -> Long.compare(y.getValue(), x.getValue()))
        .forEach(e -> perThread.put(e.getKey(), section(b, "cost categories on " + e.getKey() + " (share of this thread's samples)",
            categoriesByThread.get(e.getKey()), e.getValue(), 12)));
    json.put("categoriesByThread", perThread);
    json.put("selfFrames", section(b, "top frames (self)", self, total, top));
    json.put("projectMethods", section(b, "project methods (inclusive)", project, total, top));
    return new Summary(b.toString(), json);
  }

  private static JsonObject section(StringBuilder b, String title, Map<String, Long> counts, long total, int top) {
    b.append("\n== ").append(title).append('\n');
    JsonObject j = new JsonObject();
    counts.entrySet().stream().sorted((x, y) -> Long.compare(y.getValue(), x.getValue())).limit(top).forEach(e -> {
      double pct = total == 0 ? 0 : 100.0 * e.getValue() / total;
      b.append(String.format(Locale.ROOT, "%6.1f%%  %6d  %s%n", pct, e.getValue(), e.getKey()));
      j.put(e.getKey(), Math.round(pct * 10) / 10.0);
    });
    return j;
  }

  static String category(List<RecordedFrame> frames) {
    for (String[] c : WHOLE_STACK) {
      for (RecordedFrame f : frames) {
        String n = name(f);
        for (int i = 1; i < c.length; i++) if (n.startsWith(c[i])) return c[0];
      }
    }
    for (RecordedFrame f : frames) {
      String n = name(f);
      for (String[] c : LEAF_FIRST) {
        for (int i = 1; i < c.length; i++) if (n.startsWith(c[i])) return c[0];
      }
    }
    return "other (JDK)";
  }

  private static String component(List<RecordedFrame> frames) {
    boolean mock = false;
    boolean register = false;
    boolean gateway = false;
    for (RecordedFrame f : frames) {
      String n = name(f);
      if (n.startsWith("vn.egov.gateway.dev.register.")) register = true;
      else if (n.startsWith("vn.egov.gateway.dev.")) mock = true;
      else if (n.startsWith("vn.egov.gateway.")) gateway = true;
    }
    if (register) return "mock register (vn.egov.gateway.dev.register.*)";
    if (mock) return "mock VNeID (vn.egov.gateway.dev.*)";
    if (gateway) return "gateway (vn.egov.gateway.*, not dev)";
    return "no project frame (HTTP I/O, routing, JIT/GC helpers)";
  }

  private static String name(RecordedFrame f) {
    var m = f.getMethod();
    return m.getType().getName() + "." + m.getName();
  }
}
