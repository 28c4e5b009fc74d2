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
  /** Above this send-lag p99 an open-loop baseline is not a measurement of the register. */
  static final double MAX_BASELINE_SEND_LAG_MS = 5.0;
  /** Which run is the baseline of which, at the same concurrency. */
  private static final Map<String, String> BASELINE = Map.of(
      "login-returning", "mock-code-flow",
      "login-first-time", "mock-code-flow",
      "refresh", "jwks",
      "prefill", "register-direct");

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
    if (!runs.isEmpty()) b.append("| scenario | conc. | ops/s | p50 ms | p90 ms | p99 ms | max ms | errors | SUT cores | gen. cores | other cores | SUT CPU ms/op | baseline (same conc.) |\n");
    if (!runs.isEmpty()) b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    List<JsonObject> open = runs.stream().filter(r -> "open".equals(r.getString("mode"))).toList();
    runs = runs.stream().filter(r -> !"open".equals(r.getString("mode"))).toList();
    List<String> goals = new ArrayList<>();
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
          if (r.getString("scenario").equals("prefill") && bl.getDouble("opsPerSecond", 0.0) > 0) {
            double share = 100 * r.getDouble("opsPerSecond", 0.0) / bl.getDouble("opsPerSecond");
            base += String.format(Locale.ROOT, " (prefill = %.0f %% of it)", share);
            goals.add(String.format(Locale.ROOT, "- prefill throughput at %d users: %.0f/s = **%.0f %%** of register-direct's %.0f/s"
                    + " (goal: at least 70 %%): %s", r.getInteger("concurrency"), r.getDouble("opsPerSecond", 0.0), share,
                bl.getDouble("opsPerSecond"), share >= 70 ? "met" : "NOT met"));
          }
        }
      }
      b.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.2f | %.2f | %.2f | %.2f | %s | %s | %s | %s | %s | %s |%n",
          r.getString("scenario"), r.getInteger("concurrency"), r.getDouble("opsPerSecond", 0.0),
          lat.getDouble("p50Ms", 0.0), lat.getDouble("p90Ms", 0.0), lat.getDouble("p99Ms", 0.0), lat.getDouble("maxMs", 0.0),
          errors == 0 ? "0" : errors + " " + r.getJsonObject("errors").encode(),
          num(cpu.getDouble("sutCores")), num(cpu.getDouble("generatorCores")), num(cpu.getDouble("otherCores")), num(cpu.getDouble("sutCpuMsPerOp")), base));
    }
    if (!open.isEmpty()) {
      b.append("\nOpen loop: requests sent at a constant rate, latency from each one's intended send time"
          + " (coordinated-omission safe); ops/s = answers inside the window:\n\n");
      b.append("| scenario | rate/s | ops/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | errors | send lag p99 / max ms | in flight max"
          + " | SUT cores | gen. cores | other cores | SUT CPU ms/op | added vs register-direct at the same rate, p50 / p99 / p99.9 ms |\n");
      b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
      for (JsonObject r : open) {
        JsonObject lat = r.getJsonObject("latency", new JsonObject());
        JsonObject lag = r.getJsonObject("sendLag", new JsonObject());
        JsonObject cpu = r.getJsonObject("cpu", new JsonObject());
        long errors = r.getJsonObject("errors", new JsonObject()).stream().mapToLong(e -> ((Number) e.getValue()).longValue()).sum();
        String added = "";
        String baseName = BASELINE.get(r.getString("scenario"));
        if (baseName != null) {
          JsonObject bl = open.stream().filter(x -> baseName.equals(x.getString("scenario"))
              && x.getInteger("rate").equals(r.getInteger("rate"))).findFirst().orElse(null);
          if (bl != null) {
            JsonObject bll = bl.getJsonObject("latency", new JsonObject());
            double p50 = lat.getDouble("p50Ms", 0.0) - bll.getDouble("p50Ms", 0.0);
            double p99 = lat.getDouble("p99Ms", 0.0) - bll.getDouble("p99Ms", 0.0);
            double p999 = lat.getDouble("p999Ms", 0.0) - bll.getDouble("p999Ms", 0.0);
            added = String.format(Locale.ROOT, "%+.2f / **%+.2f** / %+.2f", p50, p99, p999);
            long baseErrors = bl.getJsonObject("errors", new JsonObject()).stream().mapToLong(e -> ((Number) e.getValue()).longValue()).sum();
            boolean keptUp = r.getDouble("opsPerSecond", 0.0) >= 0.95 * r.getInteger("rate") && errors == 0 && baseErrors == 0;
            // A baseline whose requests left late measures the generator, not the register: its
            // p99 then says nothing, and a negative "added" must not read as the goal met.
            double baseLag = bl.getJsonObject("sendLag", new JsonObject()).getDouble("p99Ms", 0.0);
            boolean baseValid = baseLag <= MAX_BASELINE_SEND_LAG_MS;
            goals.add(String.format(Locale.ROOT, "- at %d requests/s the gateway adds **%.2f ms at p99** (p50 %+.2f, p99.9 %+.2f) to the"
                    + " direct register read (goal: under 2 ms): %s", r.getInteger("rate"), p99, p50, p999,
                !baseValid ? String.format(Locale.ROOT, "NO VERDICT (the baseline's requests left late: send lag p99 %.1f ms;"
                    + " its latency is the generator's, re-run)", baseLag)
                    : !keptUp ? "NOT met (the gateway did not keep up with the rate, or a run had errors)" : p99 < 2 ? "met" : "NOT met"));
          }
        }
        b.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.2f | %.2f | %.2f | %.2f | %.2f | %s | %.2f / %.2f | %d | %s | %s | %s | %s | %s |%n",
            r.getString("scenario"), r.getInteger("rate"), r.getDouble("opsPerSecond", 0.0), lat.getDouble("p50Ms", 0.0),
            lat.getDouble("p90Ms", 0.0), lat.getDouble("p99Ms", 0.0), lat.getDouble("p999Ms", 0.0), lat.getDouble("maxMs", 0.0),
            errors == 0 ? "0" : errors + " " + r.getJsonObject("errors").encode(), lag.getDouble("p99Ms", 0.0), lag.getDouble("maxMs", 0.0),
            r.getLong("maxInFlight", 0L), num(cpu.getDouble("sutCores")), num(cpu.getDouble("generatorCores")), num(cpu.getDouble("otherCores")),
            num(cpu.getDouble("sutCpuMsPerOp")), added));
      }
    }
    if (!goals.isEmpty()) {
      b.append("\nPrefill against the goals (issue 3, on two cores):\n\n");
      goals.forEach(g -> b.append(g).append('\n'));
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
    b.append(dossiers(dir));
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

  /** The dossier benchmark (DossierBench, dossiers.sh): one row per store, with its in-process store baseline. */
  static String dossiers(Path dir) throws IOException {
    List<JsonObject> runs = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.filter(f -> f.getFileName().toString().matches("dossiers-[a-z0-9]+\\.json")).sorted().toList()) {
        runs.add(new JsonObject(Files.readString(p)));
      }
    }
    if (runs.isEmpty()) return "";
    StringBuilder b = new StringBuilder("\nDossiers (issue 4): accepted through the gateway, delivered to the mock agency (its own process),"
        + " checked there; baseline: the store's own submit transaction called in-process (bench/tools/StoreBaseline.java),"
        + " same count, concurrency and pool:\n\n");
    b.append("| store | dossiers | conc. / rate | accepted/s (steady) | POST p50 / p99 / max ms | delivered/s (steady) | first POST to last"
        + " delivered s | backlog max | errors | lost / dup. / unknown | gateway cores | agency cores | gen. cores | other cores"
        + " | gateway CPU ms/dossier | baseline: submits/s, p50 / p99 ms | gateway = % of baseline |\n");
    b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|\n");
    List<String> goals = new ArrayList<>();
    for (JsonObject r : runs) {
      JsonObject lat = r.getJsonObject("postLatency", new JsonObject());
      JsonObject cpu = r.getJsonObject("cpu", new JsonObject());
      JsonObject c = r.getJsonObject("check", new JsonObject());
      long errors = r.getJsonObject("errors", new JsonObject()).stream().mapToLong(e -> ((Number) e.getValue()).longValue()).sum();
      Path basePath = dir.resolve("baseline-" + r.getString("store") + ".json");
      String base = "-";
      String share = "-";
      if (Files.exists(basePath)) {
        JsonObject bl = new JsonObject(Files.readString(basePath));
        JsonObject bll = bl.getJsonObject("latency", new JsonObject());
        base = String.format(Locale.ROOT, "%.0f/s (steady %.0f), %.2f / %.2f; machine %.2f cores busy", bl.getDouble("perSecond", 0.0),
            bl.getDouble("perSecondSteady", 0.0), bll.getDouble("p50Ms", 0.0), bll.getDouble("p99Ms", 0.0),
            bl.getDouble("machineBusyCores", 0.0));
        if (bl.getDouble("perSecondSteady", 0.0) > 0) {
          share = String.format(Locale.ROOT, "%.0f %%", 100 * r.getDouble("acceptedPerSecondSteady", 0.0) / bl.getDouble("perSecondSteady"));
        }
      }
      String rate = r.getDouble("rate", 0.0) > 0 ? String.format(Locale.ROOT, "%d / @%.0f", r.getInteger("concurrency"), r.getDouble("rate"))
          : String.valueOf(r.getInteger("concurrency"));
      b.append(String.format(Locale.ROOT, "| %s | %,d | %s | %.1f (%.1f) | %.2f / %.2f / %.2f | %s (%.1f) | %.1f | %d | %s | %d / %d / %d"
              + " | %s | %s | %s | %s | %s | %s | %s |%n",
          r.getString("store"), r.getInteger("accepted"), rate, r.getDouble("acceptedPerSecond", 0.0),
          r.getDouble("acceptedPerSecondSteady", 0.0), lat.getDouble("p50Ms", 0.0), lat.getDouble("p99Ms", 0.0), lat.getDouble("maxMs", 0.0),
          r.getValue("deliveredPerSecond") == null ? "not all delivered" : String.format(Locale.ROOT, "%.1f", r.getDouble("deliveredPerSecond")),
          r.getDouble("deliveredPerSecondSteady", 0.0), r.getDouble("firstPostToLastDeliveredSeconds", -1.0), r.getLong("maxBacklog", 0L),
          errors == 0 ? "0" : errors + " " + r.getJsonObject("errors").encode(),
          c.getLong("lost", -1L), c.getLong("duplicated", -1L), c.getLong("unknown", -1L),
          num(cpu.getDouble("sutCores")), num(cpu.getDouble("agencyCores")), num(cpu.getDouble("generatorCores")),
          num(cpu.getDouble("otherCores")), num(cpu.getDouble("sutCpuMsPerOp")), base, share));
      double steady = Math.min(r.getDouble("acceptedPerSecondSteady", 0.0), r.getDouble("deliveredPerSecondSteady", 0.0));
      if (steady > 0) {
        goals.add(String.format(Locale.ROOT, "- %s: %,d dossiers accepted and delivered, first POST to last delivery %.1f s; at the"
                + " steady %.0f/s (the lower of accepted and delivered) a quarter of Hà Nội (1,059,072) would take %.1f min"
                + " (goal: at least 1,200/s, under 15 min): %s", r.getString("store"), r.getInteger("accepted"),
            r.getDouble("firstPostToLastDeliveredSeconds", -1.0), steady, 1_059_072 / steady / 60, steady >= 1200 ? "met" : "NOT met"));
      }
    }
    if (!goals.isEmpty()) {
      b.append('\n');
      goals.forEach(g -> b.append(g).append('\n'));
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
