package vn.egov.gateway.prefill;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.egov.gateway.config.RegisterConfig;
import vn.egov.gateway.testing.FreePorts;
import vn.egov.gateway.web.ProblemException;

/**
 * The register client against a register stubbed with WireMock: each way the register can fail
 * becomes one clear problem within the timeout, and the circuit breaker opens and recovers.
 */
class RegisterClientTest {
  private static final String ID = "001085012345";
  private WireMockServer register;
  private Vertx vertx;

  @BeforeEach
  void start() {
    register = new WireMockServer(options().dynamicPort());
    register.start();
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
    register.stop();
  }

  private RegisterClient client(URI base, int maxFailures, Duration reset) {
    return new RegisterClient(vertx, new RegisterConfig(base, null, null, null, Duration.ofSeconds(1),
        Duration.ofSeconds(2), maxFailures, reset, 8, Duration.ofMinutes(5)));
  }

  private RegisterClient client() {
    return client(URI.create(register.baseUrl()), 5, Duration.ofSeconds(10));
  }

  private void stub(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
    register.stubFor(get(urlPathEqualTo("/api/v1/citizens/" + ID)).willReturn(response));
  }

  private static ProblemException problemOf(Future<JsonObject> f) {
    try {
      f.await();
    } catch (ProblemException e) {
      return e;
    } catch (RuntimeException e) {
      throw new AssertionError("expected a problem, got " + e, e);
    }
    throw new AssertionError("expected a problem, got a record");
  }

  @Test
  void aRecordIsReadWithOnlyTheAskedAttributesAndTheRequestId() {
    stub(aResponse().withHeader("Content-Type", "application/json").withBody("{\"identityNumber\":\"" + ID + "\",\"fullName\":\"Lê Văn An\"}"));
    JsonObject record = client().citizen(ID, Set.of("fullName"), "4bf92f3577b34da6a3ce929d0e0e4736").await();
    assertThat(record.getString("fullName")).isEqualTo("Lê Văn An");
    register.verify(getRequestedFor(urlPathEqualTo("/api/v1/citizens/" + ID))
        .withQueryParam("fields", com.github.tomakehurst.wiremock.client.WireMock.equalTo("fullName"))
        .withHeader("traceparent", com.github.tomakehurst.wiremock.client.WireMock.matching("00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01")));
  }

  @Test
  void anUnknownCitizenIs404AndDoesNotTripTheBreaker() {
    stub(aResponse().withStatus(404));
    RegisterClient c = client(URI.create(register.baseUrl()), 2, Duration.ofSeconds(10));
    for (int i = 0; i < 3; i++) {
      ProblemException p = problemOf(c.citizen(ID, Set.of(), "r"));
      assertThat(p.problem().status()).isEqualTo(404);
      assertThat(p.problem().type()).endsWith("/citizen-not-found");
    }
    assertThat(c.state()).isEqualTo(CircuitBreakerState.CLOSED);
  }

  @Test
  void aRegisterThatIsDownIs503WithRetryAfter() {
    RegisterClient c = client(URI.create("http://127.0.0.1:" + FreePorts.next()), 5, Duration.ofSeconds(10));
    ProblemException p = problemOf(c.citizen(ID, Set.of(), "r"));
    assertThat(p.problem().status()).isEqualTo(503);
    assertThat(p.problem().retryAfterSeconds()).isEqualTo(10);
  }

  @Test
  void aSlowRegisterIs504WithinTheTimeout() {
    stub(aResponse().withHeader("Content-Type", "application/json").withBody("{}").withFixedDelay(6000));
    long t0 = System.nanoTime();
    ProblemException p = problemOf(client().citizen(ID, Set.of(), "r"));
    long millis = (System.nanoTime() - t0) / 1_000_000;
    assertThat(p.problem().status()).isEqualTo(504);
    assertThat(p.problem().retryAfterSeconds()).isPositive();
    assertThat(millis).as("the timeout is 2 s").isLessThan(5000);
  }

  @Test
  void anHtmlAnswerIs502AndItsBodyIsNotPassedOn() {
    stub(aResponse().withHeader("Content-Type", "text/html").withBody("<html>Internal proxy error: secret-host-01</html>"));
    ProblemException p = problemOf(client().citizen(ID, Set.of(), "r"));
    assertThat(p.problem().status()).isEqualTo(502);
    assertThat(p.problem().toJson(null).encode()).doesNotContain("secret-host-01");
  }

