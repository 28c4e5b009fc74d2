package vn.egov.gateway.ops.logging;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The last line of defence for logs and health details: whatever a log statement was handed, no
 * JWT, bearer or basic credential, password, client secret, authorization code, one-time code or
 * full 12-digit citizen ID number leaves the process. ID numbers keep their last three digits
 * ({@code *********123}), as the code's own masked values do, so support can still correlate.
 */
public final class Masking {
  // A JWS has three base64url parts, a JWE five; both start with a base64url JSON header ("eyJ").
  private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{2,}(?:\\.[A-Za-z0-9_-]*){1,4}");
  private static final Pattern AUTHORIZATION = Pattern.compile("(?i)\\b(bearer|basic|dpop)(\\s+)[A-Za-z0-9._~+/=-]{6,}");
  private static final Pattern SECRET_PARAM = Pattern.compile("(?i)(?<![A-Za-z0-9_])"
      + "(password|passwd|pwd|passphrase|client_secret|client-secret|clientSecret|secret|code|code_verifier|otp|"
      + "access_token|refresh_token|id_token|token|client_assertion|id_token_hint|authorization|api[_-]?key|metrics-token)"
      + "(\"?\\s*[=:]\\s*\"?)([^\\s&\",;}\\]]+)");
  /** Twelve digits standing alone: a run of digits inside a hex trace or request id is not an ID number. */
  private static final Pattern ID_NUMBER = Pattern.compile("(?<![0-9A-Za-z])[0-9]{9}([0-9]{3})(?![0-9A-Za-z])");
  private static final Pattern URL_USERINFO = Pattern.compile("(?i)([a-z][a-z0-9+.-]*://)[^/\\s@]+@");

  private Masking() {
  }

  public static String mask(String text) {
    if (text == null || text.isEmpty()) return text;
    String s = JWT.matcher(text).replaceAll("[jwt]");
    s = AUTHORIZATION.matcher(s).replaceAll("$1$2[redacted]");
    s = URL_USERINFO.matcher(s).replaceAll("$1[redacted]@");
    Matcher m = SECRET_PARAM.matcher(s);
    if (m.find()) {
      StringBuilder b = new StringBuilder();
      do {
        m.appendReplacement(b, Matcher.quoteReplacement(m.group(1) + m.group(2) + "[redacted]"));
      } while (m.find());
      m.appendTail(b);
      s = b.toString();
    }
    return ID_NUMBER.matcher(s).replaceAll("*********$1");
  }
}
