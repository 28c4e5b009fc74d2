package vn.egov.gateway.dev.portal;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import vn.egov.gateway.web.Html;

/** "Who read my data" ({@code GET /api/v1/me/data-access}) and the citizen's consents, with withdrawal. */
final class MyDataHandlers {
  private final GatewayApi api;
  private final Pages pages;

  MyDataHandlers(GatewayApi api, Pages pages) {
    this.api = api;
    this.pages = pages;
  }

  void show(RoutingContext ctx) {
    PortalSession s = DemoPortal.session(ctx);
    if (!DemoPortal.requireLogin(ctx, s)) return;
    Future.all(api.dataAccess(s.accessToken()), api.consents(s.accessToken())).onSuccess(all -> {
      GatewayApi.Answer access = all.resultAt(0);
      GatewayApi.Answer consents = all.resultAt(1);
      if (access.status() == 401 || consents.status() == 401) {
        DemoPortal.requireLogin(ctx, null);
        return;
      }
      StringBuilder b = new StringBuilder("<h1>").append(Html.esc(pages.t(s, "data.title"))).append("</h1>");
      String withdrawn = ctx.request().getParam("withdrawn");
      if (withdrawn != null) {
        b.append("<p class=\"notice\" id=\"withdrawn\" role=\"status\">").append(Html.esc(pages.t(s, "data.withdrawn", withdrawn))).append("</p>");
      }
      b.append("<p>").append(Html.esc(pages.t(s, "data.lead"))).append("</p>");
      entries(s, access.body().getJsonArray("entries", new JsonArray()), b);
      decisions(s, consents.body().getJsonArray("decisions", new JsonArray()), b);
      pages.send(ctx, s, 200, pages.t(s, "data.title"), b.toString());
    }).onFailure(e -> pages.message(ctx, s, 502, pages.t(s, "error.title"), pages.t(s, "error.gateway"), "/", pages.t(s, "brand")));
  }

  private void entries(PortalSession s, JsonArray entries, StringBuilder b) {
    if (entries.isEmpty()) {
      b.append("<p id=\"no-access\">").append(Html.esc(pages.t(s, "data.none"))).append("</p>");
      return;
    }
    b.append("<div class=\"scroll\"><table class=\"cards-sm\" id=\"data-access\"><thead><tr>")
        .append(th(pages.t(s, "data.when"))).append(th(pages.t(s, "data.portal"))).append(th(pages.t(s, "data.procedure")))
        .append(th(pages.t(s, "data.fields"))).append(th(pages.t(s, "data.purpose"))).append("</tr></thead><tbody>");
    for (Object o : entries) {
      if (!(o instanceof JsonObject e)) continue;
      b.append("<tr>").append(Pages.td(pages.t(s, "data.when"), Html.esc(Pages.when(e.getValue("at")))))
          .append(Pages.td(pages.t(s, "data.portal"), Html.esc(portal(e, s))))
          .append(Pages.td(pages.t(s, "data.procedure"), Html.esc(e.getString("procedure", ""))))
          .append(Pages.td(pages.t(s, "data.fields"),
              Html.esc(String.join(", ", e.getJsonArray("attributes", new JsonArray()).stream().map(String::valueOf).toList()))))
          .append(Pages.td(pages.t(s, "data.purpose"), Html.esc(e.getString("purpose", "")))).append("</tr>");
    }
    b.append("</tbody></table></div>");
  }

  private void decisions(PortalSession s, JsonArray decisions, StringBuilder b) {
    b.append("<h2>").append(Html.esc(pages.t(s, "data.consents"))).append("</h2>");
    if (decisions.isEmpty()) {
      b.append("<p>").append(Html.esc(pages.t(s, "data.consentsNone"))).append("</p>");
      return;
    }
    // The latest decision per portal is the one in force; only a standing approval can be withdrawn.
    Map<String, JsonObject> latest = new LinkedHashMap<>();
    b.append("<div class=\"scroll\"><table class=\"cards-sm\" id=\"consents\"><thead><tr>").append(th(pages.t(s, "data.when"))).append(th(pages.t(s, "data.portal")))
        .append(th(pages.t(s, "data.decision"))).append(th(pages.t(s, "data.scopes"))).append("</tr></thead><tbody>");
    for (Object o : decisions) {
      if (!(o instanceof JsonObject d)) continue;
      String clientId = d.getJsonObject("portal", new JsonObject()).getString("clientId", "");
      JsonObject previous = latest.get(clientId);
      if (previous == null || previous.getString("at", "").compareTo(d.getString("at", "")) <= 0) latest.put(clientId, d);
      b.append("<tr>").append(Pages.td(pages.t(s, "data.when"), Html.esc(Pages.when(d.getValue("at")))))
          .append(Pages.td(pages.t(s, "data.portal"), Html.esc(portal(d, s))))
          .append(Pages.td(pages.t(s, "data.decision"), Html.esc(pages.t(s, "decision." + d.getString("decision", "denied")))))
          .append(Pages.td(pages.t(s, "data.scopes"),
              Html.esc(String.join(" ", d.getJsonArray("scopes", new JsonArray()).stream().map(String::valueOf).toList()))))
          .append("</tr>");
    }
    b.append("</tbody></table></div>");
    latest.forEach((clientId, d) -> {
      if (!"approved".equals(d.getString("decision"))) return;
      b.append("<form method=\"post\" action=\"/data/consents/").append(Html.esc(clientId)).append("/withdraw\">").append(Pages.csrfInput(s))
          .append("<button type=\"submit\" class=\"danger\" data-client=\"").append(Html.esc(clientId)).append("\">")
          .append(Html.esc(pages.t(s, "data.withdraw"))).append(": ").append(Html.esc(portal(d, s))).append("</button></form>");
    });
  }

  void withdraw(RoutingContext ctx) {
    PortalSession s = DemoPortal.session(ctx);
    if (!DemoPortal.requireLogin(ctx, s)) return;
    String clientId = ctx.pathParam("clientId");
    api.withdrawConsent(s.accessToken(), clientId).onSuccess(a -> {
      if (a.status() == 401) {
        DemoPortal.requireLogin(ctx, null);
      } else {
        DemoPortal.redirect(ctx, a.ok() ? "/data?withdrawn=" + java.net.URLEncoder.encode(clientId, java.nio.charset.StandardCharsets.UTF_8)
            : "/data");
      }
    }).onFailure(e -> pages.message(ctx, s, 502, pages.t(s, "error.title"), pages.t(s, "error.gateway"), "/", pages.t(s, "brand")));
  }

  private static String portal(JsonObject entry, PortalSession s) {
    JsonObject p = entry.getJsonObject("portal", new JsonObject());
    String name = s.lang == vn.egov.gateway.web.Lang.EN ? p.getString("nameEn") : p.getString("name");
    return name != null ? name : p.getString("clientId", entry.getString("clientId", ""));
  }

  private static String th(String label) {
    return "<th scope=\"col\">" + Html.esc(label) + "</th>";
  }
}
