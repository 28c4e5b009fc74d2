package vn.egov.gateway.dev.portal;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.pointer.JsonPointer;
import io.vertx.ext.web.RoutingContext;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.egov.gateway.web.Html;

/**
 * The catalogue, the prefilled form, inline validation and submission. The form comes from the
 * procedure's JSON Schema; the values from the gateway's prefill; locked register values are sent
 * back exactly as the gateway signed them, whatever the browser posts.
 */
final class ProcedureHandlers {
  private static final Logger LOG = LoggerFactory.getLogger(ProcedureHandlers.class);

  private final GatewayApi api;
  private final Pages pages;
  private final FormRenderer forms;

  ProcedureHandlers(GatewayApi api, Pages pages) {
    this.api = api;
    this.pages = pages;
    this.forms = new FormRenderer(pages.messages());
  }

  void list(RoutingContext ctx) {
    PortalSession s = DemoPortal.session(ctx);
    api.procedures().onSuccess(a -> {
      JsonArray list = a.body().getJsonArray("procedures", new JsonArray());
      StringBuilder body = new StringBuilder("<h1>").append(Html.esc(pages.t(s, "procedures.title"))).append("</h1><ul class=\"cards\">");
      for (Object o : list) {
        JsonObject p = (JsonObject) o;
        String code = p.getString("code", "");
        body.append("<li class=\"card\"><h2>").append(Html.esc(Pages.localized(p.getValue("name"), s.lang))).append("</h2>")
            .append("<p class=\"muted\">").append(Html.esc(code)).append(" · ")
            .append(Html.esc(Pages.localized(p.getJsonObject("agency", new JsonObject()).getValue("name"), s.lang))).append("</p><p>")
            .append(Html.esc(pages.t(s, "procedures.limit", p.getJsonObject("timeLimit", new JsonObject()).getValue("workingDays", "?"))))
            .append("<br>").append(Html.esc(pages.t(s, "procedures.level", p.getString("requiredLevel", "")))).append("</p>")
            .append("<a class=\"button\" href=\"/procedures/").append(Html.esc(code)).append("\" data-code=\"").append(Html.esc(code))
            .append("\">").append(Html.esc(pages.t(s, "procedures.start"))).append("<span class=\"visually-hidden\">: ")
            .append(Html.esc(Pages.localized(p.getValue("name"), s.lang))).append("</span></a></li>");
      }
      body.append("</ul>");
      pages.send(ctx, s, 200, pages.t(s, "procedures.title"), body.toString());
    }).onFailure(e -> gatewayDown(ctx, s, e));
  }

  /** {@code GET /procedures/:code}: the form, pre-filled from the register. */
  void form(RoutingContext ctx) {
    PortalSession s = DemoPortal.session(ctx);
    if (!DemoPortal.requireLogin(ctx, s)) return;
    String code = ctx.pathParam("code");
    Future.all(api.procedure(code), api.prefill(s.accessToken(), code)).onSuccess(all -> {
      GatewayApi.Answer procedure = all.resultAt(0);
      GatewayApi.Answer prefill = all.resultAt(1);
      if (procedure.status() == 404) {
        pages.message(ctx, s, 404, pages.t(s, "error.title"), pages.t(s, "error.notFound"), "/procedures", pages.t(s, "nav.procedures"));
        return;
      }
      if (!prefill.ok()) {
        prefillRefused(ctx, s, code, prefill);
        return;
      }
      PortalSession.FormState state = formState(prefill.body());
      s.forms.put(code, state);
      render(ctx, s, 200, procedure.body(), state.prefilled(), state, Map.of(), null);
    }).onFailure(e -> gatewayDown(ctx, s, e));
  }

  /** {@code POST /procedures/:code/check}: the gateway's verdict as JSON, for the messages shown while typing. */
  void check(RoutingContext ctx) {
    PortalSession s = DemoPortal.session(ctx);
    String code = ctx.pathParam("code");
    PortalSession.FormState state = s.forms.get(code);
    if (!s.loggedIn() || state == null) {
      ctx.response().setStatusCode(409).putHeader("Content-Type", "application/json").end("{\"available\":false}");
      return;
    }
    api.procedure(code).compose(p -> {
      JsonObject form = posted(p.body(), ctx, state);
      return api.validate(s.accessToken(), code, form, state.signature());
    }).onSuccess(v -> {
      JsonObject out = new JsonObject().put("available", v.status() == 200);
      JsonArray errors = new JsonArray();
      errors(v.body(), s).forEach((pointer, message) -> errors.add(new JsonObject().put("pointer", pointer).put("id", FormRenderer.id(pointer))
          .put("message", message)));
      ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
          .end(out.put("errors", errors).toBuffer());
    }).onFailure(e -> ctx.response().setStatusCode(502).putHeader("Content-Type", "application/json").end("{\"available\":false}"));
  }