  @Test
  void truncatedJsonIs502() {
    stub(aResponse().withHeader("Content-Type", "application/json").withBody("{\"identityNumber\":\"0010850"));
    assertThat(problemOf(client().citizen(ID, Set.of(), "r")).problem().status()).isEqualTo(502);
  }

  @Test
  void aServerErrorIs502() {
    stub(aResponse().withStatus(500).withBody("boom"));
    assertThat(problemOf(client().citizen(ID, Set.of(), "r")).problem().status()).isEqualTo(502);
  }

  @Test
  void aConnectionResetIs503() {
    stub(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
    assertThat(problemOf(client().citizen(ID, Set.of(), "r")).problem().status()).isEqualTo(503);
  }

  @Test
  void theBreakerOpensAfterRepeatedFailuresThenRecovers() {
    stub(aResponse().withStatus(500));
    RegisterClient c = client(URI.create(register.baseUrl()), 3, Duration.ofMillis(800));
    for (int i = 0; i < 3; i++) problemOf(c.citizen(ID, Set.of(), "r"));
    assertThat(c.state()).isEqualTo(CircuitBreakerState.OPEN);

    // Open: refused at once, without calling the register.
    int calls = register.getAllServeEvents().size();
    ProblemException open = problemOf(c.citizen(ID, Set.of(), "r"));
    assertThat(open.problem().status()).isEqualTo(503);
    assertThat(open.problem().detail()).isEqualTo("circuit open");
    assertThat(register.getAllServeEvents()).hasSize(calls);

    // The register recovers; after the reset period one trial call closes the circuit again.
    stub(aResponse().withHeader("Content-Type", "application/json").withBody("{\"fullName\":\"Lê Văn An\"}"));
    vertx.timer(900).await();
    assertThat(c.citizen(ID, Set.of(), "r").await().getString("fullName")).isEqualTo("Lê Văn An");
    assertThat(c.state()).isEqualTo(CircuitBreakerState.CLOSED);
  }

  /**
   * Pooled connections outlive an idle spell shorter than {@code register.keep-alive} and are made
   * anew after a longer one. Each new connection to the register is a mutual-TLS handshake on both
   * sides, so a short keep-alive turns every lull into a burst of handshakes.
   */
  @Test
  void anIdleConnectionIsKeptForTheKeepAliveAndMadeAnewAfterIt() {
    java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
    var server = vertx.createHttpServer()
        .connectionHandler(c -> connections.incrementAndGet())
        .requestHandler(req -> req.response().putHeader("Content-Type", "application/json")
            .end("{\"identityNumber\":\"" + ID + "\",\"fullName\":\"Lê Văn An\"}"))
        .listen(0, "127.0.0.1").await();
    URI base = URI.create("http://127.0.0.1:" + server.actualPort());
    RegisterClient kept = new RegisterClient(vertx, new RegisterConfig(base, null, null, null, Duration.ofSeconds(1),
        Duration.ofSeconds(2), 5, Duration.ofSeconds(10), 8, Duration.ofSeconds(10)));
    RegisterClient dropped = new RegisterClient(vertx, new RegisterConfig(base, null, null, null, Duration.ofSeconds(1),
        Duration.ofSeconds(2), 5, Duration.ofSeconds(10), 8, Duration.ofSeconds(1)));

    kept.citizen(ID, Set.of("fullName"), "r").await();
    dropped.citizen(ID, Set.of("fullName"), "r").await();
    assertThat(connections).hasValue(2);
    vertx.timer(2_500).await();
    assertThat(kept.citizen(ID, Set.of("fullName"), "r").await().getString("fullName")).isEqualTo("Lê Văn An");
    assertThat(connections).as("idle 2.5 s with a keep-alive of 10 s: the same connection").hasValue(2);
    assertThat(dropped.citizen(ID, Set.of("fullName"), "r").await().getString("fullName")).isEqualTo("Lê Văn An");
    assertThat(connections).as("idle 2.5 s with a keep-alive of 1 s: a new connection").hasValue(3);
  }
}
