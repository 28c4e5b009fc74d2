package vn.egov.gateway.web;

/**
 * An error shown to a citizen's browser as an HTML page, never as a redirect: used where the
 * request cannot be trusted to send the browser anywhere (unknown client, unregistered redirect
 * URI; OpenID Connect Core 3.1.2.6) or where the login itself failed.
 */
public final class PageException extends HttpFailure {
  private final String messageKey;
  private final String detail;

  public PageException(int status, String messageKey, String detail) {
    super(status, messageKey);
    this.messageKey = messageKey;
    this.detail = detail;
  }

  public String messageKey() {
    return messageKey;
  }

  public String detail() {
    return detail;
  }
}
