package vn.egov.gateway.dossier;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * What a portal's webhook receives when one of its dossiers changes (DESIGN.md section 5), built
 * in the transaction that records the change. The portal knows the citizen by {@code subject}, the
 * pairwise subject it was given at login.
 */
public final class DossierEvent {
  public static final String STATUS_CHANGED = "dossier.status-changed";
  public static final String OVERDUE = "dossier.overdue";

  private DossierEvent() {
  }

  /**
   * A status report was recorded; {@code current} is the dossier's status afterwards (an
   * out-of-order report joins the history without changing it).
   */
  public static JsonObject statusChanged(String receiptCode, String procedure, String subject, int reported, Instant at,
      int current, String note) {
    return base(STATUS_CHANGED, receiptCode, procedure, subject)
        .put("reportedStatus", status(reported))
        .put("at", iso(at))
        .put("status", status(current))
        .put("note", note);
  }

  /** The due date passed unresolved: the agency's apology (form 04) is attached. */
  public static JsonObject overdue(String receiptCode, String procedure, String subject, Instant dueAt, Instant at,
      String apologyNotice) {
    return base(OVERDUE, receiptCode, procedure, subject)
        .put("dueAt", iso(dueAt))
        .put("at", iso(at))
        .put("apologyNotice", apologyNotice);
  }

  private static JsonObject base(String type, String receiptCode, String procedure, String subject) {
    return new JsonObject().put("type", type).put("receiptCode", receiptCode).put("procedure", procedure).put("subject", subject);
  }

  private static JsonObject status(int code) {
    DossierStatus s = DossierStatus.of(code);
    return new JsonObject().put("code", code).put("name", new JsonObject().put("vi", s.nameVi()).put("en", s.nameEn()));
  }

  private static String iso(Instant at) {
    return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at.atZone(WorkingCalendar.ZONE));
  }
}
