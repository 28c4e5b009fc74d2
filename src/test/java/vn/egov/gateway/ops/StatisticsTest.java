package vn.egov.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.egov.gateway.dossier.NewSubmission;
import vn.egov.gateway.dossier.PeriodCounts;
import vn.egov.gateway.dossier.WorkingCalendar;
import vn.egov.gateway.store.Database;
import vn.egov.gateway.store.SqlDossierStore;
import vn.egov.gateway.store.StoreOptions;

/**
 * The city report's figures, computed from stored histories, reproduce a known quarter exactly:
 * Hà Nội's Q2/2022 proportions scaled down (909 resolved of which 2 late: 99.78% on time), with
 * dossiers carried over from before the quarter and some received after it that must not count.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatisticsTest {
  static final String AGENCY = "000.21.30.H26";
  static final String PROCEDURE = "1.001612";
  static final String OTHER_PROCEDURE = "2.000720";
  private Vertx vertx;
  private Database db;
  private SqlDossierStore store;

  @BeforeAll
  void seed() {
    vertx = Vertx.vertx();
    db = Database.open(vertx, StoreOptions.embeddedMemory("stats-" + UUID.randomUUID())).await();
    store = new SqlDossierStore(db);
    List<Future<?>> all = new ArrayList<>();
    // In Q2 2026, procedure 1.001612: 500 early, 405 on time, 2 late, 21 open within time, 3 overdue.
    for (int i = 0; i < 500; i++) all.add(dossier(PROCEDURE, at(2026, 4, 6, 9), Outcome.EARLY));
    for (int i = 0; i < 405; i++) all.add(dossier(PROCEDURE, at(2026, 5, 4, 9), Outcome.ON_TIME));
    for (int i = 0; i < 2; i++) all.add(dossier(PROCEDURE, at(2026, 5, 11, 9), Outcome.LATE));
    for (int i = 0; i < 21; i++) all.add(dossier(PROCEDURE, at(2026, 6, 29, 9), Outcome.OPEN));
    for (int i = 0; i < 3; i++) all.add(dossier(PROCEDURE, at(2026, 6, 1, 9), Outcome.OPEN));
    // Carried over: received in March, still open on 1 April; two close on time in April.
    for (int i = 0; i < 2; i++) all.add(dossier(PROCEDURE, at(2026, 3, 30, 9), Outcome.ON_TIME));
    // Not in the quarter: closed before it began, or received after it ended.
    all.add(dossier(PROCEDURE, at(2026, 3, 2, 9), Outcome.EARLY));
    all.add(dossier(PROCEDURE, at(2026, 7, 1, 9), Outcome.OPEN));
    // Another procedure of the same agency: one resolved late.
    all.add(dossier(OTHER_PROCEDURE, at(2026, 4, 1, 9), Outcome.LATE));
    Future.all(all).await();
  }

  @AfterAll
  void stop() {
    db.close().await();
    vertx.close().await();
  }

  enum Outcome { EARLY, ON_TIME, LATE, OPEN }

  private static Instant at(int y, int m, int d, int hour) {
    return LocalDateTime.of(y, m, d, hour, 0).atZone(WorkingCalendar.ZONE).toInstant();
  }

  /** Received at {@code received}, due five days later at 17:00, closed (status 9) as {@code outcome} says. */
  private Future<?> dossier(String procedure, Instant received, Outcome outcome) {
    Instant due = received.atZone(WorkingCalendar.ZONE).toLocalDate().plusDays(5).atTime(17, 0).atZone(WorkingCalendar.ZONE).toInstant();
    String key = UUID.randomUUID().toString();
    var s = new NewSubmission("portal", key, "h", procedure, AGENCY, "citizen", "sub", "{}", received, due, "test\ntest");
    return store.submit(s).compose(r -> {
      String code = r.receipt().receiptCode();
      return switch (outcome) {
        case EARLY -> store.recordStatus(code, 9, due.minus(Duration.ofDays(1)), "r", null);
        case ON_TIME -> store.recordStatus(code, 9, due.minus(Duration.ofHours(7)), "r", null);
        case LATE -> store.recordStatus(code, 9, due.plus(Duration.ofDays(1)), "r", null);
        case OPEN -> Future.succeededFuture();
      };
    });
  }

  private List<PeriodCounts> quarter() {
    var q = Statistics.Period.parse("2026-Q2");
    return store.countsByPeriod(q.start(), q.end()).await();
  }

  @Test
  void theQuarterIsReproducedExactly() {
    List<PeriodCounts> rows = quarter();
    PeriodCounts p = rows.stream().filter(r -> r.procedureCode().equals(PROCEDURE)).findFirst().orElseThrow();

    assertThat(p.received()).isEqualTo(933);
    assertThat(p.early()).isEqualTo(500);
    assertThat(p.onTime()).isEqualTo(407);
    assertThat(p.late()).isEqualTo(2);
    assertThat(p.resolved()).isEqualTo(909);
    assertThat(p.inTime()).isEqualTo(21);
    assertThat(p.overdue()).isEqualTo(3);
    assertThat(p.received()).isEqualTo(p.resolved() + p.inProgress());
    assertThat(Statistics.onTimePercent(p).toPlainString()).isEqualTo("99.78");
  }

  @Test
  void theJsonReportCarriesRowsAndTheirTotal() {
    var period = Statistics.Period.parse("2026-Q2");
    JsonObject report = Statistics.json(period, quarter(), code -> code.equals(PROCEDURE) ? "Đăng ký hộ kinh doanh" : "");

    assertThat(report.getJsonObject("period").getString("from")).isEqualTo("2026-04-01");
    assertThat(report.getJsonObject("period").getString("to")).isEqualTo("2026-07-01");
    assertThat(report.getJsonArray("rows")).hasSize(2);
    JsonObject total = report.getJsonObject("total");
    assertThat(total.getLong("received")).isEqualTo(934);
    assertThat(total.getJsonObject("resolved").getLong("total")).isEqualTo(910);
    assertThat(total.getJsonObject("resolved").getLong("late")).isEqualTo(3);
    assertThat(total.getJsonObject("inProgress").getLong("total")).isEqualTo(24);
    // 907 / 910 = 99.6703...
    assertThat(total.getString("onTimePercent")).isEqualTo("99.67");
  }

  @Test
  void theCsvReportHasAHeaderOneLinePerRowAndTheTotal() {
    var period = Statistics.Period.parse("2026-Q2");
    String csv = Statistics.csv(period, quarter(), code -> code.equals(PROCEDURE) ? "Đăng ký hộ kinh doanh, cá thể" : "=cmd()");
    String[] lines = csv.split("\r\n");

    assertThat(lines).hasSize(4);
    assertThat(lines[0]).startsWith("period,agency,procedure,procedure_name,received,resolved,");
    assertThat(lines[1]).isEqualTo("2026-Q2,000.21.30.H26,1.001612,\"Đăng ký hộ kinh doanh, cá thể\",933,909,500,407,2,24,21,3,99.78");
    // A name that a spreadsheet would run as a formula is defused.
    assertThat(lines[2]).contains("\"'=cmd()\"");
    assertThat(lines[3]).startsWith("2026-Q2,*,*,,934,910,");
  }

  @Test
  void periodsAreNamedAsReportsNameThem() {
    assertThat(Statistics.Period.parse("2022-Q2")).isEqualTo(new Statistics.Period("2022-Q2", LocalDate.of(2022, 4, 1), LocalDate.of(2022, 7, 1)));
    assertThat(Statistics.Period.parse("2026-11").to()).isEqualTo(LocalDate.of(2026, 12, 1));
    assertThat(Statistics.Period.parse("2025").from()).isEqualTo(LocalDate.of(2025, 1, 1));
    assertThat(Statistics.Period.parse("2026-04-06..2026-04-13").to()).isEqualTo(LocalDate.of(2026, 4, 13));
    // Periods start at midnight in Vietnam: 17:00 UTC the day before.
    assertThat(Statistics.Period.parse("2026-Q2").start()).isEqualTo(Instant.parse("2026-03-31T17:00:00Z"));
    for (String bad : List.of("", "2026-Q5", "2026-13", "Q2", "2026-04-10..2026-04-01", "2026-02-30..2026-03-01",
        "1900-01-01..2026-01-01", "x".repeat(10_000))) {
      assertThatThrownBy(() -> Statistics.Period.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("must").hasMessageNotContaining("x".repeat(100));
    }
  }
}
