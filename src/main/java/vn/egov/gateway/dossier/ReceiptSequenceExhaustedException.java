package vn.egov.gateway.dossier;

/**
 * An agency's receipt counter passed 9999 for one day: the code has room for four digits only.
 * This is our limit, not bad input: the caller refuses the dossier with a 503 and alerts ops,
 * rather than issuing a code that the national portal's format cannot carry.
 */
public final class ReceiptSequenceExhaustedException extends IllegalStateException {
  public ReceiptSequenceExhaustedException(String message) {
    super(message);
  }
}
