package vn.egov.gateway.dossier;

import java.time.LocalTime;
import java.util.Objects;

/**
 * The one-stop desk's day, in Vietnam time: {@code opens} matters for fast-track promises only;
 * {@code cutOff} is when a day's receipts end and when a deadline falls due. Hà Nội works
 * 08:00-12:00 and 13:00-17:00; provinces differ (07:30-16:30 in many southern ones), hence a
 * parameter. The lunch break is not modelled.
 */
public record OfficeHours(LocalTime opens, LocalTime cutOff) {
  public static final OfficeHours DEFAULT = new OfficeHours(LocalTime.of(8, 0), LocalTime.of(17, 0));

  public OfficeHours {
    Objects.requireNonNull(opens, "opens");
    Objects.requireNonNull(cutOff, "cutOff");
    if (!opens.isBefore(cutOff)) {
      throw new IllegalArgumentException("office hours must open before the cut-off (got " + opens + "-" + cutOff + ")");
    }
  }
}
