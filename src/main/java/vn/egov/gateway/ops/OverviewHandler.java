package vn.egov.gateway.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import vn.egov.gateway.dossier.OutboxStats;
import vn.egov.gateway.dossier.PeriodCounts;
import vn.egov.gateway.dossier.WorkingCalendar;
import vn.egov.gateway.store.DossierStore;

/**
 * {@code GET /ops/v1/overview}: the dashboard's live figures in one answer: the delivery queue,
 * today's and this month's report figures (Vietnam time), readiness, breakers, and this
 * instance's counters since it started. One evaluation is shared for {@link #CACHE_MILLIS} by
 * every caller of this instance, so many open dashboards cost the store one round of queries.
 * One handler per verticle instance: its cache is only touched from that instance's event loop.
 */
public final class OverviewHandler {
  static final long CACHE_MILLIS = 2_000;

  private final DossierStore store;
  private final OpsComponents ops;
  private final Clock clock;
  private final Instant started;
  private Future<JsonObject> last;
  private long lastAt;

  public OverviewHandler(DossierStore store, OpsComponents ops, Clock clock) {
    this.store = store;
    this.ops = ops;
    this.clock = clock;
    this.started = clock.instant();
  }

  public void overview(RoutingContext ctx) {
    current().onSuccess(body -> ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
        .end(body.toBuffer())).onFailure(ctx::fail);
  }

  private Future<JsonObject> current() {
    long now = System.nanoTime();
    if (last != null && (!last.isComplete() || (last.succeeded() && now - lastAt < CACHE_MILLIS * 1_000_000))) return last;
    lastAt = now;
    last = evaluate();
    return last;
  }

  private Future<JsonObject> evaluate() {
    Instant now = clock.instant();
    LocalDate today = LocalDate.ofInstant(now, WorkingCalendar.ZONE);
    YearMonth month = YearMonth.from(today);
    var day = new Statistics.Period(today.toString(), today, today.plusDays(1));
    var thisMonth = Statistics.Period.parse(month.toString());
    Future<OutboxStats> outbox = store.outboxStats(now);
    Future<List<PeriodCounts>> dayRows = store.countsByPeriod(day.start(), day.end());
    Future<List<PeriodCounts>> monthRows = store.countsByPeriod(thisMonth.start(), thisMonth.end());
    Future<JsonObject> readiness = ops.readiness().status().map(r -> r.toJson())
        .otherwise(e -> new JsonObject().put("status", "DOWN").put("error", Readiness.safe(e)));
    return Future.all(outbox, dayRows, monthRows, readiness).map(all -> new JsonObject()
        .put("at", now.toString())
        .put("timeZone", WorkingCalendar.ZONE.getId())
        .put("outbox", outbox(outbox.result()))
        .put("today", figures(day, dayRows.result()))
        .put("month", figures(thisMonth, monthRows.result()))
        .put("readiness", readiness(readiness.result()))
        .put("breakers", new JsonObject(new java.util.LinkedHashMap<String, Object>(ops.breakers().all())))
        .put("instance", new JsonObject().put("since", started.toString()).put("counters", counters(ops.metrics().registry()))));
  }

  private static JsonObject outbox(OutboxStats s) {
    return new JsonObject()
        .put("pending", s.pending())
        .put("inFlight", s.inFlight())
        .put("delivered", s.delivered())
        .put("dead", s.dead())
        .put("due", s.due())
        // Every accepted dossier has one delivery job: the jobs are the dossiers accepted so far.
        .put("accepted", s.pending() + s.inFlight() + s.delivered() + s.dead())
        .put("oldestPendingAgeSeconds", s.oldestPendingAge().toSeconds());
  }

  private static JsonObject figures(Statistics.Period period, List<PeriodCounts> rows) {
    PeriodCounts c = PeriodCounts.sum("*", "*", rows);
    return new JsonObject()
        .put("period", period.name())
        .put("received", c.received())
        .put("resolved", c.resolved())
        .put("onTime", c.resolvedOnTime())
        .put("late", c.late())
        .put("inProgress", c.inProgress())
        .put("overdue", c.overdue())
        .put("onTimePercent", Statistics.onTimePercent(c).toPlainString());
  }

  /** The readiness verdict as {@code /health/ready} gives it, each check with its status and safe detail. */
  private static JsonObject readiness(JsonObject r) {
    JsonArray checks = new JsonArray();
    JsonArray given = r.getJsonArray("checks", new JsonArray());
    for (int i = 0; i < given.size(); i++) {
      JsonObject c = given.getJsonObject(i);
      checks.add(new JsonObject().put("id", c.getString("id")).put("status", c.getString("status"))
          .put("data", c.getJsonObject("data", new JsonObject())));
    }
    JsonObject out = new JsonObject().put("status", r.getString("status", r.getString("outcome", "DOWN"))).put("checks", checks);
    if (r.containsKey("error")) out.put("error", r.getString("error"));
    return out;
  }

  /** The domain counters of this instance, summed per name and outcome or state label. */
  private static JsonObject counters(MeterRegistry registry) {
    return new JsonObject()
        .put("logins", byTag(registry, "egov.logins", "outcome"))
        .put("prefills", byTag(registry, "egov.prefills", "outcome"))
        .put("dossiers", byTag(registry, "egov.dossiers", "state"))
        .put("deliveryAttempts", byTag(registry, "egov.delivery.attempts", "outcome"));
  }

  private static JsonObject byTag(MeterRegistry registry, String name, String tag) {
    JsonObject out = new JsonObject();
    for (Counter c : registry.find(name).counters()) {
      String key = c.getId().getTag(tag);
      if (key == null) key = "none";
      out.put(key, out.getLong(key, 0L) + (long) c.count());
    }
    return out;
  }
}
