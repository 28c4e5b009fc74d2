package vn.egov.gateway.ops;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import vn.egov.gateway.dossier.PeriodCounts;
import vn.egov.gateway.dossier.WorkingCalendar;

/**
 * The processing statistics city governments publish (DOMAIN.md: received = resolved + in progress;
 * on-time share = on time including early / resolved), per agency and procedure over a period,
 * from the stored dossier histories ({@code DossierStore.countsByPeriod}), as JSON or CSV.
 */
public final class Statistics {
  private static final Pattern QUARTER = Pattern.compile("(\\d{4})-Q([1-4])");
  private static final Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");
  private static final Pattern YEAR = Pattern.compile("\\d{4}");

  private Statistics() {
  }

  /** A reporting period [from, to) in Vietnam time, named as the reports name it. */
  public record Period(String name, LocalDate from, LocalDate to) {
    public Instant start() {
      return from.atStartOfDay(WorkingCalendar.ZONE).toInstant();
    }

    public Instant end() {
      return to.atStartOfDay(WorkingCalendar.ZONE).toInstant();
    }

    /**
     * {@code 2026-Q2}, {@code 2026-11}, {@code 2026}, or {@code FROM..TO} (ISO dates, TO exclusive).
     *
     * @throws IllegalArgumentException saying what is accepted
     */
    public static Period parse(String text) {
      String t = text == null ? "" : text.trim();
      try {
        Matcher q = QUARTER.matcher(t);
        if (q.matches()) {
          LocalDate from = LocalDate.of(Integer.parseInt(q.group(1)), 3 * Integer.parseInt(q.group(2)) - 2, 1);
          return new Period(t, from, from.plusMonths(3));
        }
        if (MONTH.matcher(t).matches()) {
          YearMonth m = YearMonth.parse(t);
          return new Period(t, m.atDay(1), m.plusMonths(1).atDay(1));
        }
        if (YEAR.matcher(t).matches()) {
          LocalDate from = LocalDate.of(Integer.parseInt(t), 1, 1);
          return new Period(t, from, from.plusYears(1));
        }
        String[] range = t.split("\\.\\.", -1);
        if (range.length == 2) {
          LocalDate from = LocalDate.parse(range[0]);
          LocalDate to = LocalDate.parse(range[1]);
          if (!to.isAfter(from)) throw new IllegalArgumentException("period " + t + ": the end must be after the start");
          if (from.plusYears(10).isBefore(to)) throw new IllegalArgumentException("period " + t + " must span at most ten years");
          return new Period(t, from, to);
        }
      } catch (DateTimeParseException e) {
        // reported below
      }
      throw new IllegalArgumentException("period '" + (t.length() > 40 ? t.substring(0, 40) : t)
          + "' must be a quarter (2026-Q2), a month (2026-11), a year (2026) or FROM..TO (2026-04-01..2026-07-01)");
    }
  }

  /** On-time share in percent to two decimals (half up), as the reports print it; 100.00 when none was resolved. */
  public static BigDecimal onTimePercent(PeriodCounts c) {
    if (c.resolved() == 0) return new BigDecimal("100.00");
    return BigDecimal.valueOf(c.resolvedOnTime()).multiply(BigDecimal.valueOf(100))
        .divide(BigDecimal.valueOf(c.resolved()), 2, RoundingMode.HALF_UP);
  }

  /** The JSON report: one row per agency and procedure, then the total. */
  public static JsonObject json(Period period, List<PeriodCounts> rows, Function<String, String> procedureName) {
    JsonArray out = new JsonArray();
    for (PeriodCounts r : rows) out.add(row(r, procedureName.apply(r.procedureCode())));
    return new JsonObject()
        .put("period", new JsonObject().put("name", period.name()).put("from", period.from().toString()).put("to", period.to().toString())
            .put("timeZone", WorkingCalendar.ZONE.getId()))
        .put("definitions", new JsonObject()
            .put("received", "carried over open from before the period + received in it = resolved + inProgress")
            .put("onTimePercent", "(early + onTime) / resolved, two decimals; early = closed before the due date's day"))
        .put("rows", out)
        .put("total", row(PeriodCounts.sum("*", "*", rows), null));
  }

  private static JsonObject row(PeriodCounts r, String name) {
    return new JsonObject()
        .put("agency", r.agencyCode())
        .put("procedure", r.procedureCode())
        .put("procedureName", name)
        .put("received", r.received())
        .put("resolved", new JsonObject().put("total", r.resolved()).put("early", r.early()).put("onTime", r.onTime())
            .put("late", r.late()))
        .put("inProgress", new JsonObject().put("total", r.inProgress()).put("withinTime", r.inTime()).put("overdue", r.overdue()))
        .put("onTimePercent", onTimePercent(r).toPlainString());
  }

  /** The same report as CSV (RFC 4180, UTF-8, header row), the total last. */
  public static String csv(Period period, List<PeriodCounts> rows, Function<String, String> procedureName) {
    StringBuilder out = new StringBuilder("period,agency,procedure,procedure_name,received,resolved,resolved_early,"
        + "resolved_on_time,resolved_late,in_progress,in_progress_within_time,in_progress_overdue,on_time_percent\r\n");
    for (PeriodCounts r : rows) line(out, period, r, procedureName.apply(r.procedureCode()));
    line(out, period, PeriodCounts.sum("*", "*", rows), "");
    return out.toString();
  }

  private static void line(StringBuilder out, Period period, PeriodCounts r, String name) {
    List<Object> cells = List.of(period.name(), r.agencyCode(), r.procedureCode(), name == null ? "" : name, r.received(),
        r.resolved(), r.early(), r.onTime(), r.late(), r.inProgress(), r.inTime(), r.overdue(), onTimePercent(r).toPlainString());
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) out.append(',');
      out.append(quote(String.valueOf(cells.get(i))));
    }
    out.append("\r\n");
  }

  private static String quote(String cell) {
    // A leading =, +, - or @ would be a formula in a spreadsheet (CSV injection): quote and prefix it.
    boolean formula = !cell.isEmpty() && "=+-@".indexOf(cell.charAt(0)) >= 0 && !cell.matches("-?\\d+(\\.\\d+)?");
    String c = formula ? "'" + cell : cell;
    if (formula || c.contains(",") || c.contains("\"") || c.contains("\n") || c.contains("\r")) {
      return "\"" + c.replace("\"", "\"\"") + "\"";
    }
    return c;
  }
}
