package vn.egov.gateway.dossier;

import java.util.Collection;

/**
 * The city report's figures for one agency and procedure over a period [from, to) (DOMAIN.md,
 * Hà Nội Q2/2022): {@code received} = dossiers carried over from before the period plus those
 * received in it; each either closed in the period (resolved: early, on time or late against its
 * due date) or is still open at the end (in progress: within time or overdue). "Early" means closed
 * before the due date's day began (Vietnam time); "on time" in the reports includes early.
 */
public record PeriodCounts(String agencyCode, String procedureCode, long received, long early, long onTime, long late,
                           long inTime, long overdue) {

  public long resolved() {
    return early + onTime + late;
  }

  public long inProgress() {
    return inTime + overdue;
  }

  /** On time including early, as the reports count it. */
  public long resolvedOnTime() {
    return early + onTime;
  }

  /** On-time share of the resolved dossiers (on time includes early), 1 when none was resolved. */
  public double onTimeShare() {
    return resolved() == 0 ? 1.0 : (double) resolvedOnTime() / resolved();
  }

  /** The figures of several rows added up, under the given labels. */
  public static PeriodCounts sum(String agencyCode, String procedureCode, Collection<PeriodCounts> rows) {
    long received = 0, early = 0, onTime = 0, late = 0, inTime = 0, overdue = 0;
    for (PeriodCounts r : rows) {
      received += r.received;
      early += r.early;
      onTime += r.onTime;
      late += r.late;
      inTime += r.inTime;
      overdue += r.overdue;
    }
    return new PeriodCounts(agencyCode, procedureCode, received, early, onTime, late, inTime, overdue);
  }
}
