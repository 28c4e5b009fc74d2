package vn.egov.gateway.dev.portal;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import vn.egov.gateway.web.Html;
import vn.egov.gateway.web.Lang;
import vn.egov.gateway.web.Messages;

/** The page frame of the portal (header, navigation, language switch) and small formatting helpers shared by its pages. */
final class Pages {
  static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");
  private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm");
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");
  private static final DateTimeFormatter EXCHANGE = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

  private final Messages text;

  Pages(Messages text) {
    this.text = text;
  }

  String t(PortalSession s, String key, Object... args) {
    return text.get(s.lang, key, args);
  }

  Messages messages() {
    return text;
  }

  /** Sends a whole page; {@code body} is already escaped HTML. */
  void send(RoutingContext ctx, PortalSession s, int status, String title, String body) {
    Lang other = s.lang == Lang.VI ? Lang.EN : Lang.VI;
    StringBuilder nav = new StringBuilder("<nav aria-label=\"Menu\"><ul>")
        .append(link("/procedures", t(s, "nav.procedures")));
    if (s.loggedIn()) {
      nav.append(link("/dossiers", t(s, "nav.dossiers"))).append(link("/data", t(s, "nav.data")))
          .append("<li><form method=\"post\" action=\"/logout\" class=\"inline\">").append(csrfInput(s))
          .append("<button type=\"submit\" id=\"logout\" class=\"link\">").append(Html.esc(t(s, "nav.logout"))).append("</button></form></li>");
    }
    nav.append("<li><a id=\"lang-switch\" href=\"").append(Html.esc(ctx.request().path() + "?lang=" + other.tag())).append("\" lang=\"")
        .append(other.tag()).append("\" hreflang=\"").append(other.tag()).append("\">").append(Html.esc(t(s, "switch"))).append("</a></li></ul></nav>");
    String page = "<!DOCTYPE html><html lang=\"" + s.lang.tag() + "\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>" + Html.esc(title + " · " + t(s, "brand")) + "</title>"
        + "<link rel=\"stylesheet\" href=\"/assets/portal.css\"><script src=\"/assets/portal.js\" defer></script></head><body>"
        + "<a class=\"skip\" href=\"#main\">" + Html.esc(t(s, "skip")) + "</a>"
        + "<header><a class=\"brand\" href=\"/\">" + Html.esc(t(s, "brand")) + "</a>" + nav + "</header>"
        + "<main id=\"main\" tabindex=\"-1\">" + body + "</main></body></html>";
    ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8").putHeader("Cache-Control", "no-store")
        .end(page);
  }

  /** A page with a heading, a message and optionally one link onwards. */
  void message(RoutingContext ctx, PortalSession s, int status, String title, String message, String href, String linkText) {
    String body = "<h1>" + Html.esc(title) + "</h1><p class=\"notice\" id=\"message\">" + Html.esc(message) + "</p>"
        + (href == null ? "" : "<p><a class=\"button\" href=\"" + Html.esc(href) + "\">" + Html.esc(linkText) + "</a></p>");
    send(ctx, s, status, title, body);
  }

  static String csrfInput(PortalSession s) {
    return "<input type=\"hidden\" name=\"csrf\" value=\"" + Html.esc(s.csrf) + "\">";
  }

  /** A table cell labelled with its column, so that a phone can show each row as a card. {@code html} is already escaped. */
  static String td(String label, String html) {
    return "<td data-label=\"" + Html.esc(label) + "\">" + html + "</td>";
  }

  private static String link(String href, String label) {
    return "<li><a href=\"" + href + "\">" + Html.esc(label) + "</a></li>";
  }

  /** A {@code {"vi", "en"}} text or a plain one. */
  static String localized(Object value, Lang lang) {
    if (value instanceof JsonObject o) {
      String s = o.getString(lang.tag());
      return s != null ? s : o.getString("vi", "");
    }
    return value == null ? "" : String.valueOf(value);
  }

  /** A time from the API, shown in Vietnam's time zone; text we cannot read is shown as it came. */
  static String when(Object value) {
    if (value == null) return "";
    String s = String.valueOf(value);
    try {
      return DATE_TIME.format(Instant.parse(s).atZone(VIETNAM));
    } catch (DateTimeParseException e) {
      // not an instant; try the other shapes below
    }
    try {
      return DATE_TIME.format(OffsetDateTime.parse(s).atZoneSameInstant(VIETNAM));
    } catch (DateTimeParseException e) {
      // next
    }
    try {
      return DATE.format(LocalDate.parse(s));
    } catch (DateTimeParseException e) {
      // next
    }
    try {
      return DATE_TIME.format(LocalDateTime.parse(s, EXCHANGE));
    } catch (DateTimeParseException e) {
      return s;
    }
  }

  /** A status by its national code (1-10) in the citizen's language, else the name the API gave. */
  String status(PortalSession s, Object code, Object name) {
    String c = code == null ? "" : String.valueOf(code);
    if (c.matches("[0-9]{1,2}") && Integer.parseInt(c) >= 1 && Integer.parseInt(c) <= 10) return t(s, "status." + c);
    return localized(name, s.lang);
  }
}
