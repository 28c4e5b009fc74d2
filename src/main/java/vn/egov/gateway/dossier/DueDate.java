package vn.egov.gateway.dossier;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * When a dossier's result is due, and how that was worked out.
 *
 * <p><b>Counting rule.</b> The day of receipt is day 0 and is not counted; the deadline is the
 * cut-off (default 17:00, Asia/Ho_Chi_Minh) of the N-th working day after it. A dossier received
 * at or after the cut-off, or on a day that is not a working day, is taken as received on the next
 * working day, which then is day 0. So with 3 working days: Monday 10:00 is due Thursday 17:00;
 * Friday 18:30 and Saturday are both due Thursday 17:00 (day 0 is Monday).
 *
 * <p>Why: Civil Code 2015 Art. 147(2) says a period in days starts on the day after the day it is
 * set from, and Art. 148(1) ends it with its last day; deadlines for procedures are set in working
 * days from receipt of a complete dossier (Decree 61/2018, whose receipt-and-appointment slip,
 * form 01 of Circular 01/2018/TT-VPCP, carries the date the result is due). Treating an
 * out-of-hours or day-off receipt as received on the next working day is what one-stop desks and
 * the provincial portals do for online filings; it is common practice, not a text we quote.
 * Ending at the cut-off rather than midnight keeps the promise inside office hours, when the
 * citizen can collect the result.
 *
 * <p>{@code provenance} explains the computation in Vietnamese, then English, on two lines:
 * the days off it skipped (by name), the working Saturdays it counted, and whether any day came
 * from a year without an official schedule ({@code estimated}).
 */
public record DueDate(ZonedDateTime dueAt, String provenance, boolean estimated) {
  /** A bound against absurd input; the longest time limits for procedures are a few months. */
  public static final int MAX_WORKING_DAYS = 1000;

  private static final DateTimeFormatter VI_DATE = DateTimeFormatter.ofPattern("dd/MM/uuuu");
  private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");
  private static final String[] VI_WEEKDAYS = {"thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật"};

  public DueDate {
    Objects.requireNonNull(dueAt, "dueAt");
    Objects.requireNonNull(provenance, "provenance");
    dueAt = dueAt.withZoneSameInstant(WorkingCalendar.ZONE);
  }

  /** {@link #dueAt} in the national portal's exchange format. */
  public String dueAtExchange() {
    return ExchangeTime.format(dueAt);
  }

  /** {@link #compute(WorkingCalendar, ZonedDateTime, int, OfficeHours)} with 08:00-17:00. */
  public static DueDate compute(WorkingCalendar cal, ZonedDateTime receivedAt, int workingDays) {
    return compute(cal, receivedAt, workingDays, OfficeHours.DEFAULT);
  }

