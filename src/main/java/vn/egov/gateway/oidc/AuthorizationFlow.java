package vn.egov.gateway.oidc;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ResponseMode;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCError;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.egov.gateway.audit.AuditTrail;
import vn.egov.gateway.config.ClientConfig;
import vn.egov.gateway.ops.GatewayMetrics;
import vn.egov.gateway.store.EphemeralStore;
import vn.egov.gateway.upstream.CitizenIdentity;
import vn.egov.gateway.upstream.UpstreamClient;
import vn.egov.gateway.upstream.UpstreamException;
import vn.egov.gateway.web.PageException;
import vn.egov.gateway.web.RequestIdHandler;

/**
 * The broker's journey for one authorization request: reuse the SSO session or log the citizen in
 * at the national IdP, ask for consent when the portal has none, then hand the portal a code.
 * Every step's state lives in the {@link EphemeralStore}, so any instance can take the next step.
 */
public final class AuthorizationFlow {
  private static final Logger LOG = LoggerFactory.getLogger(AuthorizationFlow.class);
  static final String LOGIN_COOKIE = "egov_login";
  private static final String PENDING = "authz:";
  private static final String UPSTREAM = "uplogin:";
  static final String CODE = "code:";

  private final EphemeralStore store;
  private final SessionService sessions;
  private final ConsentStore consents;
  private final UpstreamClient upstream;
  private final AuthorizationRequests requests;
  private final PairwiseSubjects pairwise;
  private final Function<String, ClientConfig> clients;
  private final Clock clock;
  private final Duration loginTimeout;
  private final Duration codeTtl;
  private final Issuer issuer;
  private final GatewayMetrics metrics;
  private final AuditTrail audit;

  public AuthorizationFlow(EphemeralStore store, SessionService sessions, ConsentStore consents, UpstreamClient upstream,
      AuthorizationRequests requests, PairwiseSubjects pairwise,
      Function<String, ClientConfig> clients, Clock clock,
      Duration loginTimeout, Duration codeTtl, String issuer, GatewayMetrics metrics, AuditTrail audit) {
    this.store = store;
    this.sessions = sessions;
    this.consents = consents;
    this.upstream = upstream;
    this.requests = requests;
    this.pairwise = pairwise;
    this.clients = clients;
    this.clock = clock;
    this.loginTimeout = loginTimeout;
    this.codeTtl = codeTtl;
    this.issuer = new Issuer(issuer);
    this.metrics = metrics;
    this.audit = audit;
  }

  /** Continues a validated request: SSO session if it is good enough, otherwise an upstream login. */
  public Future<Void> start(RoutingContext ctx, PendingAuthorization p) {
    return sessions.current(ctx).compose(session -> {
      if (session != null && satisfies(session, p)) return afterLogin(ctx, p, session);
      // OIDC Core 3.1.2.1: prompt=none must not show any page.
      if (p.prompts("none")) return Future.failedFuture(requests.redirect(p, OIDCError.LOGIN_REQUIRED));
      boolean force = p.prompts("login") || p.prompts("select_account") || session != null;
      return beginUpstreamLogin(ctx, p, force);
    });
  }

  private boolean satisfies(Session s, PendingAuthorization p) {
    if (p.prompts("login") || p.prompts("select_account")) return false;
    if (p.maxAgeSeconds() != null && s.authTime().plusSeconds(p.maxAgeSeconds()).isBefore(clock.instant())) return false;
    return p.requiredLevel() == null || s.level().satisfies(p.requiredLevel());
  }

  private Future<Void> beginUpstreamLogin(RoutingContext ctx, PendingAuthorization p, boolean force) {
    String acr = p.requiredLevel() == null ? null : p.requiredLevel().acr();
    return upstream.loginRequest(acr, force, p.uiLocales(), p.loginHint())
        .recover(e -> Future.failedFuture(upstreamPage(p, e)))
        .compose(login -> {
          JsonObject tx = new JsonObject().put("pending", p.id()).put("nonce", login.nonce().getValue())
              .put("verifier", login.verifier().getValue());
          return Future.all(
                  store.put(PENDING + p.id(), p.toJson().encode(), loginTimeout),
                  store.put(UPSTREAM + login.state().getValue(), tx.encode(), loginTimeout))
              .map(v -> {
                // Binds the callback to this browser, against login CSRF (RFC 6749 section 10.12).
                ctx.response().addCookie(sessions.cookie(LOGIN_COOKIE, p.id(), loginTimeout.toSeconds()));
                redirect(ctx, login.uri());
                return null;
              });
        });
  }

