package vn.egov.gateway.web;

import java.net.URI;

/**
 * An authorization error sent back to the portal's registered redirect URI (RFC 6749 section
 * 4.1.2.1). Only raised once the client and redirect URI are known to be registered.
 */
public final class RedirectFailure extends HttpFailure {
  private final URI location;

  public RedirectFailure(URI location, String error) {
    super(302, error);
    this.location = location;
  }

  public URI location() {
    return location;
  }
}
