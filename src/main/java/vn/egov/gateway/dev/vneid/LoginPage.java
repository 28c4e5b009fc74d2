package vn.egov.gateway.dev.vneid;

import static vn.egov.gateway.web.Html.esc;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import vn.egov.gateway.web.Html;
import vn.egov.gateway.web.Lang;
import vn.egov.gateway.web.Messages;

/**
 * The login form. Its shape is an automation contract (DESIGN.md section 3): exactly one
 * {@code <form method="post">} with inputs {@code username}, {@code password} and {@code otp},
 * plus the hidden {@code request_id} of the pending authorization request.
 */
final class LoginPage {
  static final String PATH = "/authorize/login";
  static final String REQUEST_ID = "request_id";
  /** A username is a 12-digit ID number; the form says so with the same pattern. */
  static final Pattern USERNAME = Pattern.compile("[0-9]{12}");

  private final Messages messages;

  LoginPage(Messages messages) {
    this.messages = messages;
  }

  /** The form, with an error above it when {@code error} is not null; {@code username} refills the first field. */
  String render(Lang lang, String requestId, String clientId, String username, String error) {
    String m = error == null ? "" : "<p class=\"error\" role=\"alert\" id=\"login-error\">" + esc(error) + "</p>";
    String invalid = error == null ? "" : " aria-invalid=\"true\" aria-describedby=\"login-error\"";
    String body = "<h1>" + esc(messages.get(lang, "login.title")) + "</h1>"
        + "<p class=\"muted\">" + esc(messages.get(lang, "login.intro")) + "</p>"
        + "<p>" + esc(messages.get(lang, "login.client", clientId)) + "</p>"
        + m
        + "<form method=\"post\" action=\"" + PATH + "\" accept-charset=\"UTF-8\">"
        + "<input type=\"hidden\" name=\"" + REQUEST_ID + "\" value=\"" + esc(requestId) + "\">"
        + "<input type=\"hidden\" name=\"lang\" value=\"" + lang.tag() + "\">"
        + "<label for=\"username\">" + esc(messages.get(lang, "login.username")) + "</label>"
        + "<input type=\"text\" id=\"username\" name=\"username\" inputmode=\"numeric\" autocomplete=\"username\""
        + " pattern=\"" + USERNAME.pattern() + "\" maxlength=\"12\" required aria-describedby=\"username-hint\""
        + " value=\"" + esc(username) + "\"" + invalid + ">"
        + "<p class=\"muted\" id=\"username-hint\">" + esc(messages.get(lang, "login.username.hint")) + "</p>"
        + "<label for=\"password\">" + esc(messages.get(lang, "login.password")) + "</label>"
        + "<input type=\"password\" id=\"password\" name=\"password\" autocomplete=\"current-password\" required" + invalid + ">"
        + "<label for=\"otp\">" + esc(messages.get(lang, "login.otp")) + "</label>"
        + "<input type=\"text\" id=\"otp\" name=\"otp\" inputmode=\"numeric\" autocomplete=\"one-time-code\""
        + " pattern=\"[0-9]{6}\" maxlength=\"6\" required aria-describedby=\"otp-hint\"" + invalid + ">"
        + "<p class=\"muted\" id=\"otp-hint\">" + esc(messages.get(lang, "login.otp.hint")) + "</p>"
        + "<button type=\"submit\" class=\"primary\">" + esc(messages.get(lang, "login.submit")) + "</button>"
        + "</form>";
    Lang other = lang == Lang.VI ? Lang.EN : Lang.VI;
    String switchHref = PATH + "?" + REQUEST_ID + "=" + URLEncoder.encode(requestId, StandardCharsets.UTF_8) + "&lang=" + other.tag();
    return Html.page(lang, messages.get(lang, "brand"), messages.get(lang, "login.title"), body, switchHref,
        messages.get(lang, "lang.switch"));
  }
}
