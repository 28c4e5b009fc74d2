package vn.egov.gateway.dev.portal;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import vn.egov.gateway.web.Html;

/** A dossier's status and history ({@code /dossiers/:receipt}; reloading shows the agency's progress) and "my dossiers". */
final class DossierHandlers {
  private final GatewayApi api;
  private final Pages pages;

  DossierHandlers(GatewayApi api, Pages pages) {
    this.api = api;
    this.pages = pages;
  }

  void show(RoutingContext ctx) {
    PortalSession s = DemoPortal.session(ctx);
    if (!DemoPortal.requireLogin(ctx, s)) return;
    String receipt = ctx.pathParam("receipt");
    boolean submitted = ctx.request().getParam("submitted") != null;
    api.dossier(s.accessToken(), receipt).onSuccess(a -> {
      JsonObject dossier = a.ok() ? a.body() : s.receipts.get(receipt);
      if (a.status() == 401) {
        DemoPortal.requireLogin(ctx, null);
      } else if (dossier == null) {
        pages.message(ctx, s, 404, pages.t(s, "error.title"), pages.t(s, "dossier.notFound"), "/dossiers", pages.t(s, "nav.dossiers"));
      } else {
        pages.send(ctx, s, 200, pages.t(s, "dossier.title", receipt), page(s, receipt, dossier, submitted));
      }
    }).onFailure(e -> pages.message(ctx, s, 502, pages.t(s, "error.title"), pages.t(s, "error.gateway"), "/", pages.t(s, "brand")));
  }

  private String page(PortalSession s, String receipt, JsonObject d, boolean submitted) {
    StringBuilder b = new StringBuilder();
    if (submitted) {
      b.append("<h1 id=\"submitted\">").append(Html.esc(pages.t(s, "submitted.title"))).append("</h1><p class=\"notice\" role=\"status\">")
          .append(Html.esc(pages.t(s, "submitted.lead"))).append("</p>");
    } else {
      b.append("<h1>").append(Html.esc(pages.t(s, "dossier.title", receipt))).append("</h1>");
    }
    b.append("<dl class=\"facts\">")
        .append(fact(pages.t(s, "dossier.receipt"), "receipt-code", receipt))
        .append(fact(pages.t(s, "dossier.procedure"), "procedure", procedure(d, s)))
        .append(fact(pages.t(s, "dossier.status"), "status", pages.status(s, d.getValue("status"), d.getValue("statusName"))))
        .append(fact(pages.t(s, "dossier.received"), "received-at", Pages.when(d.getValue("receivedAt"))))
        .append(fact(pages.t(s, "dossier.due"), "due-at", Pages.when(d.getValue("dueAt"))))
        .append("</dl>");
    JsonArray history = d.getJsonArray("history", new JsonArray());
    if (!history.isEmpty()) {
      b.append("<h2>").append(Html.esc(pages.t(s, "dossier.history"))).append("</h2><ol id=\"history\" class=\"history\">");
      for (Object o : history) {
        if (!(o instanceof JsonObject h)) continue;
        Object at = h.getValue("at", h.getValue("changedAt", h.getValue("time")));
        b.append("<li><time>").append(Html.esc(Pages.when(at))).append("</time> ")
            .append(Html.esc(pages.status(s, h.getValue("status"), h.getValue("statusName"))));
        String note = h.getString("note");
        if (note != null && !note.isBlank()) b.append(" <span class=\"muted\">").append(Html.esc(note)).append("</span>");
        b.append("</li>");
      }
      b.append("</ol>");
    }
    b.append("<p><a class=\"button\" id=\"refresh\" href=\"/dossiers/").append(Html.esc(receipt)).append("\">")
        .append(Html.esc(pages.t(s, "dossier.refresh"))).append("</a></p>");
    return b.toString();
  }

  void mine(RoutingContext ctx) {
    PortalSession s = DemoPortal.session(ctx);
    if (!DemoPortal.requireLogin(ctx, s)) return;
    api.myDossiers(s.accessToken()).onSuccess(a -> {
      if (a.status() == 401) {
        DemoPortal.requireLogin(ctx, null);
        return;
      }
      JsonArray list = a.body().getJsonArray("dossiers", a.body().getJsonArray("items", new JsonArray()));
      StringBuilder b = new StringBuilder("<h1>").append(Html.esc(pages.t(s, "dossiers.title"))).append("</h1>");
      if (!a.ok()) {
        b.append("<p class=\"error\">").append(Html.esc(pages.t(s, "form.unavailable"))).append("</p>");
      } else if (list.isEmpty()) {
        b.append("<p>").append(Html.esc(pages.t(s, "dossiers.none"))).append("</p>");
      } else {
        b.append("<div class=\"scroll\"><table class=\"cards-sm\" id=\"dossiers\"><thead><tr><th scope=\"col\">").append(Html.esc(pages.t(s, "dossier.receipt")))
            .append("</th><th scope=\"col\">").append(Html.esc(pages.t(s, "dossier.procedure")))
            .append("</th><th scope=\"col\">").append(Html.esc(pages.t(s, "dossier.status")))
            .append("</th><th scope=\"col\">").append(Html.esc(pages.t(s, "dossier.due"))).append("</th></tr></thead><tbody>");
        for (Object o : list) {
          if (!(o instanceof JsonObject d)) continue;
          String receipt = d.getString("receiptCode", "");
          b.append("<tr>").append(Pages.td(pages.t(s, "dossier.receipt"), "<a href=\"/dossiers/" + Html.esc(receipt) + "\">" + Html.esc(receipt) + "</a>"))
              .append(Pages.td(pages.t(s, "dossier.procedure"), Html.esc(procedure(d, s))))
              .append(Pages.td(pages.t(s, "dossier.status"), Html.esc(pages.status(s, d.getValue("status"), d.getValue("statusName")))))
              .append(Pages.td(pages.t(s, "dossier.due"), Html.esc(Pages.when(d.getValue("dueAt"))))).append("</tr>");
        }
        b.append("</tbody></table></div>");
      }
      pages.send(ctx, s, 200, pages.t(s, "dossiers.title"), b.toString());
    }).onFailure(e -> pages.message(ctx, s, 502, pages.t(s, "error.title"), pages.t(s, "error.gateway"), "/", pages.t(s, "brand")));
  }

  /** The procedure's name when the API gives one ({@code procedureName}), else its code. */
  private static String procedure(JsonObject d, PortalSession s) {
    String name = Pages.localized(d.getValue("procedureName"), s.lang);
    Object code = d.getValue("procedure");
    if (code instanceof JsonObject p) return Pages.localized(p.getValue("name"), s.lang);
    return name.isEmpty() ? (code == null ? "" : String.valueOf(code)) : name + " (" + code + ")";
  }

  private static String fact(String label, String id, String value) {
    return "<div><dt>" + Html.esc(label) + "</dt><dd id=\"" + id + "\">" + Html.esc(value) + "</dd></div>";
  }
}
