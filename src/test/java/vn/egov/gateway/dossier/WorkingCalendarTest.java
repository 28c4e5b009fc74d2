package vn.egov.gateway.dossier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.egov.gateway.config.ConfigException;

/** The calendar file is read strictly, and the working-day rule follows data/README.md section 5. */
class WorkingCalendarTest {
  static final Path SHIPPED = Path.of("config/holidays-vn.csv");
  static final WorkingCalendar CAL = WorkingCalendar.load(SHIPPED);

  /** A complete synthetic year (the four fixed-date holidays) for the error tests. */
  private static final String YEAR_2030 = """
      2030-01-01,holiday,Tết Dương lịch,u
      2030-04-30,holiday,Ngày Chiến thắng (30/4),u
      2030-05-01,holiday,Ngày Quốc tế Lao động (1/5),u
      2030-09-02,holiday,Quốc khánh (2/9),u
      """;

  private static String csv(String rows) {
    return WorkingCalendar.HEADER + "\n" + rows;
  }

  private static List<String> problems(String content) {
    try {
      WorkingCalendar.parse("test.csv", content);
    } catch (ConfigException e) {
      return e.problems();
    }
    throw new AssertionError("expected the calendar to be refused");
  }

  @Test
  void theShippedCalendarCoversTheAnnouncedYears() {
    assertThat(CAL.coveredYears()).containsExactly(2022, 2023, 2024, 2025, 2026);
    assertThat(CAL.isCovered(2027)).isFalse();
  }

  @Test
  void weekdaysWorkWeekendsDoNotUnlessSwapped() {
    assertThat(CAL.isWorkingDay(LocalDate.of(2026, 3, 16))).as("an ordinary Monday").isTrue();
    assertThat(CAL.isWorkingDay(LocalDate.of(2026, 3, 14))).as("an ordinary Saturday").isFalse();
    assertThat(CAL.isWorkingDay(LocalDate.of(2026, 3, 15))).as("an ordinary Sunday").isFalse();
    assertThat(CAL.isWorkingDay(LocalDate.of(2026, 2, 16))).as("Tết Bính Ngọ, Monday").isFalse();
    assertThat(CAL.isWorkingDay(LocalDate.of(2026, 4, 27))).as("compensatory for Giỗ Tổ on a Sunday").isFalse();
    assertThat(CAL.isWorkingDay(LocalDate.of(2026, 1, 2))).as("swapped Friday").isFalse();
    assertThat(CAL.isWorkingDay(LocalDate.of(2026, 1, 10))).as("working Saturday for the swap").isTrue();
    assertThat(CAL.isWorkingDay(LocalDate.of(2024, 5, 4))).as("working Saturday 2024").isTrue();
  }

  @Test
  void anUnconfirmedRowIsKeptButNotCounted() {
    // 2026-11-24 (Ngày Văn hóa Việt Nam) is "holiday?": not in force, a normal Tuesday.
    assertThat(CAL.isWorkingDay(LocalDate.of(2026, 11, 24))).isTrue();
    assertThat(CAL.unconfirmed()).extracting(CalendarDay::date).containsExactly(LocalDate.of(2026, 11, 24));
    assertThat(CAL.coverageWarnings(LocalDate.of(2026, 11, 27)))
        .anySatisfy(w -> assertThat(w).contains("2026-11-24").contains("unconfirmed"));
  }

  @Test
  void aYearNotInTheTableFallsBackToFixedDateHolidays() {
    // 2027: 1/1 Fri, 30/4 Fri, 1/5 Sat (made up on Mon 3/5), 2/9 Thu with Fri 3/9 adjacent.
    assertThat(WorkingCalendar.fallbackYear(2027)).extracting(CalendarDay::date).containsExactly(
        LocalDate.of(2027, 1, 1), LocalDate.of(2027, 4, 30), LocalDate.of(2027, 5, 1), LocalDate.of(2027, 5, 3),
        LocalDate.of(2027, 9, 2), LocalDate.of(2027, 9, 3));
    assertThat(CAL.isWorkingDay(LocalDate.of(2027, 5, 3))).isFalse();
    assertThat(CAL.isWorkingDay(LocalDate.of(2027, 9, 3))).isFalse();
    assertThat(CAL.isWorkingDay(LocalDate.of(2027, 9, 1))).isTrue();
    assertThat(CAL.listed(LocalDate.of(2027, 9, 3))).hasValueSatisfying(d -> {
      assertThat(d.name()).isEqualTo("Quốc khánh (ngày liền kề)");
      assertThat(d.estimated()).isTrue();
    });
    // Tết 2027 (day 1 is 2027-02-06) cannot be known: its weekdays count as working days.
    assertThat(CAL.isWorkingDay(LocalDate.of(2027, 2, 8))).isTrue();
    assertThat(CAL.coverageWarnings(LocalDate.of(2026, 11, 27)))
        .anySatisfy(w -> assertThat(w).contains("no official schedule for 2027"));
  }