  /**
   * The deadline {@code workingDays} working days after receipt, by the rule in the class comment.
   * 0 means "within the day": due at the cut-off of day 0.
   */
  public static DueDate compute(WorkingCalendar cal, ZonedDateTime receivedAt, int workingDays, OfficeHours hours) {
    Objects.requireNonNull(cal, "cal");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(hours, "hours");
    if (workingDays < 0 || workingDays > MAX_WORKING_DAYS) {
      throw new IllegalArgumentException("working days must be 0.." + MAX_WORKING_DAYS + " (got " + workingDays + ")");
    }
    ZonedDateTime local = receivedAt.withZoneSameInstant(WorkingCalendar.ZONE);
    LocalDate receiptDay = local.toLocalDate();
    boolean workingDay = cal.isWorkingDay(receiptDay);
    boolean inTime = workingDay && local.toLocalTime().isBefore(hours.cutOff());
    LocalDate day0 = inTime ? receiptDay : cal.nextWorkingDay(receiptDay);
    LocalDate due = day0;
    for (int i = 0; i < workingDays; i++) due = cal.nextWorkingDay(due);

    Text text = new Text();
    text.add("Hạn " + workingDays + " ngày làm việc, tiếp nhận " + viDay(receiptDay) + " lúc " + HH_MM.format(local),
        "Time limit " + workingDays + (workingDays == 1 ? " working day" : " working days") + ", received "
            + enDay(receiptDay) + " at " + HH_MM.format(local));
    if (inTime && workingDays == 0) {
      text.add("giải quyết trong ngày tiếp nhận", "resolved within the day of receipt");
    } else if (inTime) {
      text.add("ngày tiếp nhận không tính, đếm từ ngày làm việc tiếp theo",
          "the day of receipt is not counted, counting starts on the next working day");
    } else {
      String viWhy;
      String enWhy;
      if (workingDay) {
        viWhy = "tiếp nhận từ " + HH_MM.format(hours.cutOff()) + " trở đi";
        enWhy = "received at or after " + HH_MM.format(hours.cutOff());
      } else {
        Optional<String> offName = cal.listed(receiptDay).map(CalendarDay::name);
        viWhy = "tiếp nhận vào ngày nghỉ (" + offName.orElse(VI_WEEKDAYS[receiptDay.getDayOfWeek().ordinal()]) + ")";
        enWhy = "received on a day off (" + offName.orElse(enWeekday(receiptDay.getDayOfWeek())) + ")";
      }
      text.add(viWhy + " nên coi như tiếp nhận ngày làm việc tiếp theo, " + viDay(day0) + ", đếm từ ngày làm việc sau đó",
          enWhy + ", so taken as received on the next working day, " + enDay(day0) + ", counting from the working day after it");
    }

    List<CalendarDay> skipped = new ArrayList<>();
    List<CalendarDay> saturdays = new ArrayList<>();
    TreeSet<Integer> estimatedYears = new TreeSet<>();
    for (LocalDate d = receiptDay; !d.isAfter(due); d = d.plusDays(1)) {
      if (!cal.isCovered(d.getYear())) estimatedYears.add(d.getYear());
      Optional<CalendarDay> listed = cal.listed(d);
      if (listed.isEmpty()) continue;
      CalendarDay day = listed.get();
      if (day.kind() == CalendarDay.Kind.WORKING_SATURDAY) saturdays.add(day);
      else if (!WorkingCalendar.isWeekend(d)) skipped.add(day);
    }
    if (skipped.isEmpty()) {
      text.add("bỏ qua thứ Bảy, Chủ nhật", "skipping weekends");
    } else {
      text.add("bỏ qua thứ Bảy, Chủ nhật và ngày nghỉ: " + ranges(skipped, true),
          "skipping weekends and days off: " + ranges(skipped, false));
    }
    if (!saturdays.isEmpty()) {
      text.add("thứ Bảy làm việc được tính: " + saturdays.stream().map(d -> VI_DATE.format(d.date()) + " (" + d.name() + ")").collect(Collectors.joining(", ")),
          "working Saturday counted: " + saturdays.stream().map(d -> d.date() + " (" + d.name() + ")").collect(Collectors.joining(", ")));
    }
    text.add("hạn trả kết quả " + HH_MM.format(hours.cutOff()) + " " + viDay(due),
        "due " + HH_MM.format(hours.cutOff()) + " " + enDay(due));
    text.estimated(estimatedYears);
    return new DueDate(ZonedDateTime.of(due, hours.cutOff(), WorkingCalendar.ZONE), text.toString(), !estimatedYears.isEmpty());
  }

  /** {@link #computeFastTrack(WorkingCalendar, ZonedDateTime, int, DayOfWeek, OfficeHours)} with 08:00-17:00. */
  public static Optional<DueDate> computeFastTrack(WorkingCalendar cal, ZonedDateTime receivedAt, int minutes, DayOfWeek day) {
    return computeFastTrack(cal, receivedAt, minutes, day, OfficeHours.DEFAULT);
  }

