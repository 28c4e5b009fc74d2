package vn.egov.gateway.prefill;

import java.time.DayOfWeek;

/**
 * A fast-track day: dossiers received on {@code weekday} are due within {@code minutes}
 * instead of the statutory working days ("Green Tuesday" in Mê Linh, DOMAIN.md).
 */
public record FastTrack(DayOfWeek weekday, int minutes) {
}
