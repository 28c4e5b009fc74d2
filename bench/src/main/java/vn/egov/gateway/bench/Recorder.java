package vn.egov.gateway.bench;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Latencies and errors of one lane (one event-loop thread: no locking). Only what completes inside
 * the measurement window counts; errors before it are kept apart as warm-up errors.
 */
final class Recorder {
  private static final long MAX_MICROS = 120_000_000L;

  final Histogram total = new Histogram(MAX_MICROS, 3);
  /** Open loop: how late each request left the generator after its intended send time. */
  final Histogram sendLag = new Histogram(MAX_MICROS, 3);
  final Map<String, Histogram> steps = new LinkedHashMap<>();
  final Map<String, Long> errors = new TreeMap<>();
  final Map<String, Long> warmupErrors = new TreeMap<>();
  final Map<String, String> errorSamples = new TreeMap<>();
  long ops;
  long uncounted;
  /** Open loop: successful answers that arrived inside the window, whenever they were sent (the throughput). */
  long completedInWindow;
  volatile long windowStart = Long.MAX_VALUE;
  volatile long windowEnd = Long.MAX_VALUE;
  /**
   * Open loop: per second of the window (by intended send time), the worst latency in µs and the
   * requests slower than {@link #SLOW_MICROS}. A stall shows as one bad second, queueing as many.
   */
  final java.util.TreeMap<Long, long[]> seconds = new java.util.TreeMap<>();
  static final long SLOW_MICROS = 10_000;

  private boolean inWindow(long endNanos) {
    return endNanos >= windowStart && endNanos <= windowEnd;
  }

  void done(long startNanos, long endNanos, boolean counted) {
    if (!inWindow(endNanos)) return;
    if (!counted) {
      uncounted++;
      return;
    }
    ops++;
    total.recordValue(Math.min(MAX_MICROS, Math.max(1, (endNanos - startNanos) / 1000)));
  }

  /**
   * Open loop: a request scheduled for {@code intended}, sent at {@code sent}, answered at {@code
   * end}. Its latency is counted from the intended send time (no coordinated omission: a stalled
   * server or generator delays the requests due meanwhile, and they are charged for it), and it is
   * counted when it was scheduled inside the window, however late it was answered.
   */
  void openDone(long intended, long sent, long end) {
    if (end >= windowStart && end <= windowEnd) completedInWindow++;
    if (!inWindow(intended)) return;
    ops++;
    long micros = Math.min(MAX_MICROS, Math.max(1, (end - intended) / 1000));
    total.recordValue(micros);
    long[] second = seconds.computeIfAbsent((intended - windowStart) / 1_000_000_000L, k -> new long[2]);
    second[0] = Math.max(second[0], micros);
    if (micros > SLOW_MICROS) second[1]++;
    sendLag.recordValue(Math.min(MAX_MICROS, Math.max(0, (sent - intended) / 1000)));
  }

  void step(String name, long startNanos, long endNanos) {
    if (!inWindow(endNanos)) return;
    steps.computeIfAbsent(name, k -> new Histogram(MAX_MICROS, 3))
        .recordValue(Math.min(MAX_MICROS, Math.max(1, (endNanos - startNanos) / 1000)));
  }

  void error(long endNanos, String kind, String detail) {
    boolean counted = inWindow(endNanos);
    // Errors after the window are not figures, but an error-free claim must not hide them either.
    (counted || endNanos > windowEnd ? errors : warmupErrors).merge(kind, 1L, Long::sum);
    errorSamples.putIfAbsent(kind, detail == null ? "" : detail.length() > 300 ? detail.substring(0, 300) : detail);
  }

  void add(Recorder o) {
    total.add(o.total);
    sendLag.add(o.sendLag);
    completedInWindow += o.completedInWindow;
    o.steps.forEach((k, h) -> steps.computeIfAbsent(k, x -> new Histogram(MAX_MICROS, 3)).add(h));
    o.errors.forEach((k, v) -> errors.merge(k, v, Long::sum));
    o.warmupErrors.forEach((k, v) -> warmupErrors.merge(k, v, Long::sum));
    o.errorSamples.forEach(errorSamples::putIfAbsent);
    o.seconds.forEach((k, v) -> {
      long[] mine = seconds.computeIfAbsent(k, x -> new long[2]);
      mine[0] = Math.max(mine[0], v[0]);
      mine[1] += v[1];
    });
    ops += o.ops;
    uncounted += o.uncounted;
  }

  static JsonObject latency(Histogram h) {
    return new JsonObject()
        .put("count", h.getTotalCount())
        .put("meanMs", ms(Math.round(h.getMean())))
        .put("p50Ms", ms(h.getValueAtPercentile(50)))
        .put("p90Ms", ms(h.getValueAtPercentile(90)))
        .put("p99Ms", ms(h.getValueAtPercentile(99)))
        .put("p999Ms", ms(h.getValueAtPercentile(99.9)))
        .put("maxMs", ms(h.getMaxValue()));
  }

  /** The worst seconds of an open-loop window, worst first: {@code [{second, maxMs, slowerThan10Ms}]}. */
  io.vertx.core.json.JsonArray worstSeconds(int n) {
    var out = new io.vertx.core.json.JsonArray();
    seconds.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0])).limit(n)
        .forEach(e -> out.add(new JsonObject().put("second", e.getKey()).put("maxMs", ms(e.getValue()[0]))
            .put("slowerThan10Ms", e.getValue()[1])));
    return out;
  }

  private static double ms(long micros) {
    return Math.round(micros / 10.0) / 100.0;
  }
}
