package vn.egov.gateway.ops;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import vn.egov.gateway.dossier.NewSubmission;
import vn.egov.gateway.dossier.WorkingCalendar;
import vn.egov.gateway.store.DossierStore;

/**
 * Dossiers with known report figures, stored through the store's own API as the submission path
 * and the agencies' status reports would store them. In 2026-Q2:
 * <pre>
 * 000.21.30.H26 1.001612  received 8: early 3, on time 2, late 1; open 2 (1 within time, 1 overdue)  83.33 %
 * 000.22.30.H26 1.005099  received 2: on time 1, late 1                                              50.00 %
 * total                   received 10, resolved 8 (early 3, on time 3, late 2), in progress 2          75.00 %
 * </pre>
 * and {@link #today} adds two dossiers received now, one of them already resolved. Blocking: test threads only.
 */
final class OpsSeed {
  static final String AGENCY_A = "000.21.30.H26";
  static final String AGENCY_B = "000.22.30.H26";
  static final String HOUSEHOLD = "1.001612";
  static final String SCHOOL = "1.005099";

  enum Outcome { EARLY, ON_TIME, LATE, OPEN }

  private final DossierStore store;
  final List<String> codes = new ArrayList<>();

  OpsSeed(DossierStore store) {
    this.store = store;
  }

  /** The 2026-Q2 dossiers above; returns this. */
  OpsSeed quarter() {
    for (int i = 0; i < 3; i++) add(HOUSEHOLD, AGENCY_A, at(2026, 4, 6), Outcome.EARLY);
    for (int i = 0; i < 2; i++) add(HOUSEHOLD, AGENCY_A, at(2026, 5, 4), Outcome.ON_TIME);
    add(HOUSEHOLD, AGENCY_A, at(2026, 5, 11), Outcome.LATE);
    add(HOUSEHOLD, AGENCY_A, at(2026, 6, 29), Outcome.OPEN);
    add(HOUSEHOLD, AGENCY_A, at(2026, 6, 1), Outcome.OPEN);
    add(SCHOOL, AGENCY_B, at(2026, 4, 20), Outcome.ON_TIME);
    add(SCHOOL, AGENCY_B, at(2026, 4, 21), Outcome.LATE);
    return this;
  }

  /** Two dossiers received a minute ago, one resolved already (early). */
  OpsSeed today() {
    Instant now = Instant.now().minusSeconds(60);
    add(HOUSEHOLD, AGENCY_A, now, Outcome.OPEN);
    add(HOUSEHOLD, AGENCY_A, now, Outcome.EARLY);
    return this;
  }

  static Instant at(int y, int m, int d) {
    return LocalDateTime.of(y, m, d, 9, 0).atZone(WorkingCalendar.ZONE).toInstant();
  }

  /** Received at {@code received}, due five days later at 17:00 Vietnam time, closed (status 9) as {@code outcome} says. */
  String add(String procedure, String agency, Instant received, Outcome outcome) {
    Instant due = received.atZone(WorkingCalendar.ZONE).toLocalDate().plusDays(5).atTime(17, 0).atZone(WorkingCalendar.ZONE).toInstant();
    var s = new NewSubmission("demo-portal", UUID.randomUUID().toString(), "h", procedure, agency, "citizen", "sub",
        "{\"hoTen\":\"Trần Văn Bình\"}", received, due, "test");
    String code = store.submit(s).await().receipt().receiptCode();
    Instant closed = switch (outcome) {
      case EARLY -> received.plus(Duration.ofSeconds(30));
      case ON_TIME -> due.minus(Duration.ofHours(7));
      case LATE -> due.plus(Duration.ofDays(1));
      case OPEN -> null;
    };
    if (closed != null) store.recordStatus(code, 9, closed, "r-" + code, null).await();
    codes.add(code);
    return code;
  }
}
