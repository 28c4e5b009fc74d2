package vn.egov.gateway.dossier;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dossier's receipt code as the national portal shows it: {@code <agency code>-<yyMMdd>-<4-digit
 * sequence>}, e.g. {@code 000.00.01.H26-260930-0012} (DOMAIN.md). The date is the day of receipt
 * in Asia/Ho_Chi_Minh; the sequence counts that agency's receipts of that day from 1.
 *
 * <p>The agency code is the agency's e-ID code (mã định danh điện tử, shaped like
 * {@code ddd.dd.dd.Xdd}). The check is looser than that shape, because codes of other levels
 * differ, but the code must be 1 to {@value #MAX_AGENCY_LENGTH} characters of upper-case ASCII
 * letters and digits in dot-separated groups. That keeps the whole receipt code safe as a URL path
 * segment ({@code GET /api/v1/dossiers/{receiptCode}}) with no escaping: no spaces, slashes,
 * percent signs, dashes, empty groups, or {@code .}/{@code ..} segments.
 *
 * <p>Sequence 1..9999. Past 9999 the format has no room: {@link #of} throws
 * {@link ReceiptSequenceExhaustedException} (our capacity limit, a 5xx), while a sequence below 1
 * or any malformed text is bad input ({@link IllegalArgumentException}).
 */
public record ReceiptCode(String agencyCode, LocalDate receiptDate, int sequence) {
  public static final int MAX_SEQUENCE = 9999;
  public static final int MAX_AGENCY_LENGTH = 40;

  private static final Pattern AGENCY = Pattern.compile("[A-Z0-9]+(?:\\.[A-Z0-9]+)*");
  private static final Pattern CODE = Pattern.compile("(.+)-([0-9]{6})-([0-9]{4})");
  private static final DateTimeFormatter YYMMDD =
      DateTimeFormatter.ofPattern("uuMMdd").withResolverStyle(ResolverStyle.STRICT);

  public ReceiptCode {
    checkAgency(agencyCode);
    Objects.requireNonNull(receiptDate, "receiptDate");
    if (receiptDate.getYear() < 2000 || receiptDate.getYear() > 2099) {
      throw new IllegalArgumentException("receipt date " + receiptDate + " does not fit yyMMdd (years 2000-2099)");
    }
    if (sequence < 1) {
      throw new IllegalArgumentException("receipt sequence must be 1.." + MAX_SEQUENCE + " (got " + sequence + ")");
    }
    if (sequence > MAX_SEQUENCE) {
      throw new ReceiptSequenceExhaustedException("receipt sequence " + sequence + " for agency " + agencyCode
          + " on " + receiptDate + " exceeds " + MAX_SEQUENCE + ": the day's four-digit counter is exhausted");
    }
  }

  /** Receipt days are Vietnam time (DOMAIN.md). */
  public static final java.time.ZoneId ZONE = WorkingCalendar.ZONE;

  /** The receipt day of an instant: its calendar date in Vietnam. */
  public static LocalDate dayOf(Instant at) {
    return at.atZone(ZONE).toLocalDate();
  }

  /** {@code yyMMdd}: the day as it appears in the code, and the key of the day's counter. */
  public static String dayText(LocalDate day) {
    return YYMMDD.format(day);
  }

  /** The code for a dossier received at {@code receivedAt}: the date is taken in Vietnam time. */
  public static ReceiptCode of(String agencyCode, Instant receivedAt, int sequence) {
    return new ReceiptCode(agencyCode, receivedAt.atZone(WorkingCalendar.ZONE).toLocalDate(), sequence);
  }

  /**
   * @throws IllegalArgumentException naming what is wrong with {@code text}
   */
  public static ReceiptCode parse(String text) {
    if (text == null) throw new IllegalArgumentException("receipt code is missing");
    Matcher m = CODE.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("receipt code '" + text + "' must be <agency code>-<yyMMdd>-<4-digit sequence>,"
          + " such as 000.00.01.H26-260930-0012");
    }
    LocalDate date;
    try {
      date = LocalDate.parse(m.group(2), YYMMDD);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("receipt code '" + text + "': '" + m.group(2) + "' is not a real date yyMMdd");
    }
    return new ReceiptCode(m.group(1), date, Integer.parseInt(m.group(3)));
  }

  /** The code as text, e.g. {@code 000.00.01.H26-260930-0012}. */
  public String format() {
    return agencyCode + "-" + YYMMDD.format(receiptDate) + "-" + String.format(Locale.ROOT, "%04d", sequence);
  }

  @Override
  public String toString() {
    return format();
  }

  private static void checkAgency(String agencyCode) {
    if (agencyCode == null || agencyCode.isEmpty()) {
      throw new IllegalArgumentException("agency code is missing");
    }
    if (agencyCode.length() > MAX_AGENCY_LENGTH || !AGENCY.matcher(agencyCode).matches()) {
      throw new IllegalArgumentException("agency code '" + agencyCode + "' must be at most " + MAX_AGENCY_LENGTH
          + " upper-case letters and digits in dot-separated groups, such as 000.00.01.H26");
    }
  }
}
