package vn.egov.gateway.dossier;

import java.time.Instant;

/**
 * One entry of a dossier's history. {@code seq} is the arrival order (1 = the submission);
 * {@code at} is when the status took effect according to its source; {@code reportId} is the
 * agency's id of the report, by which duplicates are recognised ({@code null} for the gateway's own).
 */
public record StatusChange(String receiptCode, int seq, int status, Instant at, String source, String reportId,
                           String note) {
  /** The gateway recorded it (the submission). */
  public static final String SOURCE_GATEWAY = "gateway";
  /** The competent agency reported it. */
  public static final String SOURCE_AGENCY = "agency";
}
