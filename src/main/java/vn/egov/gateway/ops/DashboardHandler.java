package vn.egov.gateway.ops;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import vn.egov.gateway.dossier.WorkingCalendar;
import vn.egov.gateway.web.Html;
import vn.egov.gateway.web.Lang;
import vn.egov.gateway.web.Messages;

/**
 * The ops dashboard, {@code GET /ops/dashboard}, behind the same ops credentials as the API (the
 * browser's Basic prompt; see {@link OpsAuth}). The page is a server-rendered frame in Vietnamese
 * or English ({@code ?lang=en}); its own script ({@code dashboard.js}, same origin, no inline
 * code, so the gateway's {@code default-src 'self'} policy holds) polls {@code /ops/v1/overview},
 * lists the dead letters with a redrive button each, draws the charts as SVG and fills the
 * statistics table. Nothing is fetched from anywhere else: no CDN, no web fonts.
 */
public final class DashboardHandler {
  public static final String PATH = "/ops/dashboard";
  static final long POLL_MILLIS = 5_000;
  /** Texts the script needs at run time, handed over as a JSON data block (not executed, so CSP-neutral). */
  private static final List<String> SCRIPT_TEXTS = List.of("updated", "error.load", "chart.waiting", "chart.flowSummary",
      "chart.depthSummary", "legend.accepted", "legend.delivered", "legend.depth", "health.ready", "health.notReady",
      "check.store", "check.national-idp", "check.population-register", "check.agencies", "status.UP", "status.DOWN",
      "breakers.empty", "state.CLOSED", "state.HALF_OPEN", "state.OPEN", "queue.redrive", "queue.redriveLabel", "queue.empty",
      "queue.redriven", "queue.failed", "stats.caption", "stats.total", "stats.empty", "unit.seconds", "unit.minutes", "unit.hours", "unit.days");

  private final Future<Assets> assets;
  private final String brand;
  private final Clock clock;

  private record Assets(Messages messages, String css, String js, String icon) {
  }

  /** Reads the texts and assets off the event loop, once. */
  public DashboardHandler(Vertx vertx, String brand, Clock clock) {
    this.brand = brand;
    this.clock = clock;
    this.assets = vertx.executeBlocking(() -> new Assets(Messages.load("i18n/ops-dashboard"), resource("dashboard.css"),
        resource("dashboard.js"), resource("icon.svg")));
  }

  public void page(RoutingContext ctx) {
    Lang lang = Lang.of(ctx, Lang.VI);
    String period = period(ctx.request().getParam("period"));
    assets.onSuccess(a -> ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").putHeader("Cache-Control", "no-store")
        .end(html(a.messages(), lang, period))).onFailure(ctx::fail);
  }

  public void css(RoutingContext ctx) {
    assets.onSuccess(a -> asset(ctx, "text/css; charset=utf-8", a.css())).onFailure(ctx::fail);
  }

  public void js(RoutingContext ctx) {
    assets.onSuccess(a -> asset(ctx, "text/javascript; charset=utf-8", a.js())).onFailure(ctx::fail);
  }

  public void icon(RoutingContext ctx) {
    assets.onSuccess(a -> asset(ctx, "image/svg+xml", a.icon())).onFailure(ctx::fail);
  }

  private static void asset(RoutingContext ctx, String type, String body) {
    // Private: these sit behind ops credentials, so no shared cache may keep them.
    ctx.response().putHeader("Content-Type", type).putHeader("Cache-Control", "private, max-age=300").end(body);
  }

  /** The period asked for when it is valid, else the current quarter in Vietnam. */
  private String period(String asked) {
    if (asked != null) {
      try {
        return Statistics.Period.parse(asked).name();
      } catch (IllegalArgumentException e) {
        // falls back to the current quarter: the page is a view, the API reports the error
      }
    }
    LocalDate today = LocalDate.now(clock.withZone(WorkingCalendar.ZONE));
    return today.getYear() + "-Q" + ((today.getMonthValue() - 1) / 3 + 1);
  }