  @Test
  void theFallbackAgreesWithEveryAnnouncedYear() {
    // The fallback rule (fixed dates, 2/9 adjacent day, weekend compensation) must never call a
    // day off that the official schedules of 2022-2026 kept as a working day.
    for (int year = 2022; year <= 2026; year++) {
      for (CalendarDay d : WorkingCalendar.fallbackYear(year)) {
        if (d.kind().dayOff() && !WorkingCalendar.isWeekend(d.date())) {
          assertThat(CAL.isWorkingDay(d.date())).as("%s %s", d.date(), d.name()).isFalse();
        }
      }
      LocalDate adjacent = WorkingCalendar.nationalDayAdjacent(year);
      assertThat(CAL.listed(adjacent)).as("2/9 adjacent day %s", year)
          .hasValueSatisfying(d -> assertThat(d.name()).isEqualTo("Quốc khánh (ngày liền kề)"));
    }
  }

  @Test
  void opsLoadAnAnnouncedYearIntoACopy() {
    // A made-up 2027 schedule, for the test only.
    String official2027 = csv("""
        2027-01-01,holiday,Tết Dương lịch,u
        2027-02-05,holiday,Tết Nguyên đán Đinh Mùi,u
        2027-02-08,holiday,Tết Nguyên đán Đinh Mùi,u
        2027-04-30,holiday,Ngày Chiến thắng (30/4),u
        2027-05-01,holiday,Ngày Quốc tế Lao động (1/5),u
        2027-05-03,compensatory,Nghỉ bù Ngày Quốc tế Lao động,u
        2027-09-02,holiday,Quốc khánh (2/9),u
        2027-09-03,holiday,Quốc khánh (ngày liền kề),u
        """);
    WorkingCalendar updated = CAL.withYear("holidays-2027.csv", official2027, 2027);

    assertThat(updated.coveredYears()).contains(2027);
    assertThat(updated.isWorkingDay(LocalDate.of(2027, 2, 8))).isFalse();
    assertThat(updated.listed(LocalDate.of(2027, 2, 8))).hasValueSatisfying(d -> assertThat(d.estimated()).isFalse());
    assertThat(CAL.isCovered(2027)).as("the original is unchanged").isFalse();
    assertThat(CAL.isWorkingDay(LocalDate.of(2027, 2, 8))).isTrue();
  }

  @Test
  void reloadingAnAnnouncedYearReplacesItWhole() {
    // A corrected 2026 without the New Year swap: 2/1 becomes a working day again, 10/1 a rest day.
    String corrected = csv("""
        2026-01-01,holiday,Tết Dương lịch,u
        2026-04-30,holiday,Ngày Chiến thắng (30/4),u
        2026-05-01,holiday,Ngày Quốc tế Lao động (1/5),u
        2026-09-02,holiday,Quốc khánh (2/9),u
        """);
    WorkingCalendar updated = CAL.withYear("holidays-2026.csv", corrected, 2026);
    assertThat(updated.isWorkingDay(LocalDate.of(2026, 1, 2))).isTrue();
    assertThat(updated.isWorkingDay(LocalDate.of(2026, 1, 10))).isFalse();
    assertThat(updated.unconfirmed()).isEmpty();
    assertThat(updated.isWorkingDay(LocalDate.of(2025, 5, 2))).as("other years kept").isFalse();
  }

  @Test
  void aYearLoadedLaterMustStayInsideThatYear() {
    String rows = csv(YEAR_2030.replace("2030", "2027") + "2028-01-01,holiday,Tết Dương lịch,u\n");
    assertThatThrownBy(() -> CAL.withYear("holidays-2027.csv", rows, 2027))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("holidays-2027.csv: line 6: date 2028-01-01 is not in 2027, the year being loaded");
  }

