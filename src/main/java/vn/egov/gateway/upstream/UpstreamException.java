package vn.egov.gateway.upstream;

/**
 * The national IdP failed us: unreachable, an error answer, or an answer we must not trust
 * (bad signature, wrong issuer, audience or nonce). The citizen sees an error page; no session is made.
 */
public final class UpstreamException extends RuntimeException {
  private final Reason reason;

  public enum Reason {
    UNAVAILABLE, ERROR_RESPONSE, INVALID_TOKEN, INVALID_CLAIMS, CANCELLED
  }

  public UpstreamException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public UpstreamException(Reason reason, String message, Throwable cause) {
    super(message, cause, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
