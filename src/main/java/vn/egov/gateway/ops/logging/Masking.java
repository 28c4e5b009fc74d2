package vn.egov.gateway.ops.logging;

import java.util.Locale;
import java.util.Set;
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

  /** The names {@link #SECRET_PARAM} redacts, lower case ({@code api[_-]?key} spelled out). */
  private static final Set<String> SECRET_NAMES = Set.of("password", "passwd", "pwd", "passphrase", "client_secret",
      "client-secret", "clientsecret", "secret", "code", "code_verifier", "otp", "access_token", "refresh_token", "id_token",
      "token", "client_assertion", "id_token_hint", "authorization", "apikey", "api_key", "api-key", "metrics-token");

  private Masking() {
  }

  /**
   * Each pattern runs only where a cheap scan finds what it needs to match (a JWT's header, a
   * scheme's name, a secret's name before {@code =} or {@code :}, twelve digits in a row): most
   * lines have none of these, and the five patterns cost about 13 µs a line. The scans never
   * skip a pattern that could match, so the result is the patterns' own.
   */
  public static String mask(String text) {
    if (text == null || text.isEmpty()) return text;
    String s = text.contains("eyJ") ? JWT.matcher(text).replaceAll("[jwt]") : text;
    if (containsIgnoreCase(s, "bearer") || containsIgnoreCase(s, "basic") || containsIgnoreCase(s, "dpop")) {
      s = AUTHORIZATION.matcher(s).replaceAll("$1$2[redacted]");
    }
    if (s.indexOf('@') >= 0 && s.contains("://")) s = URL_USERINFO.matcher(s).replaceAll("$1[redacted]@");
    if (namesASecret(s)) {
      Matcher m = SECRET_PARAM.matcher(s);
      if (m.find()) {
        StringBuilder b = new StringBuilder();
        do {
          m.appendReplacement(b, Matcher.quoteReplacement(m.group(1) + m.group(2) + "[redacted]"));
        } while (m.find());
        m.appendTail(b);
        s = b.toString();
      }
    }
    return hasDigitRun(s, 12) ? ID_NUMBER.matcher(s).replaceAll("*********$1") : s;
  }

  /** Whether {@code s} holds {@code word} (given in lower case) in any case. */
  private static boolean containsIgnoreCase(String s, String word) {
    char first = word.charAt(0);
    char upper = Character.toUpperCase(first);
    for (int i = 0, last = s.length() - word.length(); i <= last; i++) {
      char c = s.charAt(i);
      if ((c == first || c == upper) && s.regionMatches(true, i, word, 0, word.length())) return true;
    }
    return false;
  }

  /**
   * Whether some {@code =} or {@code :} follows (past an optional quote and spaces, as in
   * {@link #SECRET_PARAM}) one of {@link #SECRET_NAMES} that starts where a name may start: after
   * a character other than a letter, digit or underscore.
   */
  private static boolean namesASecret(String s) {
    for (int sep = 0; sep < s.length(); sep++) {
      char c = s.charAt(sep);
      if (c != '=' && c != ':') continue;
      int end = sep;
      while (end > 0 && isRegexSpace(s.charAt(end - 1))) end--;
      if (end > 0 && s.charAt(end - 1) == '"') end--;
      int start = end;
      while (start > 0 && isNameChar(s.charAt(start - 1))) start--;
      for (int from = start; from < end; from++) {
        if (from > start && s.charAt(from - 1) != '-') continue; // inside a word: the pattern's look-behind refuses it
        int length = end - from;
        if (length >= 3 && length <= 16 && SECRET_NAMES.contains(s.substring(from, end).toLowerCase(Locale.ROOT))) return true;
      }
    }
    return false;
  }

  private static boolean isNameChar(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
  }

  /** {@code \s} of a Java pattern without UNICODE_CHARACTER_CLASS. */
  private static boolean isRegexSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
  }

  private static boolean hasDigitRun(String s, int length) {
    int run = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      run = c >= '0' && c <= '9' ? run + 1 : 0;
      if (run == length) return true;
    }
    return false;
  }
}