  @Test
  void everyProblemIsNamedByFileAndLineInOnePass() {
    List<String> problems = problems(csv(YEAR_2030 + """
        2030-02-30,holiday,Tết Nguyên đán,u
        2030-02-04,holidy,Tết Nguyên đán,u
        2030-01-01,compensatory,Nghỉ bù,u
        """));
    assertThat(problems).containsExactly(
        "test.csv: line 6: bad date '2030-02-30' (expected a real date as YYYY-MM-DD)",
        "test.csv: line 7: unknown kind 'holidy' (expected holiday, compensatory or working_saturday;"
            + " a trailing ? marks an unconfirmed row)",
        "test.csv: line 8: duplicate date 2030-01-01 (already on line 2)");
  }

  @Test
  void aWorkingSaturdayMustBeASaturdayAndACompensatoryDayAWeekday() {
    assertThat(problems(csv(YEAR_2030 + """
        2030-01-04,working_saturday,Làm bù,u
        2030-01-06,compensatory,Nghỉ bù,u
        """))).containsExactly(
        "test.csv: line 6: 2030-01-04 is a Friday, but kind working_saturday needs a Saturday",
        "test.csv: line 7: 2030-01-06 is a Sunday, but a compensatory day off must be a weekday");
  }

  @Test
  void malformedRowsAreRefused() {
    assertThat(problems(csv(YEAR_2030 + """
        2030-02-04,holiday,Tết,u,extra
        2030-02-05,holiday,,u
        30/01/2030,holiday,Tết,u
        2130-01-01,holiday,Tết Dương lịch,u
        2030-02-06,foo?,Tết,u
        """))).containsExactly(
        "test.csv: line 6: expected 4 comma-separated fields (date,kind,name,source_url), got 5",
        "test.csv: line 7: name is empty (deadline provenance shows it)",
        "test.csv: line 8: bad date '30/01/2030' (expected a real date as YYYY-MM-DD)",
        "test.csv: line 9: date 2130-01-01 is outside the years 2000..2099",
        "test.csv: line 10: unknown kind 'foo?' (expected holiday, compensatory or working_saturday;"
            + " a trailing ? marks an unconfirmed row)");
  }

  @Test
  void theHeaderMustBeExact() {
    assertThat(problems("date;kind;name;source_url\n" + YEAR_2030))
        .containsExactly("test.csv: line 1: header must be 'date,kind,name,source_url' (got 'date;kind;name;source_url')");
    assertThat(problems("")).containsExactly("test.csv: is empty; expected the header date,kind,name,source_url");
  }

  @Test
  void aYearMissingAFixedHolidayIsRefused() {
    // A partly entered year would replace the fallback and silently lose 2/9.
    assertThat(problems(csv(YEAR_2030.replace("2030-09-02,holiday,Quốc khánh (2/9),u\n", ""))))
        .containsExactly("test.csv: year 2030: no holiday row for 2030-09-02 (Quốc khánh (2/9));"
            + " a year in the table must list all its statutory holidays, also those on a weekend");
    assertThat(problems(csv(YEAR_2030.replace("2030-09-02,holiday,", "2030-09-02,compensatory,"))))
        .singleElement().asString().startsWith("test.csv: year 2030: no holiday row for 2030-09-02");
  }

  @Test
  void spreadsheetLineEndingsAndAByteOrderMarkAreTolerated() {
    String excel = "\uFEFF" + csv(YEAR_2030 + "2030-02-04,compensatory?,Nghỉ bù dự kiến,u\n").replace("\n", "\r\n");
    WorkingCalendar cal = WorkingCalendar.parse("excel.csv", excel);
    assertThat(cal.coveredYears()).containsExactly(2030);
    assertThat(cal.isWorkingDay(LocalDate.of(2030, 2, 4))).as("unconfirmed compensatory is not counted").isTrue();
    assertThat(cal.unconfirmed()).hasSize(1);
  }

  @Test
  void aMissingFileIsNamed() {
    assertThatThrownBy(() -> WorkingCalendar.load(Path.of("config/no-such-holidays.csv")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("config/no-such-holidays.csv: cannot be read (NoSuchFileException");
  }
}
