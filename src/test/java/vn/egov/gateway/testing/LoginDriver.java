package vn.egov.gateway.testing;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * Drives a citizen's browser through a brokered login against a {@link FakeUpstream}: the IdP
 * redirect, the callback, and the consent page when one is shown. Returns where the gateway
 * finally sends the browser (the portal's redirect URI).
 */
public final class LoginDriver {
  private final String gateway;
  private final FakeUpstream upstream;

  public LoginDriver(String gateway, FakeUpstream upstream) {
    this.gateway = gateway;
    this.upstream = upstream;
  }

  public URI login(Browser browser, String authorizeUrl, String acr, String decision) {
    HttpResponse<String> r = browser.get(authorizeUrl);
    return continueFrom(browser, r, acr, decision);
  }

  public URI continueFrom(Browser browser, HttpResponse<String> r, String acr, String decision) {
    if (r.statusCode() != 302) throw new AssertionError("expected a redirect, got " + r.statusCode() + ": " + r.body());
    URI next = Browser.location(r);
    if (next.toString().startsWith(upstream.issuer())) {
      Map<String, String> up = Browser.query(next);
      upstream.stubTokenWithIdToken(upstream.sign(upstream.idTokenClaims(up.get("nonce"), acr).build()));
      upstream.stubUserInfo(FakeUpstream.citizenClaims("vneid-sub-1"));
      r = browser.get(gateway + "/login/callback?code=c&state=" + up.get("state"));
      if (r.statusCode() != 302) throw new AssertionError("callback failed " + r.statusCode() + ": " + r.body());
      next = Browser.location(r);
    }
    if (next.getPath().equals("/consent") && next.toString().startsWith(gateway)) {
      HttpResponse<String> page = browser.get(next);
      r = browser.submitForm(page, Map.of("decision", decision));
      if (r.statusCode() != 302) throw new AssertionError("consent failed " + r.statusCode() + ": " + r.body());
      next = Browser.location(r);
    }
    return next;
  }
}