  /** {@code POST /procedures/:code}: validate, then submit; errors come back beside their inputs. */
  void submit(RoutingContext ctx) {
    PortalSession s = DemoPortal.session(ctx);
    if (!DemoPortal.requireLogin(ctx, s)) return;
    String code = ctx.pathParam("code");
    PortalSession.FormState state = s.forms.get(code);
    if (state == null) {
      DemoPortal.redirect(ctx, "/procedures/" + code);
      return;
    }
    api.procedure(code).onSuccess(procedure -> {
      JsonObject form = posted(procedure.body(), ctx, state);
      api.validate(s.accessToken(), code, form, state.signature()).onSuccess(verdict -> {
        if (verdict.status() == 200 && !verdict.body().getBoolean("valid", false)) {
          render(ctx, s, 422, procedure.body(), form, state, errors(verdict.body(), s), null);
        } else if (verdict.status() == 401) {
          DemoPortal.requireLogin(ctx, null);
        } else {
          // Valid, or no validation endpoint at the gateway (404): the submission validates again anyway.
          deliver(ctx, s, code, procedure.body(), form, state);
        }
      }).onFailure(e -> gatewayDown(ctx, s, e));
    }).onFailure(e -> gatewayDown(ctx, s, e));
  }

  private void deliver(RoutingContext ctx, PortalSession s, String code, JsonObject procedure, JsonObject form, PortalSession.FormState state) {
    api.submit(s.accessToken(), state.idempotencyKey(), code, form, state.signature()).onSuccess(a -> {
      String receipt = a.body().getString("receiptCode");
      if (a.ok() && receipt != null) {
        s.forms.remove(code);
        s.receipts.put(receipt, a.body().put("procedure", a.body().getValue("procedure", code)));
        LOG.info("dossier submitted through the demo portal procedure={} receipt={}", code, receipt);
        DemoPortal.redirect(ctx, "/dossiers/" + receipt + "?submitted=1");
      } else if (a.status() == 422 || a.status() == 400) {
        Map<String, String> errors = errors(a.body(), s);
        if (errors.isEmpty()) errors = Map.of("", Pages.localized(a.body().getValue(s.lang == vn.egov.gateway.web.Lang.EN ? "title" : "title_vi"), s.lang));
        render(ctx, s, 422, procedure, form, state, errors, null);
      } else if (a.status() == 401) {
        DemoPortal.requireLogin(ctx, null);
      } else {
        render(ctx, s, a.status() == 404 || a.status() == 405 ? 503 : 502, procedure, form, state, Map.of(),
            a.status() == 404 || a.status() == 405 ? pages.t(s, "form.unavailable") : pages.t(s, "error.gateway"));
      }
    }).onFailure(e -> gatewayDown(ctx, s, e));
  }

  private JsonObject posted(JsonObject procedure, RoutingContext ctx, PortalSession.FormState state) {
    JsonObject form = forms.read(procedure.getJsonObject("form", new JsonObject()), ctx.request().formAttributes());
    // Locked register values go back as the gateway released and signed them, not as the browser posted them.
    for (String pointer : state.locked()) {
      Object value = FormRenderer.value(state.prefilled(), pointer);
      if (value != null) JsonPointer.from(pointer).writeJson(form, value, true);
    }
    return form;
  }

  private static PortalSession.FormState formState(JsonObject prefill) {
    Set<String> locked = new HashSet<>();
    Map<String, String> register = new LinkedHashMap<>();
    JsonObject fields = prefill.getJsonObject("fields", new JsonObject());
    for (String pointer : fields.fieldNames()) {
      JsonObject f = fields.getJsonObject(pointer);
      if (f.getValue("value") == null || f.getBoolean("withheld", false)) continue;
      register.put(pointer, f.getString("source", ""));
      if (f.getBoolean("locked", false)) locked.add(pointer);
    }
    return new PortalSession.FormState(prefill.getJsonObject("values", new JsonObject()), locked, register, prefill.getString("signature"),
        UUID.randomUUID().toString());
  }