  /** {@code GET /login/callback}: the national IdP sends the citizen back here. */
  public Future<Void> callback(RoutingContext ctx) {
    String state = ctx.request().getParam("state");
    if (state == null || state.isBlank() || state.length() > 512) {
      return Future.failedFuture(new PageException(400, "invalid_callback", null));
    }
    return store.take(UPSTREAM + state).compose(rawTx -> {
      if (rawTx == null) return Future.failedFuture(new PageException(400, "login_expired", null));
      JsonObject tx = new JsonObject(rawTx);
      String pendingId = tx.getString("pending");
      Cookie bound = ctx.request().getCookie(LOGIN_COOKIE);
      if (bound == null || !bound.getValue().equals(pendingId)) {
        return Future.failedFuture(new PageException(400, "invalid_callback", null));
      }
      ctx.response().addCookie(sessions.cookie(LOGIN_COOKIE, "", 0));
      return store.get(PENDING + pendingId).compose(rawPending -> {
        if (rawPending == null) return Future.failedFuture(new PageException(400, "login_expired", null));
        PendingAuthorization p = PendingAuthorization.fromJson(new JsonObject(rawPending));
        String error = ctx.request().getParam("error");
        if (error != null) {
          if (error.equals("access_denied")) {
            metrics.login("denied", null);
            return Future.failedFuture(requests.redirect(p, OAuth2Error.ACCESS_DENIED));
          }
          metrics.login("failed", null);
          LOG.warn("upstream login failed requestId={} error={}", RequestIdHandler.of(ctx), safe(error));
          return Future.failedFuture(upstreamPage(p, new UpstreamException(UpstreamException.Reason.ERROR_RESPONSE, "upstream error " + safe(error))));
        }
        String code = ctx.request().getParam("code");
        if (code == null || code.isBlank()) return Future.failedFuture(new PageException(400, "invalid_callback", null));
        return upstream.completeLogin(code, new Nonce(tx.getString("nonce")), new CodeVerifier(tx.getString("verifier")))
            .recover(e -> {
              LOG.warn("upstream login rejected requestId={} reason={}", RequestIdHandler.of(ctx), e.getMessage());
              metrics.login("failed", null);
              return Future.failedFuture(upstreamPage(p, e));
            })
            .compose(identity -> sessions.create(ctx, identity))
            .compose(session -> {
              LOG.info("citizen logged in requestId={} citizen={} level={}", RequestIdHandler.of(ctx),
                  session.identity().maskedIdentityNumber(), session.level().acr());
              // The portal demanded a level the IdP did not deliver: say so rather than downgrade silently.
              if (p.requiredLevel() != null && !session.level().satisfies(p.requiredLevel())) {
                metrics.login("unmet_level", session.level().acr());
                return Future.failedFuture(requests.redirect(p, OIDCError.UNMET_AUTHENTICATION_REQUIREMENTS
                    .setDescription(p.requiredLevel().acr() + " required, " + session.level().acr() + " obtained")));
              }
              metrics.login("success", session.level().acr());
              return recorded(audit.login(pairwise.citizenKey(session.identity().identityNumber()), p.clientId(),
                  session.level().acr(), RequestIdHandler.of(ctx))).compose(v -> afterLogin(ctx, p, session));
            });
      });
    });
  }

  /**
   * Waits for the audit entry, so the trail follows the order of events; an audit store that
   * fails is logged loudly but does not take citizens' logins down with it.
   */
  private static Future<Void> recorded(Future<?> appended) {
    return appended.<Void>mapEmpty().recover(e -> {
      LOG.error("audit append failed: {}", e.getMessage());
      return Future.succeededFuture();
    });
  }

  private static String safe(String s) {
    return s.length() > 64 ? s.substring(0, 64) : s.replaceAll("[^A-Za-z0-9_.-]", "?");
  }

