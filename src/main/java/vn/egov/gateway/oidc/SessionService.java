package vn.egov.gateway.oidc;

import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import vn.egov.gateway.store.EphemeralStore;
import vn.egov.gateway.upstream.CitizenIdentity;

/**
 * SSO sessions: an opaque random id in an HttpOnly, SameSite=Lax cookie (Secure outside plain-HTTP
 * dev), the session itself in the {@link EphemeralStore} so any instance can read it.
 */
public final class SessionService {
  public static final String COOKIE = "egov_session";
  private static final String PREFIX = "session:";

  private final EphemeralStore store;
  private final Clock clock;
  private final Duration ttl;
  private final boolean secure;

  public SessionService(EphemeralStore store, Clock clock, Duration ttl, boolean secure) {
    this.store = store;
    this.clock = clock;
    this.ttl = ttl;
    this.secure = secure;
  }

  public Future<Session> create(RoutingContext ctx, CitizenIdentity identity) {
    Session s = new Session(TokenService.randomToken(), identity, clock.instant());
    return store.put(PREFIX + s.id(), s.toJson().encode(), ttl).map(v -> {
      ctx.response().addCookie(cookie(COOKIE, s.id(), ttl.toSeconds()));
      return s;
    });
  }

  /** The session of this browser, or {@code null}. */
  public Future<Session> current(RoutingContext ctx) {
    Cookie c = ctx.request().getCookie(COOKIE);
    if (c == null || c.getValue().isBlank()) return Future.succeededFuture();
    return byId(c.getValue());
  }

  public Future<Session> byId(String id) {
    return store.get(PREFIX + id).map(v -> v == null ? null : Session.fromJson(new JsonObject(v)));
  }

  public Future<Void> destroy(RoutingContext ctx, String id) {
    ctx.response().addCookie(cookie(COOKIE, "", 0));
    return id == null ? Future.succeededFuture() : store.delete(PREFIX + id);
  }

  public Cookie cookie(String name, String value, long maxAgeSeconds) {
    return Cookie.cookie(name, value).setPath("/").setHttpOnly(true).setSecure(secure)
        .setSameSite(CookieSameSite.LAX).setMaxAge(maxAgeSeconds);
  }
}
