package vn.egov.gateway.dossier;

/**
 * An agency's report that was recorded: {@link StatusUpdate.Outcome#APPLIED} (the dossier's status
 * changed) or {@link StatusUpdate.Outcome#OUT_OF_ORDER} (it joined the history, the status stayed).
 * Duplicates raise no event.
 *
 * @param dossier the dossier as it was just before the report (its client, citizen, procedure...)
 * @param report  what the agency reported
 * @param update  what the store did; {@code update.currentStatus()} is the status now
 */
public record StatusChangeEvent(Dossier dossier, StatusReport report, StatusUpdate update) {

  public String receiptCode() {
    return dossier.receiptCode();
  }

  public boolean applied() {
    return update.outcome() == StatusUpdate.Outcome.APPLIED;
  }
}
