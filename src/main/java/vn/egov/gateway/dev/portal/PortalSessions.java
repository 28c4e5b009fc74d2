package vn.egov.gateway.dev.portal;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Sessions of the portal, in memory: a random id in an HttpOnly, SameSite=Lax cookie, the state on
 * the server. Used from the portal's event loop only. A real portal with several instances would
 * keep them in a shared store instead.
 */
final class PortalSessions {
  static final String COOKIE = "demo_portal_session";
  private static final Duration IDLE = Duration.ofMinutes(30);

  private final Map<String, PortalSession> sessions = new HashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final Clock clock;
  private final boolean secureCookie;

  PortalSessions(Clock clock, boolean secureCookie) {
    this.clock = clock;
    this.secureCookie = secureCookie;
  }

  /** The browser's session, or a new one (with its cookie set) when it has none or it expired. */
  PortalSession of(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(COOKIE);
    Instant now = clock.instant();
    PortalSession s = cookie == null ? null : sessions.get(cookie.getValue());
    if (s != null && s.lastSeen.plus(IDLE).isBefore(now)) {
      sessions.remove(s.id);
      s = null;
    }
    if (s == null) s = create(ctx, now);
    s.lastSeen = now;
    return s;
  }

  /** A fresh id after login, so an id planted before it is worth nothing (session fixation). */
  PortalSession rotate(RoutingContext ctx, PortalSession old) {
    sessions.remove(old.id);
    PortalSession s = create(ctx, clock.instant());
    s.lang = old.lang;
    return s;
  }

  void sweep() {
    Instant cutoff = clock.instant().minus(IDLE);
    sessions.values().removeIf(s -> s.lastSeen.isBefore(cutoff));
  }

  private PortalSession create(RoutingContext ctx, Instant now) {
    PortalSession s = new PortalSession(token(), token(), now);
    sessions.put(s.id, s);
    ctx.response().addCookie(Cookie.cookie(COOKIE, s.id).setPath("/").setHttpOnly(true).setSecure(secureCookie)
        .setSameSite(CookieSameSite.LAX));
    return s;
  }

  String token() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
