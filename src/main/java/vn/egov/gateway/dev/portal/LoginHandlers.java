package vn.egov.gateway.dev.portal;

import com.nimbusds.oauth2.sdk.id.State;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.egov.gateway.web.Html;

/** {@code /} (home), {@code /login}, {@code /callback} and {@code /logout}: the OpenID Connect side of the portal. */
final class LoginHandlers {
  private static final Logger LOG = LoggerFactory.getLogger(LoginHandlers.class);

  private final OidcClient oidc;
  private final PortalSessions sessions;
  private final Pages pages;
  private final String baseUrl;

  LoginHandlers(OidcClient oidc, PortalSessions sessions, Pages pages, String baseUrl) {
    this.oidc = oidc;
    this.sessions = sessions;
    this.pages = pages;
    this.baseUrl = baseUrl;
  }

  void home(RoutingContext ctx) {
    PortalSession s = DemoPortal.session(ctx);
    StringBuilder body = new StringBuilder();
    String state = ctx.request().getParam("state");
    if (state != null && state.equals(s.logoutState)) {
      s.logoutState = null;
      body.append("<p class=\"notice\" id=\"logged-out\" role=\"status\">").append(Html.esc(pages.t(s, "home.loggedOut"))).append("</p>");
    }
    body.append("<h1>").append(Html.esc(pages.t(s, "home.title"))).append("</h1>");
    if (s.loggedIn()) {
      String name = s.login.name() == null ? "" : s.login.name();
      body.append("<p id=\"hello\">").append(Html.esc(pages.t(s, "home.hello", name))).append("</p>")
          .append("<p class=\"muted\">").append(Html.esc(pages.t(s, "home.level", s.login.acr()))).append("</p>")
          .append("<p><a class=\"button\" href=\"/procedures\">").append(Html.esc(pages.t(s, "nav.procedures"))).append("</a></p>");
    } else {
      body.append("<p>").append(Html.esc(pages.t(s, "home.lead"))).append("</p>")
          .append("<p><a class=\"button primary\" id=\"login\" href=\"/login\">").append(Html.esc(pages.t(s, "home.login"))).append("</a></p>");
    }
    pages.send(ctx, s, 200, pages.t(s, "home.title"), body.toString());
  }

  /** Starts a login: {@code next} (a path of the portal), {@code acr} (LoA2 for a step-up) and {@code prompt=consent} are optional. */
  void login(RoutingContext ctx) {
    PortalSession s = DemoPortal.session(ctx);
    String acr = "LoA2".equals(ctx.request().getParam("acr")) ? "LoA2" : null;
    String prompt = "consent".equals(ctx.request().getParam("prompt")) ? "consent" : null;
    oidc.startLogin(acr, prompt, s.lang.tag()).onSuccess(pending -> {
      s.pendingLogin = pending;
      s.afterLogin = localPath(ctx.request().getParam("next"));
      DemoPortal.redirect(ctx, pending.authorizationUrl().toString());
    }).onFailure(e -> {
      LOG.warn("login could not start: {}", e.getMessage());
      pages.message(ctx, s, 502, pages.t(s, "error.title"), pages.t(s, "error.gateway"), "/", pages.t(s, "callback.retry"));
    });
  }

  /** The redirect back from the gateway, with a code or an error such as {@code access_denied} (consent denied). */
  void callback(RoutingContext ctx) {
    PortalSession s = DemoPortal.session(ctx);
    OidcClient.PendingLogin pending = s.pendingLogin;
    if (pending == null) {
      pages.message(ctx, s, 400, pages.t(s, "error.title"), pages.t(s, "error.session"), "/login", pages.t(s, "callback.retry"));
      return;
    }
    s.pendingLogin = null; // one use: a replayed callback URL finds nothing to finish
    oidc.finishLogin(URI.create(baseUrl + ctx.request().uri()), pending).onSuccess(login -> {
      PortalSession fresh = sessions.rotate(ctx, s);
      fresh.login = login;
      LOG.info("citizen logged in to the demo portal acr={}", login.acr());
      DemoPortal.redirect(ctx, s.afterLogin == null ? "/" : s.afterLogin);
    }).onFailure(e -> {
      if (e instanceof OidcClient.AuthorizationError error) {
        if (error.code().equals("access_denied")) {
          pages.message(ctx, s, 200, pages.t(s, "callback.denied.title"), pages.t(s, "callback.denied"), "/login", pages.t(s, "callback.retry"));
        } else {
          pages.message(ctx, s, 200, pages.t(s, "callback.failed.title"), pages.t(s, "callback.failed", error.code()), "/login",
              pages.t(s, "callback.retry"));
        }
      } else if (e instanceof IllegalArgumentException) {
        pages.message(ctx, s, 400, pages.t(s, "error.title"), pages.t(s, "error.session"), "/login", pages.t(s, "callback.retry"));
      } else {
        LOG.warn("login could not finish: {}", e.getMessage());
        pages.message(ctx, s, 502, pages.t(s, "error.title"), pages.t(s, "error.gateway"), "/login", pages.t(s, "callback.retry"));
      }
    });
  }

  /** Ends the portal's session, then the gateway's (RP-initiated logout), which sends the browser back to {@code /}. */
  void logout(RoutingContext ctx) {
    PortalSession s = DemoPortal.session(ctx);
    if (!s.loggedIn()) {
      DemoPortal.redirect(ctx, "/");
      return;
    }
    var idToken = s.login.idToken();
    PortalSession fresh = sessions.rotate(ctx, s);
    State state = new State();
    fresh.logoutState = state.getValue();
    oidc.logoutUrl(idToken, URI.create(baseUrl + "/"), state)
        .onSuccess(url -> DemoPortal.redirect(ctx, url.toString()))
        .onFailure(e -> DemoPortal.redirect(ctx, "/"));
  }

  /** Only a path of this portal: never an absolute or protocol-relative URL (open redirect). */
  static String localPath(String next) {
    if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\")) return null;
    return next;
  }
}
