package vn.egov.gateway.web;

/**
 * An error shown to a citizen's browser as an HTML page, never as a redirect: used where the
 * request cannot be trusted to send the browser anywhere (unknown client, unregistered redirect
 * URI; OpenID Connect Core 3.1.2.6) or where the login itself failed.
 */
public final class PageException extends HttpFailure {
  private final String messageKey;
  private final String detail;
  private final java.net.URI returnTo;

  public PageException(int status, String messageKey, String detail) {
    this(status, messageKey, detail, null);
  }

  /** With {@code returnTo}: a link that takes the citizen back to the portal with an error result. */
  public PageException(int status, String messageKey, String detail, java.net.URI returnTo) {
    super(status, messageKey);
    this.messageKey = messageKey;
    this.detail = detail;
    this.returnTo = returnTo;
  }

  public java.net.URI returnTo() {
    return returnTo;
  }

  public String messageKey() {
    return messageKey;
  }

  public String detail() {
    return detail;
  }
}