  /** pointer -> message in the citizen's language, from a verdict or a 422 problem. */
  private static Map<String, String> errors(JsonObject body, PortalSession s) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Object o : body.getJsonArray("errors", new JsonArray())) {
      if (!(o instanceof JsonObject e)) continue;
      String pointer = e.getString("pointer", "");
      String message = Pages.localized(e.getValue("message"), s.lang);
      out.putIfAbsent(pointer, message.isEmpty() ? e.getString("code", "") : message);
    }
    return out;
  }

  private void render(RoutingContext ctx, PortalSession s, int status, JsonObject procedure, JsonObject values, PortalSession.FormState state,
      Map<String, String> errors, String notice) {
    String code = procedure.getString("code", "");
    JsonObject schema = procedure.getJsonObject("form", new JsonObject());
    String name = Pages.localized(procedure.getValue("name"), s.lang);
    FormRenderer.View view = new FormRenderer.View(s.lang, values, state.locked(), state.registerFields().keySet(), errors);
    StringBuilder body = new StringBuilder("<h1>").append(Html.esc(name)).append("</h1>")
        .append("<p class=\"muted\">").append(Html.esc(code)).append(" · ")
        .append(Html.esc(Pages.localized(procedure.getJsonObject("agency", new JsonObject()).getValue("name"), s.lang))).append("</p>")
        .append("<p class=\"hint\"><span class=\"source\">").append(Html.esc(pages.t(s, "form.fromRegister"))).append("</span> ")
        .append(Html.esc(pages.t(s, "form.lockedHint"))).append("</p>");
    if (notice != null) body.append("<p class=\"error\" id=\"notice\" role=\"alert\">").append(Html.esc(notice)).append("</p>");
    body.append("<div id=\"error-summary\" class=\"error-summary\" role=\"alert\" tabindex=\"-1\"").append(errors.isEmpty() ? " hidden" : "")
        .append("><h2>").append(Html.esc(pages.t(s, "form.errors"))).append("</h2><ul>");
    errors.forEach((pointer, message) -> body.append("<li><a href=\"#").append(FormRenderer.id(pointer)).append("\">")
        .append(Html.esc(message)).append("</a></li>"));
    body.append("</ul></div><form id=\"procedure-form\" method=\"post\" novalidate action=\"/procedures/").append(Html.esc(code))
        .append("\" data-check=\"/procedures/").append(Html.esc(code)).append("/check\">").append(Pages.csrfInput(s))
        .append(forms.render(schema, view))
        .append("<button type=\"submit\" class=\"primary\" id=\"submit\">").append(Html.esc(pages.t(s, "form.submit"))).append("</button></form>");
    pages.send(ctx, s, status, name, body.toString());
  }

  private void prefillRefused(RoutingContext ctx, PortalSession s, String code, GatewayApi.Answer prefill) {
    String back = "/procedures/" + code;
    switch (prefill.status() == 401 ? "unauthorized" : prefill.problem()) {
      case "unauthorized" -> DemoPortal.requireLogin(ctx, null);
      case "insufficient-assurance" -> pages.message(ctx, s, 403, pages.t(s, "error.title"), pages.t(s, "form.stepUp", "LoA2"),
          "/login?acr=LoA2&next=" + back, pages.t(s, "form.stepUpLink", "LoA2"));
      case "consent-required" -> pages.message(ctx, s, 403, pages.t(s, "error.title"), pages.t(s, "form.consentRequired"),
          "/login?prompt=consent&next=" + back, pages.t(s, "form.consentLink"));
      case "unknown-procedure" -> pages.message(ctx, s, 404, pages.t(s, "error.title"), pages.t(s, "error.notFound"), "/procedures",
          pages.t(s, "nav.procedures"));
      default -> pages.message(ctx, s, prefill.status() >= 500 ? 503 : 502, pages.t(s, "error.title"),
          prefill.status() >= 500 ? pages.t(s, "form.registerDown") : pages.t(s, "error.gateway"), back, pages.t(s, "callback.retry"));
    }
  }

  private void gatewayDown(RoutingContext ctx, PortalSession s, Throwable e) {
    LOG.warn("gateway call failed: {}", e.getMessage());
    pages.message(ctx, s, 502, pages.t(s, "error.title"), pages.t(s, "error.gateway"), "/", pages.t(s, "brand"));
  }
}