  private PageException upstreamPage(PendingAuthorization p, Throwable cause) {
    if (cause instanceof PageException pe) return pe;
    URI back = requests.redirect(p, OAuth2Error.TEMPORARILY_UNAVAILABLE
        .setDescription("the national identity provider could not complete the login")).location();
    boolean unavailable = cause instanceof UpstreamException u && u.reason() == UpstreamException.Reason.UNAVAILABLE;
    return new PageException(502, unavailable ? "upstream_unavailable" : "upstream_failed", null, back);
  }

  private Future<Void> afterLogin(RoutingContext ctx, PendingAuthorization p, Session session) {
    String citizenKey = pairwise.citizenKey(session.identity().identityNumber());
    return consents.granted(citizenKey, p.clientId()).compose(granted -> {
      if (!p.prompts("consent") && granted.containsAll(p.scopes())) return issueCode(ctx, p, session);
      if (p.prompts("none")) return Future.failedFuture(requests.redirect(p, OIDCError.CONSENT_REQUIRED));
      return store.put(PENDING + p.id(), p.toJson().put("sessionId", session.id()).encode(), loginTimeout)
          .map(v -> {
            redirect(ctx, URI.create("/consent?tx=" + p.id()));
            return null;
          });
    });
  }

  /** The pending request behind a consent page, if it belongs to this browser's session. */
  public Future<PendingAuthorization> pendingForConsent(String txId, Session session) {
    if (txId == null || txId.length() > 128 || session == null) return Future.succeededFuture();
    return store.get(PENDING + txId).map(raw -> {
      if (raw == null) return null;
      JsonObject j = new JsonObject(raw);
      return session.id().equals(j.getString("sessionId")) ? PendingAuthorization.fromJson(j) : null;
    });
  }

  /** Records the citizen's decision and finishes the request either way. */
  public Future<Void> decide(RoutingContext ctx, PendingAuthorization p, Session session, boolean approved) {
    return store.take(PENDING + p.id()).compose(raw -> {
      // Taken already: a double submit of the consent form. Only the first one counts.
      if (raw == null) return Future.failedFuture(new PageException(400, "login_expired", null));
      var client = clients.apply(p.clientId());
      var decision = new ConsentStore.Decision(pairwise.citizenKey(session.identity().identityNumber()), p.clientId(),
          p.scopes(), approved, client.purposeVi(), clock.instant());
      metrics.consent(approved);
      return consents.record(decision)
          .compose(v -> recorded(audit.consent(decision.citizenKey(), p.clientId(), p.scopes(), approved, RequestIdHandler.of(ctx))))
          .compose(v -> {
        LOG.info("consent {} requestId={} client={} citizen={} scopes={}", approved ? "approved" : "denied",
            RequestIdHandler.of(ctx), p.clientId(), session.identity().maskedIdentityNumber(), p.scopes());
        if (!approved) return Future.failedFuture(requests.redirect(p, OAuth2Error.ACCESS_DENIED.setDescription("the citizen denied consent")));
        return issueCode(ctx, p, session);
      });
    });
  }

  private Future<Void> issueCode(RoutingContext ctx, PendingAuthorization p, Session session) {
    var client = clients.apply(p.clientId());
    CitizenIdentity id = session.identity();
    Instant now = clock.instant();
    Grant grant = new Grant(TokenService.randomToken(), p.clientId(), pairwise.subject(client.sector(), id.identityNumber()),
        new LinkedHashSet<>(p.scopes()), id, id.level().acr(), session.authTime(), session.id(), now);
    AuthorizationCode code = new AuthorizationCode(TokenService.randomToken());
    JsonObject record = new JsonObject().put("grant", grant.toJson()).put("redirectUri", p.redirectUri().toString())
        .put("codeChallenge", p.codeChallenge()).put("nonce", p.nonce());
    return Future.all(store.put(CODE + code.getValue(), record.encode(), codeTtl), store.delete(PENDING + p.id()))
        .map(v -> {
          var response = new AuthorizationSuccessResponse(p.redirectUri(), code, null,
              p.state() == null ? null : new State(p.state()), issuer, ResponseMode.QUERY);
          redirect(ctx, response.toURI());
          return null;
        });
  }

  static void redirect(RoutingContext ctx, URI location) {
    ctx.response().setStatusCode(302).putHeader("Location", location.toString()).putHeader("Cache-Control", "no-store").end();
  }

}
