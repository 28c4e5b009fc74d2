package vn.egov.gateway.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.Map;

/** A citizen's login in dev mode: the gateway, the mock VNeID's form, the consent page; then the portal's tokens. */
public final class DevLogin {
  private final String vneidUrl;
  private final PortalClient portal;

  public DevLogin(DevStackHarness dev) {
    this(dev.gatewayUrl(), dev.vneidUrl());
  }

  /** For a dev stack running elsewhere, e.g. in another process. */
  public DevLogin(String gatewayUrl, String vneidUrl) {
    this.vneidUrl = vneidUrl;
    this.portal = new PortalClient(gatewayUrl);
  }

  public PortalClient portal() {
    return portal;
  }

  /** The n-th listed test account of a level. */
  public JsonObject account(int level, int n) {
    JsonArray list = new JsonArray(new Browser().get(vneidUrl + "/dev/citizens?limit=200").body());
    int seen = 0;
    for (Object o : list) {
      JsonObject c = (JsonObject) o;
      if (c.getInteger("level") == level && seen++ == n) return c;
    }
    throw new AssertionError("no account " + n + " of level " + level);
  }

  /** Logs the citizen in with these scopes and approves consent; returns the token response. */
  public JsonObject tokens(Browser b, JsonObject citizen, String scope, Map<String, String> extra) {
    Pkce pkce = Pkce.create();
    var toIdp = b.get(portal.authorizeUrl(scope, "st", "n", pkce, extra));
    URI next = Browser.location(toIdp);
    if (next.toString().startsWith(vneidUrl)) {
      var form = b.get(next);
      var posted = b.submitForm(form, Map.of("username", citizen.getString("identity_number"),
          "password", citizen.getString("password"), "otp", citizen.getString("otp")));
      if (posted.statusCode() != 302) throw new AssertionError("login failed: " + posted.statusCode());
      next = Browser.location(b.get(Browser.location(posted)));
    }
    if (next.getPath().equals("/consent")) {
      next = Browser.location(b.submitForm(b.get(next), Map.of("decision", "approve")));
    }
    String code = Browser.query(next).get("code");
    if (code == null) throw new AssertionError("no code: " + next);
    var r = portal.redeem(code, pkce);
    if (r.statusCode() != 200) throw new AssertionError("token: " + r.body());
    return PortalClient.json(r);
  }
}
