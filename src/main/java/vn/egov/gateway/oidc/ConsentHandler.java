package vn.egov.gateway.oidc;

import io.vertx.ext.web.RoutingContext;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import vn.egov.gateway.config.ClientConfig;
import vn.egov.gateway.web.Html;
import vn.egov.gateway.web.Lang;
import vn.egov.gateway.web.Messages;
import vn.egov.gateway.web.PageException;

/**
 * The consent page: which portal, for what purpose, which attributes with the values it would
 * receive; approve or deny. One {@code <form method=post>} whose submit buttons are named
 * {@code decision} (the automation contract of DESIGN.md section 3). Vietnamese unless the portal
 * asked for English ({@code ui_locales}) or the citizen switched.
 */
public final class ConsentHandler {
  private final AuthorizationFlow flow;
  private final SessionService sessions;
  private final Function<String, ClientConfig> clients;
  private final Messages messages;
  private final String brand;

  public ConsentHandler(AuthorizationFlow flow, SessionService sessions, Function<String, ClientConfig> clients,
      Messages messages, String brand) {
    this.flow = flow;
    this.sessions = sessions;
    this.clients = clients;
    this.messages = messages;
    this.brand = brand;
  }

  public void page(RoutingContext ctx) {
    String tx = ctx.request().getParam("tx");
    sessions.current(ctx)
        .compose(session -> flow.pendingForConsent(tx, session).map(p -> {
          if (p == null) throw new PageException(400, "login_expired", null);
          ClientConfig client = clients.apply(p.clientId());
          Lang lang = Lang.of(ctx, Lang.fromTags(p.uiLocales()));
          StringBuilder rows = new StringBuilder();
          for (var row : ReleasedClaims.preview(session.identity(), p.scopes())) {
            rows.append("<tr><th scope=\"row\">").append(Html.esc(messages.get(lang, row.labelKey()))).append("</th><td>")
                .append(row.value() == null ? "" : Html.esc(row.value())).append("</td></tr>");
          }
          String title = messages.get(lang, "consent.title");
          String body = "<h1>" + Html.esc(title) + "</h1>"
              + "<p>" + Html.esc(messages.get(lang, "consent.intro", lang == Lang.EN ? client.nameEn() : client.nameVi())) + "</p>"
              + "<p><strong>" + Html.esc(messages.get(lang, "consent.purpose")) + "</strong> "
              + Html.esc(lang == Lang.EN ? client.purposeEn() : client.purposeVi()) + "</p>"
              + "<table aria-label=\"" + Html.esc(messages.get(lang, "consent.attributes")) + "\">" + rows + "</table>"
              + "<p class=\"muted\">" + Html.esc(messages.get(lang, "consent.withdraw")) + "</p>"
              + "<form method=\"post\" action=\"/consent\">"
              + "<input type=\"hidden\" name=\"tx\" value=\"" + Html.esc(p.id()) + "\">"
              + "<input type=\"hidden\" name=\"csrf\" value=\"" + Html.esc(p.csrf()) + "\">"
              + "<input type=\"hidden\" name=\"lang\" value=\"" + lang.tag() + "\">"
              + "<button class=\"primary\" type=\"submit\" name=\"decision\" value=\"approve\">"
              + Html.esc(messages.get(lang, "consent.approve")) + "</button> "
              + "<button type=\"submit\" name=\"decision\" value=\"deny\">" + Html.esc(messages.get(lang, "consent.deny")) + "</button>"
              + "</form>";
          Lang other = lang == Lang.VI ? Lang.EN : Lang.VI;
          return Html.page(lang, brand, title, body, "/consent?tx=" + p.id() + "&lang=" + other.tag(), messages.get(lang, "lang.switch"));
        }))
        .onSuccess(html -> ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
            .putHeader("Cache-Control", "no-store").end(html))
        .onFailure(ctx::fail);
  }

  public void decide(RoutingContext ctx) {
    var form = ctx.request().formAttributes();
    String decision = form.get("decision");
    if (!"approve".equals(decision) && !"deny".equals(decision)) throw new PageException(400, "invalid_consent", null);
    sessions.current(ctx)
        .compose(session -> flow.pendingForConsent(form.get("tx"), session).compose(p -> {
          if (p == null) throw new PageException(400, "login_expired", null);
          // The CSRF token ties the decision to the page we rendered for this pending request.
          String csrf = form.get("csrf");
          if (csrf == null || !MessageDigest.isEqual(csrf.getBytes(StandardCharsets.UTF_8), p.csrf().getBytes(StandardCharsets.UTF_8))) {
            throw new PageException(400, "invalid_consent", null);
          }
          return flow.decide(ctx, p, session, "approve".equals(decision));
        }))
        .onFailure(ctx::fail);
  }
}
