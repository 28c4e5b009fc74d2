package vn.egov.gateway.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/** Markdown tables from a results directory: the runs with their baselines, then the process facts run.sh recorded. */
final class Report {
  /** Which run is the baseline of which, at the same concurrency. */
  private static final Map<String, String> BASELINE = Map.of(
      "login-returning", "mock-code-flow",
      "login-first-time", "mock-code-flow",
      "refresh", "jwks");

  private Report() {
  }

  static String render(Path dir) throws IOException {
    List<JsonObject> runs = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.filter(f -> f.getFileName().toString().matches("\\d+-.*\\.json")).sorted().toList()) {
        runs.add(new JsonObject(Files.readString(p)));
      }
    }
    StringBuilder b = new StringBuilder();
    b.append("| scenario | conc. | ops/s | p50 ms | p90 ms | p99 ms | max ms | errors | SUT cores | gen. cores | other cores | SUT CPU ms/op | baseline (same conc.) |\n");
    b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (JsonObject r : runs) {
      JsonObject lat = r.getJsonObject("latency", new JsonObject());
      JsonObject cpu = r.getJsonObject("cpu", new JsonObject());
      long errors = r.getJsonObject("errors", new JsonObject()).stream().mapToLong(e -> ((Number) e.getValue()).longValue()).sum();
      String base = "";
      String baseName = BASELINE.get(r.getString("scenario"));
      if (baseName != null) {
        JsonObject bl = runs.stream().filter(x -> baseName.equals(x.getString("scenario"))
            && x.getInteger("concurrency").equals(r.getInteger("concurrency"))).findFirst().orElse(null);
        if (bl != null) {
          JsonObject bll = bl.getJsonObject("latency", new JsonObject());
          base = String.format(Locale.ROOT, "%s: %.0f ops/s, p50 %.2f, p99 %.2f ms", baseName, bl.getDouble("opsPerSecond", 0.0),
              bll.getDouble("p50Ms", 0.0), bll.getDouble("p99Ms", 0.0));
        }
      }
      b.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.2f | %.2f | %.2f | %.2f | %s | %s | %s | %s | %s | %s |%n",
          r.getString("scenario"), r.getInteger("concurrency"), r.getDouble("opsPerSecond", 0.0),
          lat.getDouble("p50Ms", 0.0), lat.getDouble("p90Ms", 0.0), lat.getDouble("p99Ms", 0.0), lat.getDouble("maxMs", 0.0),
          errors == 0 ? "0" : errors + " " + r.getJsonObject("errors").encode(),
          num(cpu.getDouble("sutCores")), num(cpu.getDouble("generatorCores")), num(cpu.getDouble("otherCores")), num(cpu.getDouble("sutCpuMsPerOp")), base));
    }
    // Where a login's time goes: each HTTP exchange of the flow, as the browser or portal sees it.
    List<String> stepNames = new ArrayList<>();
    for (JsonObject r : runs) {
      if (r.getString("scenario").startsWith("login-") || r.getString("scenario").equals("mock-code-flow")) {
        for (String s : r.getJsonObject("steps", new JsonObject()).fieldNames()) if (!stepNames.contains(s)) stepNames.add(s);
      }
    }
    stepNames.sort(Report::stepOrder);
    if (!stepNames.isEmpty()) {
      b.append("\nSteps of the login flows, p50 / p99 ms:\n\n| scenario | conc. |");
      stepNames.forEach(s -> b.append(' ').append(s).append(" |"));
      b.append("\n|---|---:|").append("---:|".repeat(stepNames.size())).append('\n');
      for (JsonObject r : runs) {
        JsonObject steps = r.getJsonObject("steps", new JsonObject());
        if (!r.getString("scenario").startsWith("login-") && !r.getString("scenario").equals("mock-code-flow")) continue;
        b.append("| ").append(r.getString("scenario")).append(" | ").append(r.getInteger("concurrency")).append(" |");
        for (String s : stepNames) {
          JsonObject st = steps.getJsonObject(s);
          b.append(st == null ? " |" : String.format(Locale.ROOT, " %.1f / %.1f |", st.getDouble("p50Ms"), st.getDouble("p99Ms")));
        }
        b.append('\n');
      }
    }
    Path info = dir.resolve("run-info.properties");
    if (Files.exists(info)) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(info)) {
        p.load(r);
      }
      b.append("\n| fact | value |\n|---|---|\n");
      p.stringPropertyNames().stream().sorted().forEach(k -> b.append("| ").append(k).append(" | ").append(p.getProperty(k)).append(" |\n"));
    }
    return b.toString();
  }

  private static final List<String> FLOW = List.of("gw-authorize", "idp-form", "idp-login", "gw-callback", "gw-consent-page",
      "gw-consent-approve", "gw-token", "idp-token");

  private static int stepOrder(String a, String b) {
    return Integer.compare(FLOW.indexOf(a) < 0 ? 99 : FLOW.indexOf(a), FLOW.indexOf(b) < 0 ? 99 : FLOW.indexOf(b));
  }

  private static String num(Double d) {
    return d == null ? "-" : String.format(Locale.ROOT, "%.2f", d);
  }
}
