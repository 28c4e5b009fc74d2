package vn.egov.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** Readiness is open to load balancers: its error details must not map the network behind the gateway. */
class ReadinessDetailTest {

  @Test
  void hostsAddressesAndUrlsLeaveTheDetail() {
    assertThat(Readiness.safe(new ConnectException("Connection refused: localhost/127.0.0.1:9000")))
        .isEqualTo("Connection refused: [host]");
    assertThat(Readiness.safe(new ConnectException("Connection refused: register.internal.gov.vn/10.2.3.4:9100")))
        .isEqualTo("Connection refused: [host]");
    assertThat(Readiness.safe(new ConnectException("Connection refused: /[0:0:0:0:0:0:0:1]:8443"))).doesNotContain("0:0:0");
    assertThat(Readiness.safe(new RuntimeException("GET https://user:pw@idp.example/.well-known/openid-configuration failed")))
        .isEqualTo("GET [url] failed");
    // Ordinary words and figures are kept.
    assertThat(Readiness.safe(new RuntimeException("HTTP 503: no answer within 2000 ms"))).isEqualTo("HTTP 503: no answer within 2000 ms");
    assertThat(Readiness.safe(new RuntimeException("x".repeat(500)))).hasSize(200);
  }
}
