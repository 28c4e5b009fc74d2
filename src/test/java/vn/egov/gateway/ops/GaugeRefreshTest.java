package vn.egov.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import vn.egov.gateway.dossier.OutboxStats;
import vn.egov.gateway.dossier.PeriodCounts;
import vn.egov.gateway.testing.Eventually;

/**
 * The store-fed gauges: the outbox is read every {@code ops.gauge-refresh}, the month's statistics
 * (a query over every dossier of the month) only every {@code ops.statistics-refresh}, and what was
 * read is what a scrape shows.
 */
class GaugeRefreshTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void theMonthsStatisticsAreReadOnlyEveryStatisticsRefreshWhileTheOutboxIsReadEveryGaugeRefresh() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    GatewayMetrics metrics = new GatewayMetrics(registry, new Breakers());
    AtomicInteger outboxReads = new AtomicInteger();
    AtomicInteger monthReads = new AtomicInteger();

    metrics.refreshPeriodically(vertx, Duration.ofMillis(20), Duration.ofHours(1), () -> {
      int n = outboxReads.incrementAndGet();
      return Future.succeededFuture(new OutboxStats(n, 0, 0, 0, 0, Duration.ZERO));
    }, () -> {
      monthReads.incrementAndGet();
      return Future.succeededFuture(new PeriodCounts("*", "*", 40, 10, 20, 5, 3, 2));
    });

    Eventually.until(vertx, Duration.ofSeconds(5), "ten outbox refreshes", () -> outboxReads.get() >= 10);
    assertThat(monthReads.get()).as("the month's statistics, read once at start and not again within the hour").isEqualTo(1);
    assertThat(registry.get("egov.period.dossiers").tag("figure", "received").gauge().value()).isEqualTo(40);
    assertThat(registry.get("egov.outbox.jobs").tag("state", "pending").gauge().value()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void theMonthsStatisticsAreReadAgainOnceTheirIntervalHasPassed() {
    GatewayMetrics metrics = new GatewayMetrics(new SimpleMeterRegistry(), new Breakers());
    AtomicInteger outboxReads = new AtomicInteger();
    AtomicInteger monthReads = new AtomicInteger();

    metrics.refreshPeriodically(vertx, Duration.ofMillis(20), Duration.ofMillis(100), () -> {
      outboxReads.incrementAndGet();
      return Future.succeededFuture(new OutboxStats(0, 0, 0, 0, 0, Duration.ZERO));
    }, () -> {
      monthReads.incrementAndGet();
      return Future.succeededFuture(new PeriodCounts("*", "*", 0, 0, 0, 0, 0, 0));
    });

    Eventually.until(vertx, Duration.ofSeconds(5), "the month read three times", () -> monthReads.get() >= 3);
    assertThat(outboxReads.get()).as("the outbox, read at every tick").isGreaterThan(monthReads.get());
  }
}
