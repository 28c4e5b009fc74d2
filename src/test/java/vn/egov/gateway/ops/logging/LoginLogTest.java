package vn.egov.gateway.ops.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import vn.egov.gateway.testing.Browser;
import vn.egov.gateway.testing.DevLogin;
import vn.egov.gateway.testing.DevStackHarness;
import vn.egov.gateway.testing.Pkce;
import vn.egov.gateway.testing.PortalClient;

/**
 * The logs of a real brokered login and prefill in dev mode, captured through the production
 * encoder: every line is one JSON object, lines logged while serving a request carry that
 * request's id (also in the mock VNeID, reached with the request's traceparent), and no line holds
 * the citizen's ID number, password, a code, a token or a client secret.
 */
class LoginLogTest {
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private OutputStreamAppender<ILoggingEvent> appender;
  private Level previous;
  private Logger root;

  @BeforeEach
  void capture() {
    LoggerContext lc = (LoggerContext) LoggerFactory.getILoggerFactory();
    root = lc.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    LogLineEncoder encoder = new LogLineEncoder();
    encoder.setContext(lc);
    encoder.start();
    appender = new OutputStreamAppender<>();
    appender.setContext(lc);
    appender.setName("test-capture");
    appender.setEncoder(encoder);
    appender.setOutputStream(captured);
    appender.start();
    root.addAppender(appender);
    previous = root.getLevel();
    root.setLevel(Level.INFO);
  }

  @AfterEach
  void release() throws Exception {
    java.nio.file.Files.writeString(java.nio.file.Path.of("target/login-log-test.jsonl"), captured.toString(StandardCharsets.UTF_8));
    root.detachAppender(appender);
    appender.stop();
    root.setLevel(previous);
  }

  private List<JsonObject> lines() {
    List<JsonObject> out = new ArrayList<>();
    String text;
    synchronized (captured) {
      text = captured.toString(StandardCharsets.UTF_8);
    }
    for (String line : text.split("\n")) {
      if (line.isEmpty()) continue;
      out.add(new JsonObject(line)); // throws on anything that is not one JSON object per line
    }
    return out;
  }

  private static String requestId(HttpResponse<?> r) {
    return r.headers().firstValue("X-Request-Id").orElseThrow();
  }

  @Test
  void aBrokeredLoginLogsJsonLinesWithItsRequestIdAndNoSecrets() {
    try (DevStackHarness dev = DevStackHarness.start(Map.of())) {
      DevLogin login = new DevLogin(dev);
      JsonObject citizen = login.account(2, 5);
      String idNumber = citizen.getString("identity_number");
      PortalClient portal = new PortalClient(dev.gatewayUrl());
      Browser b = new Browser();
      Pkce pkce = Pkce.create();

      // Given a citizen who logs in at the mock VNeID and consents
      var toIdp = b.get(portal.authorizeUrl("openid profile identity_number prefill", "st", "n", pkce, Map.of("acr_values", "LoA2")));
      var posted = b.submitForm(b.get(Browser.location(toIdp)), Map.of("username", idNumber,
          "password", citizen.getString("password"), "otp", citizen.getString("otp")));
      URI callbackUri = Browser.location(posted);
      String upstreamCode = Browser.query(callbackUri).get("code");
      var callback = b.get(callbackUri);
      String callbackId = requestId(callback);
      var consented = b.submitForm(b.get(Browser.location(callback)), Map.of("decision", "approve"));
      String code = Browser.query(Browser.location(consented)).get("code");
      var tokenResponse = portal.redeem(code, pkce);
      assertThat(tokenResponse.statusCode()).isEqualTo(200);
      JsonObject tokens = PortalClient.json(tokenResponse);
      var prefill = b.send(HttpRequest.newBuilder(URI.create(dev.gatewayUrl() + "/api/v1/procedures/1.001612/prefill"))
          .header("Authorization", "Bearer " + tokens.getString("access_token")).GET());
      assertThat(prefill.statusCode()).isEqualTo(200);

      // When the logs are read back
      List<JsonObject> lines = lines();

      // Then each line is JSON with the fixed fields
      assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(l.fieldNames()).contains("ts", "level", "logger", "message"));
      // the gateway's login line carries the callback request's id and only a masked ID number
      JsonObject loggedIn = lines.stream().filter(l -> l.getString("message").startsWith("citizen logged in")).findFirst().orElseThrow();
      assertThat(loggedIn.getString("requestId")).as(captured.toString(StandardCharsets.UTF_8)).isEqualTo(callbackId);
      assertThat(loggedIn.getString("message")).contains("*********" + idNumber.substring(9));
      // the mock VNeID, called by the gateway while serving that request, logged under the same id
      JsonObject atIdp = lines.stream().filter(l -> l.getString("message").startsWith("mock VNeID redeemed a code")).findFirst().orElseThrow();
      assertThat(atIdp.getString("requestId")).isEqualTo(callbackId);
      JsonObject consent = lines.stream().filter(l -> l.getString("message").startsWith("consent approved")).findFirst().orElseThrow();
      assertThat(consent.getString("requestId")).isEqualTo(requestId(consented));
      JsonObject released = lines.stream().filter(l -> l.getString("message").startsWith("prefill released")).findFirst().orElseThrow();
      assertThat(released.getString("requestId")).isEqualTo(requestId(prefill));

      // and nothing secret or identifying is anywhere in the output
      String all = captured.toString(StandardCharsets.UTF_8);
      assertThat(all).doesNotContain(idNumber, citizen.getString("password"), upstreamCode, code,
          tokens.getString("access_token"), tokens.getString("id_token"), PortalClient.SECRET, "egov-gateway-dev-secret",
          "dev-only-pairwise-salt");
    }
  }
}