  private String html(Messages m, Lang lang, String period) {
    Lang other = lang == Lang.VI ? Lang.EN : Lang.VI;
    String self = PATH + "?lang=" + lang.tag() + "&period=" + java.net.URLEncoder.encode(period, StandardCharsets.UTF_8);
    String switchHref = PATH + "?lang=" + other.tag() + "&period=" + java.net.URLEncoder.encode(period, StandardCharsets.UTF_8);
    JsonObject texts = new JsonObject();
    for (String key : SCRIPT_TEXTS) texts.put(key, m.get(lang, key));
    StringBuilder b = new StringBuilder(8192);
    b.append("<!DOCTYPE html><html lang=\"").append(lang.tag()).append("\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>").append(t(m, lang, "title")).append(" · egov-gateway</title>")
        .append("<link rel=\"icon\" href=\"").append(PATH).append("/icon.svg\" type=\"image/svg+xml\">")
        .append("<link rel=\"stylesheet\" href=\"").append(PATH).append("/dashboard.css\">")
        .append("<script src=\"").append(PATH).append("/dashboard.js\" defer></script></head>")
        .append("<body data-lang=\"").append(lang.tag()).append("\" data-period=\"").append(Html.esc(period))
        .append("\" data-interval=\"").append(POLL_MILLIS).append("\">")
        .append("<a class=\"skip\" href=\"#main\">").append(t(m, lang, "skip")).append("</a>")
        .append("<header><span class=\"brand\">").append(Html.esc(brand)).append("</span>")
        .append("<a href=\"").append(Html.esc(switchHref)).append("\" hreflang=\"").append(other.tag()).append("\" lang=\"")
        .append(other.tag()).append("\">").append(t(m, lang, "switch")).append("</a></header>")
        .append("<main id=\"main\" tabindex=\"-1\"><h1>").append(t(m, lang, "title")).append("</h1>")
        .append("<noscript><p class=\"error\">").append(t(m, lang, "noscript")).append("</p></noscript>")
        .append("<p id=\"updated\" class=\"muted\">").append(t(m, lang, "loading")).append("</p>")
        .append("<p id=\"status\" class=\"status\" role=\"status\" aria-live=\"polite\"></p>");

    section(b, m, lang, "live");
    b.append("<dl class=\"figures\">");
    for (String f : List.of("pending", "inFlight", "oldest", "dead", "todayReceived", "todayResolved", "monthReceived",
        "monthResolved", "monthOnTime", "logins", "prefills")) {
      b.append("<div class=\"figure\"><dt>").append(t(m, lang, "fig." + f)).append("</dt><dd id=\"fig-").append(f)
          .append("\" data-figure=\"").append(f).append("\">–</dd></div>");
    }
    b.append("</dl></section>");

    section(b, m, lang, "charts");
    b.append("<div class=\"charts\">");
    for (String c : List.of("flow", "depth")) {
      b.append("<figure class=\"chart\"><figcaption id=\"chart-").append(c).append("-caption\">").append(t(m, lang, "chart." + c))
          .append("</figcaption><div id=\"chart-").append(c).append("\" class=\"plot\"><p class=\"muted\">")
          .append(t(m, lang, "chart.waiting")).append("</p></div></figure>");
    }
    b.append("</div></section>");

    section(b, m, lang, "health");
    b.append("<p id=\"readiness\" class=\"badge\"></p>")
        .append(table("health", t(m, lang, "health.heading"), false, headers(m, lang, "health.check", "health.status", "health.detail")))
        .append("<h3>").append(t(m, lang, "breakers.heading")).append("</h3>")
        .append(table("breakers", t(m, lang, "breakers.heading"), false, headers(m, lang, "breaker.name", "breaker.state")))
        .append("</section>");

    section(b, m, lang, "queue");
    b.append(table("dead-letters", t(m, lang, "queue.caption"), true,
            headers(m, lang, "queue.code", "queue.agency", "queue.attempts", "queue.error", "queue.action")))
        .append("<p id=\"queue-empty\" class=\"muted\" hidden>").append(t(m, lang, "queue.empty")).append("</p></section>");

    section(b, m, lang, "stats");
    b.append("<form id=\"stats-form\" class=\"period\" method=\"get\" action=\"").append(PATH).append("\">")
        .append("<input type=\"hidden\" name=\"lang\" value=\"").append(lang.tag()).append("\">")
        .append("<label for=\"period\">").append(t(m, lang, "stats.period")).append("</label>")
        .append("<p id=\"period-hint\" class=\"muted\">").append(t(m, lang, "stats.periodHint")).append("</p>")
        .append("<div class=\"row\"><input id=\"period\" name=\"period\" type=\"text\" required maxlength=\"40\" autocomplete=\"off\"")
        .append(" spellcheck=\"false\" aria-describedby=\"period-hint\" value=\"").append(Html.esc(period)).append("\">")
        .append("<button type=\"submit\" class=\"primary\">").append(t(m, lang, "stats.show")).append("</button></div></form>")
        .append("<p><a id=\"stats-csv\" class=\"button\" download href=\"/ops/v1/statistics?period=")
        .append(Html.esc(java.net.URLEncoder.encode(period, StandardCharsets.UTF_8))).append("&amp;format=csv&amp;lang=")
        .append(lang.tag()).append("\">").append(t(m, lang, "stats.csv")).append("</a></p>")
        .append(table("stats", t(m, lang, "stats.heading"), true, headers(m, lang, "stats.agency", "stats.procedure", "stats.received", "stats.resolved",
            "stats.early", "stats.onTime", "stats.late", "stats.inProgress", "stats.overdue", "stats.onTimePercent")))
        .append("<p class=\"muted\">").append(t(m, lang, "stats.note")).append("</p></section>");

    b.append("<p class=\"muted\"><a href=\"").append(Html.esc(self)).append("\">").append(t(m, lang, "title")).append("</a></p>")
        .append("</main><script type=\"application/json\" id=\"texts\">")
        // A data block is never executed; "<" is escaped so that no text can close the element.
        .append(texts.encode().replace("<", "\\u003c")).append("</script></body></html>");
    return b.toString();
  }

  private static void section(StringBuilder b, Messages m, Lang lang, String id) {
    // "section-" keeps the ids apart from the tables' own (#health, #stats).
    b.append("<section id=\"section-").append(id).append("\" aria-labelledby=\"").append(id).append("-heading\"><h2 id=\"").append(id)
        .append("-heading\">").append(t(m, lang, id + ".heading")).append("</h2>");
  }

  private static String headers(Messages m, Lang lang, String... keys) {
    StringBuilder h = new StringBuilder("<tr>");
    for (String k : keys) h.append("<th scope=\"col\">").append(t(m, lang, k)).append("</th>");
    return h.append("</tr>").toString();
  }

  private static String table(String id, String caption, boolean visible, String headerRow) {
    return "<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-labelledby=\"" + id + "-caption\"><table id=\"" + id + "\">"
        + "<caption id=\"" + id + "-caption\"" + (visible ? "" : " class=\"visually-hidden\"") + ">" + caption
        + "</caption><thead>" + headerRow + "</thead><tbody></tbody><tfoot></tfoot></table></div>";
  }

  private static String t(Messages m, Lang lang, String key) {
    return Html.esc(m.get(lang, key));
  }

  private static String resource(String name) {
    try (InputStream in = DashboardHandler.class.getResourceAsStream("/ops-dashboard/" + name)) {
      if (in == null) throw new IllegalStateException("missing resource /ops-dashboard/" + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
