package vn.egov.gateway.web;

/**
 * A failure that is the client's (4xx) or a neighbour's (502/503/504), as opposed to our own bug.
 * Each kind is rendered in its own format by {@link FailureHandler}. No stack trace: these are
 * expected outcomes, thrown often, and never logged as errors.
 */
public abstract sealed class HttpFailure extends RuntimeException permits ProblemException, OAuthException, PageException, RedirectFailure {
  private final int status;

  protected HttpFailure(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
