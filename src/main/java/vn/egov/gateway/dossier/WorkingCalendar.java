package vn.egov.gateway.dossier;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import vn.egov.gateway.config.ConfigException;

/**
 * The civil-service working calendar: which dates count as working days for deadlines.
 *
 * <p>Official years come from {@code holidays-vn.csv} (columns {@code date,kind,name,source_url};
 * see data/README.md section 5). A date is a working day when it is Monday to Friday and not listed
 * as {@code holiday} or {@code compensatory}, or when it is listed as {@code working_saturday}. Rows
 * whose kind ends in {@code ?} are unconfirmed: they are parsed, kept in {@link #unconfirmed()} for
 * ops to see, and otherwise ignored (2026-11-24 stays a working day until the law says otherwise).
 *
 * <p>A year with no row in the table is not known yet (2027 today). For it the calendar falls back
 * to weekends plus the fixed-date holidays of Labour Code 2019 Art. 112 (1/1, 30/4, 1/5, 2/9 and
 * one adjacent day), with a compensatory weekday for each that falls on a weekend (Art. 111(3)).
 * The lunar holidays, Tết and Hùng Kings' day (10/3 âm lịch), cannot be known: their days off,
 * swaps and working Saturdays are set by each year's announcement, so the fallback has none and
 * a deadline across them comes out too early. Every day from such a year is marked estimated, and
 * {@link DueDate} says so. Load the official year with {@link #withYear} once it is announced.
 *
 * <p>Immutable and safe to share; {@link #load} reads a file and is meant for start-up.
 */
public final class WorkingCalendar {
  /** Vietnam's civil time: UTC+07:00 all year, no daylight saving. */
  public static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
  /** The exact header line the CSV must start with. */
  public static final String HEADER = "date,kind,name,source_url";

