package vn.egov.gateway.dev.agency;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.egov.gateway.dossier.ExchangeTime;

/**
 * The agencies' processing: after a dossier is stored, its statuses are reported to the gateway's
 * agency listener one after another, over mutual TLS with the agency's own client certificate
 * (docs/agency-interface.md). The plan is 2 (accepted), 4 (processing), for some dossiers 5 (more
 * documents requested) and 4 again, 9 (resolved), 10 (returned); which dossiers ask for more
 * documents follows from the seed and the receipt code alone. A report that fails (5xx, 408, 425,
 * 429, no connection) is sent again, with the same report id, after a doubling delay up to a
 * minute; another 4xx ends that dossier's progression, logged.
 *
 * <p>Each report's {@code at} is now, but at least one second after the previous one and after the
 * dossier's receipt (the exchange format has whole seconds), so the gateway sees them in order.
 */
final class StatusReporter {
  private static final Logger LOG = LoggerFactory.getLogger(StatusReporter.class);
  private static final Duration MAX_RETRY = Duration.ofMinutes(1);
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private final Vertx vertx;
  private final Map<String, WebClient> clientsByAgency;
  private final URI agencyApi;
  private final MockAgencyConfig.Progression progression;
  private final long seed;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicLong retried = new AtomicLong();
  private final AtomicLong abandoned = new AtomicLong();
  private final AtomicLong finished = new AtomicLong();

  StatusReporter(Vertx vertx, Map<String, WebClient> clientsByAgency, URI agencyApi, MockAgencyConfig.Progression progression,
      long seed) {
    this.vertx = vertx;
    this.clientsByAgency = Map.copyOf(clientsByAgency);
    this.agencyApi = agencyApi;
    this.progression = progression;
    this.seed = seed;
  }

  /** The statuses the agency will report for this dossier, in order: deterministic given the seed. */
  List<Integer> plan(String receiptCode) {
    List<Integer> steps = new ArrayList<>(List.of(2, 4));
    double u = (mix64(seed ^ mix64(receiptCode.hashCode() + GOLDEN_GAMMA)) >>> 11) * 0x1.0p-53;
    if (u < progression.moreDocumentsRate()) steps.addAll(List.of(5, 4));
    steps.addAll(List.of(9, 10));
    return steps;
  }

  /** Starts processing a stored dossier; {@code receivedAt} is its exchange-format receipt time, if given. */
  void start(String agencyCode, String receiptCode, String receivedAt) {
    if (!progression.enabled()) return;
    Instant floor;
    try {
      floor = receivedAt == null ? Instant.EPOCH : ExchangeTime.parse(receivedAt).toInstant();
    } catch (IllegalArgumentException e) {
      floor = Instant.EPOCH;
    }
    Instant start = floor;
    List<Integer> steps = plan(receiptCode);
    after(progression.firstDelay(), () -> step(agencyCode, receiptCode, steps, 0, start));
  }

  private void step(String agencyCode, String receiptCode, List<Integer> steps, int index, Instant previous) {
    if (index >= steps.size()) {
      finished.incrementAndGet();
      return;
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Instant at = now.isAfter(previous) ? now : previous.plusSeconds(1);
    JsonObject report = new JsonObject()
        .put("reportId", "mock-" + receiptCode + "-" + (index + 1))
        .put("status", steps.get(index))
        .put("at", ExchangeTime.format(at));
    if (steps.get(index) == 5) report.put("note", "Đề nghị bổ sung bản sao giấy tờ (mô phỏng)");
    deliver(agencyCode, receiptCode, steps, index, at, report, 0);
  }

  /** Sends one report until the gateway takes it; a retry is the same report, same id and time. */
  private void deliver(String agencyCode, String receiptCode, List<Integer> steps, int index, Instant at, JsonObject report,
      int attempt) {
    sent.incrementAndGet();
    send(agencyCode, receiptCode, report).onComplete(ar -> {
      int status = ar.succeeded() ? ar.result().statusCode() : 0;
      if (status == 200) {
        acknowledged.incrementAndGet();
        after(progression.stepDelay(), () -> step(agencyCode, receiptCode, steps, index + 1, at));
      } else if (status == 0 || status >= 500 || status == 408 || status == 425 || status == 429) {
        retried.incrementAndGet();
        Duration wait = progression.retryDelay().multipliedBy(1L << Math.min(attempt, 16));
        if (wait.compareTo(MAX_RETRY) > 0) wait = MAX_RETRY;
        LOG.debug("status report {} failed ({}), retrying in {}", report.getString("reportId"),
            ar.succeeded() ? status : ar.cause().toString(), wait);
        vertx.setTimer(Math.max(1, wait.toMillis()), id -> deliver(agencyCode, receiptCode, steps, index, at, report, attempt + 1));
      } else {
        abandoned.incrementAndGet();
        LOG.warn("status report {} refused by the gateway with {}: {}", report.getString("reportId"), status,
            ar.result().bodyAsString());
      }
    });
  }

  private Future<HttpResponse<Buffer>> send(String agencyCode, String receiptCode, JsonObject report) {
    WebClient client = clientsByAgency.get(agencyCode);
    boolean tls = "https".equals(agencyApi.getScheme());
    int port = agencyApi.getPort() > 0 ? agencyApi.getPort() : (tls ? 443 : 80);
    String base = agencyApi.getRawPath() == null ? "" : agencyApi.getRawPath().replaceAll("/+$", "");
    return client.post(port, agencyApi.getHost(), base + "/agency/v1/dossiers/" + receiptCode + "/status")
        .ssl(tls)
        .timeout(10_000)
        .putHeader("Content-Type", "application/json")
        .sendBuffer(report.toBuffer());
  }

  private void after(Duration delay, Runnable action) {
    if (delay.isZero()) {
      vertx.runOnContext(v -> action.run());
    } else {
      vertx.setTimer(delay.toMillis(), id -> action.run());
    }
  }

  JsonObject stats() {
    return new JsonObject().put("sent", sent.get()).put("acknowledged", acknowledged.get()).put("retried", retried.get())
        .put("abandoned", abandoned.get()).put("finished", finished.get());
  }

  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
