package vn.egov.gateway.prefill;

import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import java.net.ConnectException;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.egov.gateway.config.RegisterConfig;
import vn.egov.gateway.upstream.CitizenIdentity;
import vn.egov.gateway.web.Problem;
import vn.egov.gateway.web.RequestIdHandler;

/**
 * The one client of the national population register: mutual TLS, a connect timeout and a
 * response timeout, and a circuit breaker, so that a register that is down or slow costs the
 * portal one clear 503/504 with {@code Retry-After}, never a hang. The register's own answer
 * body never reaches the portal. A 404 (no such citizen) is an answer, not a failure of the
 * register, and does not count against the breaker.
 */
public final class RegisterClient {
  private static final Logger LOG = LoggerFactory.getLogger(RegisterClient.class);
  private static final Pattern ID_NUMBER = Pattern.compile("^[0-9]{12}$");

  private final WebClient client;
  private final CircuitBreaker breaker;
  private final RegisterConfig config;

  public RegisterClient(Vertx vertx, RegisterConfig config) {
    this.config = config;
    WebClientOptions options = new WebClientOptions()
        .setName("population-register")
        .setUserAgent("egov-gateway")
        .setConnectTimeout((int) config.connectTimeout().toMillis())
        .setFollowRedirects(false)
        .setKeepAlive(true)
        // Every new connection costs a mutual-TLS handshake on both sides; see register.keep-alive.
        .setKeepAliveTimeout((int) config.keepAlive().toSeconds());
    if (config.tls()) {
      options.setSsl(true)
          .setVerifyHost(true)
          .setKeyCertOptions(new PemKeyCertOptions().setCertPath(config.clientCert().toString()).setKeyPath(config.clientKey().toString()))
          .setTrustOptions(new PemTrustOptions().addCertPath(config.trustedCa().toString()));
    }
    this.client = WebClient.create(vertx, options, new PoolOptions().setHttp1MaxSize(config.maxConnections()));
    this.breaker = CircuitBreaker.create("population-register", vertx, new CircuitBreakerOptions()
        .setMaxFailures(config.breakerMaxFailures())
        .setTimeout(-1) // the request timeout below bounds each call
        .setResetTimeout(config.breakerReset().toMillis()));
  }

  public CircuitBreakerState state() {
    return breaker.state();
  }

  /**
   * A cheap reachability probe for readiness: the mutual-TLS handshake and an HTTP answer on
   * {@code path}, outside the breaker (a probe must not open it). The HTTP status, whatever it is.
   */
  public Future<Integer> probe(String path) {
    return client.getAbs(config.baseUrl().toString().replaceAll("/+$", "") + path)
        .timeout(config.timeout().toMillis())
        .putHeader("Accept", "application/json")
        .send()
        .map(HttpResponse::statusCode);
  }

  /**
   * The citizen's record, limited to {@code attributes} (data minimisation starts at the source).
   * Fails with a {@link vn.egov.gateway.web.ProblemException}: 404 unknown citizen, 502 a broken
   * answer, 503 register down or breaker open, 504 too slow.
   */
  public Future<JsonObject> citizen(String identityNumber, Set<String> attributes, String requestId) {
    if (identityNumber == null || !ID_NUMBER.matcher(identityNumber).matches()) {
      return Future.failedFuture(new IllegalArgumentException("not an identity number"));
    }
    Future<Answer> call = breaker.execute(() -> fetch(identityNumber, attributes, requestId));
    return call.recover(e -> Future.failedFuture(problem(e, identityNumber))).map(answer -> {
      if (answer.record() == null) {
        throw Problem.of(404, "citizen-not-found", "Không tìm thấy công dân trong Cơ sở dữ liệu quốc gia về dân cư",
            "The citizen was not found in the national population register").exception();
      }
      return answer.record();
    });
  }

  /** A 200 record or a 404; anything else is a failure the breaker counts. */
  private record Answer(JsonObject record) {
  }

  private Future<Answer> fetch(String id, Set<String> attributes, String requestId) {
    var request = client.getAbs(config.baseUrl().toString().replaceAll("/+$", "") + "/api/v1/citizens/" + id)
        .timeout(config.timeout().toMillis())
        .putHeader("Accept", "application/json")
        .putHeader("traceparent", RequestIdHandler.traceparent(traceId(requestId)));
    if (!attributes.isEmpty()) request.addQueryParam("fields", String.join(",", attributes));
    return request.send().map(this::answer);
  }

  private Answer answer(HttpResponse<Buffer> r) {
    if (r.statusCode() == 404) return new Answer(null);
    if (r.statusCode() != 200) throw new RegisterFailure("register answered HTTP " + r.statusCode());
    String type = r.getHeader("Content-Type");
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      throw new RegisterFailure("register answered " + type + " instead of JSON");
    }
    try {
      Buffer body = r.body();
      if (body == null) throw new RegisterFailure("register answered an empty body");
      return new Answer(new JsonObject(body));
    } catch (DecodeException | ClassCastException e) {
      throw new RegisterFailure("register answered malformed JSON");
    }
  }

  private Throwable problem(Throwable e, String id) {
    if (e instanceof vn.egov.gateway.web.ProblemException) return e;
    int retry = (int) Math.max(1, config.breakerReset().toSeconds());
    String who = CitizenIdentity.mask(id);
    if (e instanceof OpenCircuitException) {
      LOG.warn("register circuit open; refusing read of citizen={}", who);
      return Problem.of(503, "register-unavailable", "Cơ sở dữ liệu dân cư tạm thời không sẵn sàng",
          "The population register is temporarily unavailable").withDetail("circuit open").withRetryAfter(retry).exception();
    }
    if (e instanceof TimeoutException || (e.getMessage() != null && e.getMessage().contains("timeout period"))) {
      LOG.warn("register timed out reading citizen={}", who);
      return Problem.of(504, "register-timeout", "Cơ sở dữ liệu dân cư không trả lời kịp thời",
          "The population register did not answer in time").withRetryAfter(retry).exception();
    }
    if (e instanceof RegisterFailure f) {
      LOG.warn("register failed reading citizen={}: {}", who, f.getMessage());
      return Problem.of(502, "register-bad-answer", "Cơ sở dữ liệu dân cư trả lời không hợp lệ",
          "The population register gave an invalid answer").exception();
    }
    if (e instanceof ConnectException || e instanceof javax.net.ssl.SSLException || e instanceof io.vertx.core.VertxException) {
      LOG.warn("register unreachable reading citizen={}: {}", who, e.getMessage());
      return Problem.of(503, "register-unavailable", "Cơ sở dữ liệu dân cư tạm thời không sẵn sàng",
          "The population register is temporarily unavailable").withRetryAfter(retry).exception();
    }
    LOG.warn("register call failed reading citizen={}: {}", who, e.toString());
    return Problem.of(503, "register-unavailable", "Cơ sở dữ liệu dân cư tạm thời không sẵn sàng",
        "The population register is temporarily unavailable").withRetryAfter(retry).exception();
  }

  private static String traceId(String requestId) {
    if (requestId != null && requestId.matches("^[0-9a-f]{32}$")) return requestId;
    String current = RequestIdHandler.current();
    return current != null ? current : "0".repeat(31) + "1";
  }

  private static final class RegisterFailure extends RuntimeException {
    RegisterFailure(String message) {
      super(message, null, false, false);
    }
  }
}
