package vn.egov.gateway.dossier;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.regex.Pattern;

/**
 * The national public service portal's exchange format for instants: {@code yyyyMMddHHmmss} in
 * Asia/Ho_Chi_Minh, no zone or offset in the text (DOMAIN.md, Dossier statuses).
 */
public final class ExchangeTime {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuuMMddHHmmss").withResolverStyle(ResolverStyle.STRICT);
  private static final Pattern SHAPE = Pattern.compile("[0-9]{14}");

  private ExchangeTime() {
  }

  public static String format(Instant instant) {
    return FORMAT.format(instant.atZone(WorkingCalendar.ZONE));
  }

  public static String format(ZonedDateTime time) {
    return format(time.toInstant());
  }

  /**
   * @throws IllegalArgumentException unless exactly 14 ASCII digits forming a real date and time
   */
  public static ZonedDateTime parse(String text) {
    if (text == null || !SHAPE.matcher(text).matches()) {
      throw new IllegalArgumentException("exchange time must be 14 digits yyyyMMddHHmmss (got '" + text + "')");
    }
    try {
      return LocalDateTime.parse(text, FORMAT).atZone(WorkingCalendar.ZONE);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("exchange time '" + text + "' is not a real date and time", e);
    }
  }
}
