package vn.egov.gateway.web;

/**
 * An error at an OAuth endpoint, rendered in the format of RFC 6749 section 5.2
 * ({@code error}, {@code error_description}) rather than problem+json, as those RFCs require.
 */
public final class OAuthException extends HttpFailure {
  private final String error;
  private final String wwwAuthenticate;

  public OAuthException(int status, String error, String description) {
    this(status, error, description, null);
  }

  public OAuthException(int status, String error, String description, String wwwAuthenticate) {
    super(status, description);
    this.error = error;
    this.wwwAuthenticate = wwwAuthenticate;
  }

  public String error() {
    return error;
  }

  public String description() {
    return getMessage();
  }

  public String wwwAuthenticate() {
    return wwwAuthenticate;
  }

  public static OAuthException invalidRequest(String description) {
    return new OAuthException(400, "invalid_request", description);
  }

  public static OAuthException invalidGrant(String description) {
    return new OAuthException(400, "invalid_grant", description);
  }

  public static OAuthException invalidClient(String description) {
    return new OAuthException(401, "invalid_client", description, "Basic realm=\"egov-gateway\"");
  }

  public static OAuthException invalidToken(String description) {
    return new OAuthException(401, "invalid_token", description,
        "Bearer error=\"invalid_token\", error_description=\"" + description.replace("\"", "'") + "\"");
  }
}
