package vn.egov.gateway.dossier;

/** What an agency's status report did; {@code currentStatus} is the dossier's status afterwards (0 if unknown). */
public record StatusUpdate(Outcome outcome, int currentStatus) {

  public enum Outcome {
    /** Recorded in the history and now the current status. */
    APPLIED,
    /** Recorded in the history; an already known status is more recent, so the current status stays. */
    OUT_OF_ORDER,
    /** A report with this id was recorded before: nothing changed. */
    DUPLICATE,
    /** No dossier has this receipt code. */
    UNKNOWN_DOSSIER
  }
}
