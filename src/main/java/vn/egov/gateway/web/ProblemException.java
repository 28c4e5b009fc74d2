package vn.egov.gateway.web;

/** Bad input or an unavailable neighbour, rendered once as problem+json by {@link FailureHandler}. */
public final class ProblemException extends HttpFailure {
  private final Problem problem;

  public ProblemException(Problem problem) {
    super(problem.status(), problem.titleEn());
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }
}
