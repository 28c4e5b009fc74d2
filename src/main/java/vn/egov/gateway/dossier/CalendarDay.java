package vn.egov.gateway.dossier;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One row of the civil-service calendar: a day off or a swapped working Saturday, with its
 * Vietnamese name. {@code estimated} is true for days the calendar made up itself for a year
 * with no official schedule (see {@link WorkingCalendar}).
 */
public record CalendarDay(LocalDate date, Kind kind, String name, boolean estimated) {

  /** The {@code kind} column of {@code holidays-vn.csv} (data/README.md section 5). */
  public enum Kind {
    /** A statutory holiday (Labour Code 2019 Art. 112) on the date it falls, weekends included. */
    HOLIDAY("holiday"),
    /** A weekday off: makes up for a holiday on a weekend, or swapped with a working Saturday. */
    COMPENSATORY("compensatory"),
    /** A Saturday that is a working day (the other half of a swap). */
    WORKING_SATURDAY("working_saturday");

    private final String csvName;

    Kind(String csvName) {
      this.csvName = csvName;
    }

    public String csvName() {
      return csvName;
    }

    public boolean dayOff() {
      return this != WORKING_SATURDAY;
    }

    static Kind fromCsv(String s) {
      for (Kind k : values()) {
        if (k.csvName.equals(s)) return k;
      }
      return null;
    }
  }

  public CalendarDay {
    Objects.requireNonNull(date, "date");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
  }
}
