package vn.egov.gateway.ops.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
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
