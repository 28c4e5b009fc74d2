package vn.egov.gateway.oidc;

import com.nimbusds.jwt.JWTClaimsSet;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.egov.gateway.config.ClientConfig;
import vn.egov.gateway.web.Html;
import vn.egov.gateway.web.Lang;
import vn.egov.gateway.web.Messages;
import vn.egov.gateway.web.PageException;

/**
 * {@code GET|POST /logout}: OpenID Connect RP-Initiated Logout 1.0. With a valid
 * {@code id_token_hint} the session ends at once and the browser goes to the registered
 * {@code post_logout_redirect_uri}; without one the citizen confirms first (section 2), with a
 * POST that a cross-site page cannot forge because the session cookie is SameSite=Lax.
 */
public final class LogoutHandler implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(LogoutHandler.class);

  private final TokenService tokens;
  private final SessionService sessions;
  private final Function<String, ClientConfig> clients;
  private final Messages messages;
  private final String brand;

  public LogoutHandler(TokenService tokens, SessionService sessions, Function<String, ClientConfig> clients, Messages messages, String brand) {
    this.tokens = tokens;
    this.sessions = sessions;
    this.clients = clients;
    this.messages = messages;
    this.brand = brand;
  }

  @Override
  public void handle(RoutingContext ctx) {
    boolean post = ctx.request().method().name().equals("POST");
    if (post) HttpMessages.requireForm(ctx);
    MultiMap params = post ? ctx.request().formAttributes() : ctx.queryParams();
    Lang lang = Lang.of(ctx, Lang.fromTags(params.get("ui_locales")));

    String hint = params.get("id_token_hint");
    ClientConfig client = null;
    if (hint != null) {
      JWTClaimsSet claims;
      try {
        claims = tokens.verifyIdTokenHint(hint);
      } catch (TokenService.InvalidTokenException e) {
        throw new PageException(400, "invalid_logout", e.getMessage());
      }
      client = clients.apply(claims.getAudience().get(0));
    }
    String clientId = params.get("client_id");
    if (clientId != null) {
      if (client != null && !client.clientId().equals(clientId)) throw new PageException(400, "invalid_logout", "client_id does not match the id_token_hint");
      if (client == null) client = clients.apply(clientId);
      if (client == null) throw new PageException(400, "unknown_client", null);
    }
    URI target = null;
    String redirect = params.get("post_logout_redirect_uri");
    if (redirect != null) {
      final ClientConfig c = client;
      if (c == null || c.postLogoutRedirectUris().stream().noneMatch(u -> u.toString().equals(redirect))) {
        throw new PageException(400, "unregistered_post_logout_redirect_uri", null);
      }
      String state = params.get("state");
      target = URI.create(redirect + (state == null ? ""
          : (redirect.contains("?") ? "&" : "?") + "state=" + java.net.URLEncoder.encode(state, java.nio.charset.StandardCharsets.UTF_8)));
    }
    boolean confirmed = hint != null || (post && "logout".equals(params.get("decision")));
    if (!confirmed) {
      ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").putHeader("Cache-Control", "no-store")
          .end(confirmPage(lang, params));
      return;
    }
    final URI to = target;
    sessions.current(ctx)
        .compose(s -> sessions.destroy(ctx, s == null ? null : s.id()).map(v -> s))
        .onSuccess(s -> {
          if (s != null) LOG.info("citizen logged out citizen={}", s.identity().maskedIdentityNumber());
          if (to != null) {
            AuthorizationFlow.redirect(ctx, to);
          } else {
            String title = messages.get(lang, "logout.done");
            ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").putHeader("Cache-Control", "no-store")
                .end(Html.page(lang, brand, title, "<h1>" + Html.esc(title) + "</h1>", null, null));
          }
        })
        .onFailure(ctx::fail);
  }

  private String confirmPage(Lang lang, MultiMap params) {
    StringBuilder hidden = new StringBuilder();
    for (String name : new String[] {"post_logout_redirect_uri", "state", "client_id", "ui_locales"}) {
      String v = params.get(name);
      if (v != null) hidden.append("<input type=\"hidden\" name=\"").append(name).append("\" value=\"").append(Html.esc(v)).append("\">");
    }
    String title = messages.get(lang, "logout.title");
    String body = "<h1>" + Html.esc(title) + "</h1><p>" + Html.esc(messages.get(lang, "logout.question")) + "</p>"
        + "<form method=\"post\" action=\"/logout\">" + hidden
        + "<button class=\"primary\" type=\"submit\" name=\"decision\" value=\"logout\">" + Html.esc(messages.get(lang, "logout.confirm"))
        + "</button></form>";
    return Html.page(lang, brand, title, body, null, null);
  }

}
