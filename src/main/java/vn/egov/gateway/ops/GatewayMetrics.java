package vn.egov.gateway.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.egov.gateway.dossier.OutboxStats;
import vn.egov.gateway.dossier.PeriodCounts;

/**
 * The gateway's domain metrics, next to the HTTP series Vert.x records itself. Components call the
 * small methods below; label values must come from bounded sets (outcomes named here, procedure
 * and agency codes from config, error codes from the rules), never from user input.
 *
 * <pre>
 * egov_logins_total{outcome,level}               login(outcome, level)      outcome: success|denied|failed|unmet_level
 * egov_consents_total{decision}                  consent(approved)
 * egov_prefills_total{procedure,outcome}         prefill(procedure, outcome) outcome: success|consent_required|insufficient_level|register_error|failed
 * egov_validation_failures_total{code}           validationFailure(code)    one per error in a refused form
 * egov_dossiers_total{state}                     dossier(state)             a dossier entering a state (accepted, delivered, dead_letter, status_N, overdue)
 * egov_delivery_attempts_total{agency,outcome}   deliveryAttempt(agency, outcome, took)  outcome: delivered|retry|rejected|dead_letter
 * egov_delivery_duration_seconds{agency}         (same call)
 * egov_outbox_jobs{state}                        pending|in_flight|due|dead, refreshed from the store every ops.gauge-refresh
 * egov_outbox_oldest_age_seconds                 oldest undelivered job's wait
 * egov_breaker_state{breaker}                    0 closed, 1 half open, 2 open (population-register, agency:CODE)
 * egov_period_dossiers{figure}                   this month: received|resolved|on_time|late|in_progress|overdue, refreshed every ops.statistics-refresh
 * egov_on_time_ratio                             this month's on-time share of resolved dossiers (early counts as on time)
 * </pre>
 */
