package vn.egov.gateway.dossier;

/**
 * How a submission ended. {@code receipt} is set for {@link Outcome#NEW} and {@link Outcome#REPLAY}.
 */
public record SubmitResult(Outcome outcome, Receipt receipt) {

  public enum Outcome {
    /** Stored now: dossier, first history entry and delivery job. */
    NEW,
    /** The same key and the same body were accepted before: the stored answer. */
    REPLAY,
    /** The same key came with another body: nothing stored (the API answers 422). */
    CONFLICT_BODY,
    /** A concurrent request holds the key: nothing stored (the API answers 409; retrying later replays). */
    IN_PROGRESS
  }

  public static SubmitResult created(Receipt receipt) {
    return new SubmitResult(Outcome.NEW, receipt);
  }

  public static SubmitResult replay(Receipt receipt) {
    return new SubmitResult(Outcome.REPLAY, receipt);
  }

  public static SubmitResult conflictingBody() {
    return new SubmitResult(Outcome.CONFLICT_BODY, null);
  }

  public static SubmitResult inProgress() {
    return new SubmitResult(Outcome.IN_PROGRESS, null);
  }
}
