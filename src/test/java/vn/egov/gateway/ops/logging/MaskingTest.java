package vn.egov.gateway.ops.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MaskingTest {
  private static final String JWT = "eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJhYmMiLCJleHAiOjE3MDAwMDAwMDB9.MEUCIQDx-abc_def";

  @Test
  void idNumbersKeepOnlyTheirLastThreeDigits() {
    assertThat(Masking.mask("citizen 001068692536 logged in")).isEqualTo("citizen *********536 logged in");
    assertThat(Masking.mask("{\"id\":\"083181548752\"}")).isEqualTo("{\"id\":\"*********752\"}");
    // 13 digits (a millisecond timestamp) and 11 digits are not ID numbers
    assertThat(Masking.mask("at 1700000000000 and 12345678901")).isEqualTo("at 1700000000000 and 12345678901");
    // Hex request and trace ids keep their digits; an ID number after '=' or in a path does not.
    assertThat(Masking.mask("requestId=1aa25363e190ef123456789012504bad6bf")).isEqualTo("requestId=1aa25363e190ef123456789012504bad6bf");
    assertThat(Masking.mask("GET /api/v1/citizens/001068692536?fields=x")).isEqualTo("GET /api/v1/citizens/*********536?fields=x");
  }

  @Test
  void tokensAndCredentialsAreRedacted() {
    assertThat(Masking.mask("token " + JWT + " rejected")).isEqualTo("token [jwt] rejected").doesNotContain("eyJ");
    assertThat(Masking.mask("Authorization: Bearer abcDEF123-_.~+/=xyz")).doesNotContain("abcDEF123");
    assertThat(Masking.mask("Authorization: Basic ZGVtby1wb3J0YWw6ZGVtby1wb3J0YWwtc2VjcmV0")).doesNotContain("ZGVtby1wb3J0YWw6");
    assertThat(Masking.mask("username=001068692536&password=Vneid@1597&otp=262944"))
        .isEqualTo("username=*********536&password=[redacted]&otp=[redacted]");
    assertThat(Masking.mask("grant_type=authorization_code&code=Xy12_ab&client_secret=s3cr3t&code_verifier=vvv"))
        .doesNotContain("Xy12_ab", "s3cr3t", "vvv").contains("grant_type=authorization_code");
    assertThat(Masking.mask("{\"refresh_token\":\"r-123\",\"access_token\": \"a-456\"}")).doesNotContain("r-123", "a-456");
    assertThat(Masking.mask("connect to postgresql://egov:hunter2@db:5432/egov")).doesNotContain("hunter2", "egov:");
  }

  /**
   * The masker skips each pattern where a scan says it cannot match: on random text made of the
   * pieces those patterns look for, its output is exactly that of running all five patterns
   * (kept here as they were before the scans).
   */
  @Test
  void theScansNeverSkipAPatternThatWouldHaveMatched() {
    String[] pieces = {"password", "PassWord", "pwd", "client_secret", "clientSecret", "secret", "code", "code_verifier", "otp",
        "token", "access_token", "id_token_hint", "api_key", "apiKey", "api-key", "metrics-token", "authorization", "x-", "my_",
        "codex", "=", ":", "\"", " ", "\t", "&", ",", ";", "}", "]", "-", "_", ".", "/", "@", "://", "http", "eyJ", "eyJhbGci",
        "Bearer ", "basic", "DPoP ", "0", "1234", "567890123", "001068692536", "a", "Z", "9", "é", "\n"};
    Random random = new Random(20261128);
    int changed = 0;
    for (int i = 0; i < 200_000; i++) {
      StringBuilder b = new StringBuilder();
      for (int n = random.nextInt(12); n >= 0; n--) b.append(pieces[random.nextInt(pieces.length)]);
      String text = b.toString();
      String expected = Reference.mask(text);
      assertThat(Masking.mask(text)).as("mask(%s)", text).isEqualTo(expected);
      if (!expected.equals(text)) changed++;
    }
    assertThat(changed).as("texts the patterns changed: the check is not vacuous").isGreaterThan(20_000);
  }

  /** The five patterns applied one after the other, as Masking did before its scans. */
  private static final class Reference {
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{2,}(?:\\.[A-Za-z0-9_-]*){1,4}");
    private static final Pattern AUTHORIZATION =
        Pattern.compile("(?i)\\b(bearer|basic|dpop)(\\s+)[A-Za-z0-9._~+/=-]{6,}");
    private static final Pattern SECRET_PARAM = Pattern.compile("(?i)(?<![A-Za-z0-9_])"
        + "(password|passwd|pwd|passphrase|client_secret|client-secret|clientSecret|secret|code|code_verifier|otp|"
        + "access_token|refresh_token|id_token|token|client_assertion|id_token_hint|authorization|api[_-]?key|metrics-token)"
        + "(\"?\\s*[=:]\\s*\"?)([^\\s&\",;}\\]]+)");
    private static final Pattern ID_NUMBER =
        Pattern.compile("(?<![0-9A-Za-z])[0-9]{9}([0-9]{3})(?![0-9A-Za-z])");
    private static final Pattern URL_USERINFO = Pattern.compile("(?i)([a-z][a-z0-9+.-]*://)[^/\\s@]+@");

    static String mask(String text) {
      String s = JWT.matcher(text).replaceAll("[jwt]");
      s = AUTHORIZATION.matcher(s).replaceAll("$1$2[redacted]");
      s = URL_USERINFO.matcher(s).replaceAll("$1[redacted]@");
      Matcher m = SECRET_PARAM.matcher(s);
      StringBuilder b = new StringBuilder();
      while (m.find()) m.appendReplacement(b, Matcher.quoteReplacement(m.group(1) + m.group(2) + "[redacted]"));
      m.appendTail(b);
      return ID_NUMBER.matcher(b.toString()).replaceAll("*********$1");
    }
  }

  @Test
  void harmlessTextIsLeftAlone() {
    String s = "prefill released client=demo-portal procedure=1.001612 attributes=[fullName] receiptCode=000.00.01.H26-260930-0012";
    assertThat(Masking.mask(s)).isEqualTo(s);
    assertThat(Masking.mask(null)).isNull();
  }

  @Test
  void anEncodedLineIsOneJsonObjectWhateverTheMessageHolds() {
    LoggerContext lc = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
    LogLineEncoder encoder = new LogLineEncoder();
    encoder.setContext(lc);
    encoder.start();
    LoggingEvent e = new LoggingEvent("x", lc.getLogger("test"), Level.WARN, "forged\n{\"level\":\"INFO\"} id={} pw password={}",
        new IllegalStateException("code=abc123 for 001068692536"), new Object[] {"001068692536", "pa55"});
    String line = new String(encoder.encode(e), StandardCharsets.UTF_8);
    assertThat(line).endsWith("\n");
    assertThat(line.substring(0, line.length() - 1)).doesNotContain("\n");
    JsonObject json = new JsonObject(line);
    assertThat(json.getString("level")).isEqualTo("WARN");
    assertThat(json.getString("logger")).isEqualTo("test");
    assertThat(json.getString("message")).contains("*********536").doesNotContain("001068692536", "pa55");
    assertThat(json.getString("exception")).contains("IllegalStateException").doesNotContain("abc123", "001068692536");
  }

  @Test
  void theTextFormatIsMaskedTheSameWay() {
    LoggerContext lc = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
    LogLineEncoder encoder = new LogLineEncoder();
    encoder.setContext(lc);
    encoder.setFormat("text");
    encoder.start();
    LoggingEvent e = new LoggingEvent("x", lc.getLogger("test"), Level.INFO, "login of {} with Bearer {}", null,
        new Object[] {"001068692536", JWT});
    String line = new String(encoder.encode(e), StandardCharsets.UTF_8);
    assertThat(line).contains("INFO", "[-] test - login of *********536").doesNotContain("001068692536", "eyJ");
  }
}