public final class GatewayMetrics {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayMetrics.class);

  private final MeterRegistry registry;
  private final Breakers breakers;
  private final AtomicReference<OutboxStats> outbox = new AtomicReference<>();
  private final AtomicReference<PeriodCounts> month = new AtomicReference<>();
  private final AtomicBoolean refreshing = new AtomicBoolean();
  /** When this month's statistics were last asked for ({@link System#nanoTime}); null: never. Read and written by the refresh timer only. */
  private Long monthAskedAt;
  private final MultiGauge breakerGauge;

  public GatewayMetrics(MeterRegistry registry, Breakers breakers) {
    this.registry = registry;
    this.breakers = breakers;
    for (String state : List.of("pending", "in_flight", "due", "dead")) {
      Gauge.builder("egov.outbox.jobs", outbox, ref -> outboxValue(ref.get(), state)).tag("state", state)
          .description("Delivery jobs in the outbox by state").register(registry);
    }
    Gauge.builder("egov.outbox.oldest.age", outbox, ref -> ref.get() == null ? 0 : ref.get().oldestPendingAge().toMillis() / 1000.0)
        .baseUnit("seconds").description("How long the oldest undelivered job has waited").register(registry);
    for (String figure : List.of("received", "resolved", "on_time", "late", "in_progress", "overdue")) {
      Gauge.builder("egov.period.dossiers", month, ref -> periodValue(ref.get(), figure)).tag("figure", figure)
          .description("This month's report figures").register(registry);
    }
    Gauge.builder("egov.on.time.ratio", month, ref -> ref.get() == null ? 1.0 : ref.get().onTimeShare())
        .description("This month's on-time share of resolved dossiers").register(registry);
    breakerGauge = MultiGauge.builder("egov.breaker.state").description("0 closed, 1 half open, 2 open").register(registry);
    refreshBreakers();
  }

  /** Domain metrics only, in a registry of their own: for a Vert.x instance created without metrics. */
  public static GatewayMetrics create(Vertx vertx, Breakers breakers) {
    MeterRegistry registry = MeteredVertx.registry(vertx).<MeterRegistry>map(r -> r)
        .orElseGet(() -> new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    return new GatewayMetrics(registry, breakers);
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void login(String outcome, String level) {
    Counter.builder("egov.logins").description("Brokered logins by outcome and assurance level")
        .tags("outcome", bounded(outcome), "level", bounded(level == null ? "none" : level)).register(registry).increment();
  }

  public void consent(boolean approved) {
    Counter.builder("egov.consents").tags("decision", approved ? "approved" : "denied").register(registry).increment();
  }

  public void prefill(String procedure, String outcome) {
    Counter.builder("egov.prefills").description("Prefill requests by procedure and outcome")
        .tags("procedure", bounded(procedure), "outcome", bounded(outcome)).register(registry).increment();
  }

  public void validationFailure(String code) {
    Counter.builder("egov.validation.failures").description("Validation errors by stable error code")
        .tags("code", bounded(code)).register(registry).increment();
  }

  public void dossier(String state) {
    Counter.builder("egov.dossiers").description("Dossiers entering a state").tags("state", bounded(state))
        .register(registry).increment();
  }

  public void deliveryAttempt(String agency, String outcome, Duration took) {
    Counter.builder("egov.delivery.attempts").description("Delivery attempts to agencies by outcome")
        .tags("agency", bounded(agency), "outcome", bounded(outcome)).register(registry).increment();
    if (took != null) {
      Timer.builder("egov.delivery.duration").tags("agency", bounded(agency)).publishPercentileHistogram()
          .register(registry).record(took);
    }
  }

  /** Sets the outbox figures directly (tests, or a forwarder that already holds them). */
  public void outbox(OutboxStats stats) {
    outbox.set(stats);
  }

  public void period(PeriodCounts counts) {
    month.set(counts);
  }

  /**
   * Refreshes the store-fed gauges, never on a scrape (a scrape storm must not become a query
   * storm): the outbox's every {@code every}, this month's statistics at the first tick and then
   * once {@code statisticsEvery} has passed since they were last asked for (they read every dossier
   * of the month: at a million a month, more than a second of the database's time). One refresh at
   * a time; a failed one keeps the last figures. Returns the timer id.
   */
  public long refreshPeriodically(Vertx vertx, Duration every, Duration statisticsEvery, Supplier<Future<OutboxStats>> outboxStats,
      Supplier<Future<PeriodCounts>> thisMonth) {
    Runnable tick = () -> {
      refreshBreakers();
      if (!refreshing.compareAndSet(false, true)) return;
      List<Future<?>> all = new ArrayList<>();
      if (outboxStats != null) all.add(outboxStats.get().onSuccess(outbox::set));
      long now = System.nanoTime();
      if (thisMonth != null && (monthAskedAt == null || now - monthAskedAt >= statisticsEvery.toNanos())) {
        monthAskedAt = now;
        all.add(thisMonth.get().onSuccess(month::set));
      }
      Future.join(all).onComplete(r -> {
        refreshing.set(false);
        if (r.failed()) LOG.warn("metrics refresh from the store failed: {}", r.cause().getMessage());
      });
    };
    vertx.runOnContext(v -> tick.run());
    return vertx.setPeriodic(every.toMillis(), id -> tick.run());
  }

  /** Re-reads every breaker (agencies come and go, so a multi-gauge rather than fixed gauges). */
  public void refreshBreakers() {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    breakers.all().forEach((name, state) -> rows.add(MultiGauge.Row.of(Tags.of("breaker", name), Breakers.level(state))));
    breakerGauge.register(rows, true);
  }

  private static double outboxValue(OutboxStats s, String state) {
    if (s == null) return 0;
    return switch (state) {
      case "pending" -> s.pending();
      case "in_flight" -> s.inFlight();
      case "due" -> s.due();
      default -> s.dead();
    };
  }

  private static double periodValue(PeriodCounts c, String figure) {
    if (c == null) return 0;
    return switch (figure) {
      case "received" -> c.received();
      case "resolved" -> c.resolved();
      case "on_time" -> c.resolvedOnTime();
      case "late" -> c.late();
      case "in_progress" -> c.inProgress();
      default -> c.overdue();
    };
  }

  /** Label values stay short and printable whatever a caller passes. */
  private static String bounded(String v) {
    if (v == null || v.isEmpty()) return "none";
    String s = v.length() > 64 ? v.substring(0, 64) : v;
    return s.replaceAll("[^A-Za-z0-9_.:-]", "_");
  }
}