  /**
   * A fast-track promise such as Mê Linh's "Green Tuesday" (60 minutes when filed on a Tuesday):
   * due {@code minutes} after receipt when the dossier arrives on {@code day}, that day is a
   * working day (a Tuesday that is a holiday is not), and the promise ends within office hours
   * (from {@code opens}, and {@code receivedAt + minutes} no later than the cut-off). Otherwise
   * empty, and the caller uses {@link #compute} with the procedure's working days. The calendar
   * is needed for the holiday check, which a weekday alone cannot make.
   */
  public static Optional<DueDate> computeFastTrack(WorkingCalendar cal, ZonedDateTime receivedAt, int minutes, DayOfWeek day, OfficeHours hours) {
    Objects.requireNonNull(cal, "cal");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(day, "day");
    Objects.requireNonNull(hours, "hours");
    if (minutes < 1 || minutes > 24 * 60) {
      throw new IllegalArgumentException("fast-track minutes must be 1..1440 (got " + minutes + ")");
    }
    ZonedDateTime local = receivedAt.withZoneSameInstant(WorkingCalendar.ZONE);
    LocalDate date = local.toLocalDate();
    ZonedDateTime dueAt = local.plusMinutes(minutes);
    boolean eligible = local.getDayOfWeek() == day
        && cal.isWorkingDay(date)
        && !local.toLocalTime().isBefore(hours.opens())
        && !dueAt.isAfter(ZonedDateTime.of(date, hours.cutOff(), WorkingCalendar.ZONE));
    if (!eligible) return Optional.empty();

    Text text = new Text();
    text.add("Giải quyết nhanh ngày " + VI_WEEKDAYS[day.ordinal()] + ": " + minutes + " phút kể từ khi tiếp nhận lúc "
            + HH_MM.format(local) + " " + viDay(date),
        "Fast track on " + enWeekday(day) + "s: " + minutes + " minutes from receipt at " + HH_MM.format(local) + " " + enDay(date));
    text.add("hạn trả kết quả " + HH_MM.format(dueAt) + " " + viDay(date), "due " + HH_MM.format(dueAt) + " " + enDay(date));
    TreeSet<Integer> estimatedYears = new TreeSet<>();
    if (!cal.isCovered(date.getYear())) estimatedYears.add(date.getYear());
    text.estimated(estimatedYears);
    return Optional.of(new DueDate(dueAt, text.toString(), !estimatedYears.isEmpty()));
  }

  /** Consecutive days off of the same name as one range: "16/02/2026–20/02/2026 Tết Nguyên đán Bính Ngọ". */
  private static String ranges(List<CalendarDay> days, boolean vi) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 1; i <= days.size(); i++) {
      boolean breaks = i == days.size()
          || !days.get(i).name().equals(days.get(i - 1).name())
          || days.get(i).date().toEpochDay() - days.get(i - 1).date().toEpochDay() > 3;
      if (!breaks) continue;
      LocalDate first = days.get(start).date();
      LocalDate last = days.get(i - 1).date();
      String span = first.equals(last) ? date(first, vi) : date(first, vi) + (vi ? "–" : " to ") + date(last, vi);
      CalendarDay sample = days.get(start);
      out.add(span + " " + sample.name() + (sample.estimated() ? (vi ? " (ước tính)" : " (estimated)") : ""));
      start = i;
    }
    return String.join(", ", out);
  }

  private static String date(LocalDate d, boolean vi) {
    return vi ? VI_DATE.format(d) : d.toString();
  }

  private static String viDay(LocalDate d) {
    return VI_WEEKDAYS[d.getDayOfWeek().ordinal()] + " " + VI_DATE.format(d);
  }

  private static String enDay(LocalDate d) {
    return enWeekday(d.getDayOfWeek()) + " " + d;
  }

  private static String enWeekday(DayOfWeek day) {
    String n = day.name();
    return n.charAt(0) + n.substring(1).toLowerCase(Locale.ROOT);
  }

  /** The two parallel texts, Vietnamese first. */
  private static final class Text {
    private final List<String> vi = new ArrayList<>();
    private final List<String> en = new ArrayList<>();

    void add(String viPart, String enPart) {
      vi.add(viPart);
      en.add(enPart);
    }

    void estimated(TreeSet<Integer> years) {
      if (years.isEmpty()) return;
      String list = years.stream().map(String::valueOf).collect(Collectors.joining(", "));
      add("ước tính: lịch nghỉ năm " + list + " chưa chính thức, chỉ tính ngày lễ có ngày cố định"
              + " (chưa biết lịch nghỉ Tết Nguyên đán, Giỗ Tổ Hùng Vương)",
          "estimated: " + list + " calendar not yet official, fixed-date holidays only"
              + " (Tết and Hùng Kings' day cannot be known yet)");
    }

    @Override
    public String toString() {
      return String.join("; ", vi) + ".\n" + String.join("; ", en) + ".";
    }
  }
}