  /** Years outside this range are typing mistakes, not calendar data. */
  private static final int MIN_YEAR = 2000;
  private static final int MAX_YEAR = 2099;
  private static final DateTimeFormatter ISO_DATE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);

  /** The fixed-date holidays every year of the table must list (also when on a weekend). */
  private static final Map<MonthDay, String> FIXED_HOLIDAYS = Map.of(
      MonthDay.of(1, 1), "Tết Dương lịch",
      MonthDay.of(4, 30), "Ngày Chiến thắng (30/4)",
      MonthDay.of(5, 1), "Ngày Quốc tế Lao động (1/5)",
      MonthDay.of(9, 2), "Quốc khánh (2/9)");

  private final NavigableMap<LocalDate, CalendarDay> official;
  private final Set<Integer> coveredYears;
  private final List<CalendarDay> unconfirmed;
  /** Fallback days of uncovered years, derived on first use; a cache of a pure function. */
  private final Map<Integer, Map<LocalDate, CalendarDay>> fallback = new ConcurrentHashMap<>();

  private WorkingCalendar(NavigableMap<LocalDate, CalendarDay> official, List<CalendarDay> unconfirmed) {
    this.official = Collections.unmodifiableNavigableMap(new TreeMap<>(official));
    TreeSet<Integer> years = new TreeSet<>();
    official.keySet().forEach(d -> years.add(d.getYear()));
    this.coveredYears = Collections.unmodifiableSortedSet(years);
    this.unconfirmed = unconfirmed.stream().sorted((a, b) -> a.date().compareTo(b.date())).toList();
  }

  /**
   * Reads and checks the whole calendar file. Blocking: call at start-up, off the event loop.
   *
   * @throws ConfigException listing every problem, each naming the file, the line and what is wrong
   */
  public static WorkingCalendar load(Path csv) {
    return parse(csv.toString(), read(csv));
  }

  /** As {@link #load}, from text already in memory; {@code source} names it in problems. */
  public static WorkingCalendar parse(String source, String content) {
    List<String> problems = new ArrayList<>();
    Rows rows = Rows.parse(source, content, null, problems);
    if (!problems.isEmpty()) throw new ConfigException(problems);
    return new WorkingCalendar(rows.confirmed, rows.unconfirmed);
  }

  /**
   * A copy with one year's official schedule loaded from a file in the same format, replacing
   * what the calendar had for that year (the fallback, or an older announcement). Every row must
   * be in {@code year}, and the fixed-date holidays must be listed. Blocking.
   */
  public WorkingCalendar withYear(Path csv, int year) {
    return withYear(csv.toString(), read(csv), year);
  }

  /** As {@link #withYear(Path, int)}, from text already in memory. */
  public WorkingCalendar withYear(String source, String content, int year) {
    List<String> problems = new ArrayList<>();
    if (year < MIN_YEAR || year > MAX_YEAR) {
      throw new IllegalArgumentException("year " + year + " is outside " + MIN_YEAR + ".." + MAX_YEAR);
    }
    Rows rows = Rows.parse(source, content, year, problems);
    if (problems.isEmpty() && rows.confirmed.isEmpty()) {
      problems.add(source + ": no confirmed row for year " + year);
    }
    if (!problems.isEmpty()) throw new ConfigException(problems);
    NavigableMap<LocalDate, CalendarDay> merged = new TreeMap<>(official);
    merged.keySet().removeIf(d -> d.getYear() == year);
    merged.putAll(rows.confirmed);
    List<CalendarDay> pending = new ArrayList<>(unconfirmed);
    pending.removeIf(d -> d.date().getYear() == year);
    pending.addAll(rows.unconfirmed);
    return new WorkingCalendar(merged, pending);
  }

  /** Monday to Friday unless a day off; Saturday and Sunday not, unless a working Saturday. */
  public boolean isWorkingDay(LocalDate date) {
    Optional<CalendarDay> listed = listed(date);
    if (listed.isPresent()) return !listed.get().kind().dayOff();
    return !isWeekend(date);
  }

  /** The first working day strictly after {@code date}. */
  public LocalDate nextWorkingDay(LocalDate date) {
    LocalDate d = date;
    // Tết breaks last 9 days at most; a month without a working day means broken data.
    for (int i = 0; i < 31; i++) {
      d = d.plusDays(1);
      if (isWorkingDay(d)) return d;
    }
    throw new IllegalStateException("no working day in the 31 days after " + date);
  }

  /** The official or, for an uncovered year, estimated entry for a date: its kind and name. */
  public Optional<CalendarDay> listed(LocalDate date) {
    int year = date.getYear();
    if (coveredYears.contains(year)) return Optional.ofNullable(official.get(date));
    return Optional.ofNullable(fallback.computeIfAbsent(year, WorkingCalendar::fallbackIndex).get(date));
  }

  /** Years with an official schedule in the table. */
  public Set<Integer> coveredYears() {
    return coveredYears;
  }

  public boolean isCovered(int year) {
    return coveredYears.contains(year);
  }

  /** Rows whose kind ended in {@code ?}: announced or proposed, not in force, not counted. */
  public List<CalendarDay> unconfirmed() {
    return unconfirmed;
  }

  /**
   * Warnings for start-up and health: this year or the next without an official schedule means
   * deadlines reaching into it are estimates (DOMAIN.md, Deadlines).
   */
  public List<String> coverageWarnings(LocalDate today) {
    List<String> out = new ArrayList<>();
    for (int year : List.of(today.getYear(), today.getYear() + 1)) {
      if (!isCovered(year)) {
        out.add("holiday calendar: no official schedule for " + year + "; deadlines reaching into " + year
            + " are estimated from weekends and fixed-date holidays only (Tết and Hùng Kings' day unknown);"
            + " load the official schedule when it is announced");
      }
    }
    for (CalendarDay d : unconfirmed) {
      if (d.date().getYear() >= today.getYear()) {
        out.add("holiday calendar: " + d.date() + " (" + d.name() + ") is unconfirmed and counted as a normal day");
      }
    }
    return out;
  }

  /**
   * The estimated days of a year with no official schedule: the fixed-date holidays, the 2/9
   * adjacent day, and a compensatory weekday for each holiday on a weekend.
   */
  static List<CalendarDay> fallbackYear(int year) {
    TreeMap<LocalDate, CalendarDay> days = new TreeMap<>();
    FIXED_HOLIDAYS.forEach((md, name) -> days.put(md.atYear(year), holiday(md.atYear(year), name)));
    LocalDate adjacent = nationalDayAdjacent(year);
    days.put(adjacent, holiday(adjacent, "Quốc khánh (ngày liền kề)"));
    // Labour Code 2019 Art. 111(3): a holiday on the weekly rest day is made up on the next working day.
    for (CalendarDay h : List.copyOf(days.values())) {
      if (!isWeekend(h.date())) continue;
      LocalDate d = h.date().plusDays(1);
      while (isWeekend(d) || days.containsKey(d)) d = d.plusDays(1);
      days.put(d, new CalendarDay(d, CalendarDay.Kind.COMPENSATORY, "Nghỉ bù " + h.name(), true));
    }
    return List.copyOf(days.values());
  }

  /**
   * Art. 112 gives 2/9 "and one day before or after", chosen each year. 2022-2026 all chose the
   * side that joins the weekend (2/9 on Mon: 3/9; Tue: 1/9; Fri: 1/9; Sat: 1/9), and 1/9 when
   * neither does (Wed 2026). So Thursday gives Friday 3/9, and Sunday gives Monday 3/9.
   */
  static LocalDate nationalDayAdjacent(int year) {
    LocalDate nationalDay = LocalDate.of(year, 9, 2);
    return switch (nationalDay.getDayOfWeek()) {
      case MONDAY, THURSDAY, SUNDAY -> nationalDay.plusDays(1);
      default -> nationalDay.minusDays(1);
    };
  }

  private static CalendarDay holiday(LocalDate date, String name) {
    return new CalendarDay(date, CalendarDay.Kind.HOLIDAY, name, true);
  }

  private static Map<LocalDate, CalendarDay> fallbackIndex(int year) {
    Map<LocalDate, CalendarDay> index = new HashMap<>();
    for (CalendarDay d : fallbackYear(year)) index.put(d.date(), d);
    return Map.copyOf(index);
  }

  static boolean isWeekend(LocalDate date) {
    DayOfWeek dow = date.getDayOfWeek();
    return dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY;
  }

  private static String read(Path csv) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(csv);
    } catch (IOException e) {
      throw new ConfigException(List.of(csv + ": cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")"));
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ConfigException(List.of(csv + ": is not valid UTF-8 (save it as UTF-8 without BOM)"));
    }
  }

  /** The parsed rows of one file, checked line by line; problems go to the shared list. */
  private static final class Rows {
    final NavigableMap<LocalDate, CalendarDay> confirmed = new TreeMap<>();
    final List<CalendarDay> unconfirmed = new ArrayList<>();

    static Rows parse(String source, String content, Integer onlyYear, List<String> problems) {
      Rows rows = new Rows();
      String[] lines = content.split("\n", -1);
      if (lines.length > 0 && lines[0].startsWith("\uFEFF")) lines[0] = lines[0].substring(1);
      String header = strip(lines[0]);
      if (content.isBlank()) {
        problems.add(source + ": is empty; expected the header " + HEADER);
        return rows;
      }
      if (!header.equals(HEADER)) {
        problems.add(source + ": line 1: header must be '" + HEADER + "' (got '" + header + "')");
        return rows;
      }
      Map<LocalDate, Integer> lineOf = new HashMap<>();
      for (int i = 1; i < lines.length; i++) {
        String line = strip(lines[i]);
        if (line.isBlank()) continue;
        rows.row(source + ": line " + (i + 1) + ": ", i + 1, line, onlyYear, lineOf, problems);
      }
      rows.checkFixedHolidays(source, problems);
      return rows;
    }

    private void row(String at, int lineNo, String line, Integer onlyYear, Map<LocalDate, Integer> lineOf, List<String> problems) {
      String[] f = line.split(",", -1);
      if (f.length != 4) {
        problems.add(at + "expected 4 comma-separated fields (" + HEADER + "), got " + f.length);
        return;
      }
      LocalDate date;
      try {
        date = LocalDate.parse(f[0], ISO_DATE);
      } catch (DateTimeParseException e) {
        problems.add(at + "bad date '" + f[0] + "' (expected a real date as YYYY-MM-DD)");
        return;
      }
      if (date.getYear() < MIN_YEAR || date.getYear() > MAX_YEAR) {
        problems.add(at + "date " + date + " is outside the years " + MIN_YEAR + ".." + MAX_YEAR);
        return;
      }
      if (onlyYear != null && date.getYear() != onlyYear) {
        problems.add(at + "date " + date + " is not in " + onlyYear + ", the year being loaded");
        return;
      }
      Integer earlier = lineOf.putIfAbsent(date, lineNo);
      if (earlier != null) {
        problems.add(at + "duplicate date " + date + " (already on line " + earlier + ")");
        return;
      }
      boolean pending = f[1].endsWith("?");
      CalendarDay.Kind kind = CalendarDay.Kind.fromCsv(pending ? f[1].substring(0, f[1].length() - 1) : f[1]);
      if (kind == null) {
        problems.add(at + "unknown kind '" + f[1] + "' (expected holiday, compensatory or working_saturday;"
            + " a trailing ? marks an unconfirmed row)");
        return;
      }
      String name = Normalizer.normalize(f[2].strip(), Normalizer.Form.NFC);
      if (name.isEmpty()) {
        problems.add(at + "name is empty (deadline provenance shows it)");
        return;
      }
      if (kind == CalendarDay.Kind.WORKING_SATURDAY && date.getDayOfWeek() != DayOfWeek.SATURDAY) {
        problems.add(at + date + " is a " + dayName(date) + ", but kind working_saturday needs a Saturday");
        return;
      }
      if (kind == CalendarDay.Kind.COMPENSATORY && isWeekend(date)) {
        problems.add(at + date + " is a " + dayName(date) + ", but a compensatory day off must be a weekday");
        return;
      }
      CalendarDay day = new CalendarDay(date, kind, name, false);
      if (pending) unconfirmed.add(day);
      else confirmed.put(date, day);
    }

    /** A year with any row replaces the fallback, so it must carry the fixed-date holidays too. */
    private void checkFixedHolidays(String source, List<String> problems) {
      TreeSet<Integer> years = new TreeSet<>();
      confirmed.keySet().forEach(d -> years.add(d.getYear()));
      for (int year : years) {
        new TreeMap<>(FIXED_HOLIDAYS).forEach((md, name) -> {
          CalendarDay d = confirmed.get(md.atYear(year));
          if (d == null || d.kind() != CalendarDay.Kind.HOLIDAY) {
            problems.add(source + ": year " + year + ": no holiday row for " + md.atYear(year) + " (" + name
                + "); a year in the table must list all its statutory holidays, also those on a weekend");
          }
        });
      }
    }

    private static String strip(String line) {
      return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    private static String dayName(LocalDate date) {
      String n = date.getDayOfWeek().name();
      return n.charAt(0) + n.substring(1).toLowerCase(Locale.ROOT);
    }
  }
}
