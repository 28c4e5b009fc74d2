package vn.egov.gateway.dossier;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dossier's receipt code as the national portal shows it: {@code <agency code>-<yyMMdd>-<sequence>},
 * e.g. {@code 000.00.01.H26-260930-0012}. The sequence counts per agency per receipt day (Vietnam
 * time) and is printed with at least four digits; an agency receiving more than 9,999 dossiers
 * in one day gets five, rather than a refused dossier.
 */
public record ReceiptCode(String agencyCode, LocalDate day, int sequence) {
  /** Receipt days and the portal's exchange dates are Vietnam time (DOMAIN.md). */
  public static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyMMdd");
  private static final Pattern FORMAT = Pattern.compile("(.+)-(\\d{6})-(\\d{4,})");

  public ReceiptCode {
    if (agencyCode == null || agencyCode.isBlank()) throw new IllegalArgumentException("agency code is required");
    if (sequence < 1) throw new IllegalArgumentException("sequence starts at 1");
  }

  /** The receipt day of an instant: its calendar date in Vietnam. */
  public static LocalDate dayOf(Instant at) {
    return at.atZone(ZONE).toLocalDate();
  }

  /** {@code yyMMdd}, the day as it appears in the code (and the counter's key). */
  public static String dayText(LocalDate day) {
    return DAY.format(day);
  }

  public static ReceiptCode parse(String text) {
    Matcher m = FORMAT.matcher(text == null ? "" : text);
    if (!m.matches()) throw new IllegalArgumentException("not a receipt code: " + text);
    return new ReceiptCode(m.group(1), LocalDate.parse("20" + m.group(2), DateTimeFormatter.BASIC_ISO_DATE),
        Integer.parseInt(m.group(3)));
  }

  @Override
  public String toString() {
    return agencyCode + "-" + dayText(day) + "-" + String.format("%04d", sequence);
  }
}
