package vn.egov.gateway.dossier;

import com.nimbusds.jose.JOSEObjectType;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.egov.gateway.config.AgencyConfig;
import vn.egov.gateway.config.DeliveryConfig;
import vn.egov.gateway.crypto.CompactJws;
import vn.egov.gateway.crypto.SigningKeys;

/**
 * The one client of the agencies' back ends (docs/agency-interface.md, Delivery): mutual TLS with
 * the gateway's client certificate, a pooled connection per agency slot, connect and response
 * timeouts, and per agency a circuit breaker and an in-flight limit. It signs each attempt as a
 * JWS ({@code typ} {@code dossier+jwt}, ES256 under the gateway's active key), sends it with the
 * delivery key as {@code Idempotency-Key}, and classifies the answer. It never logs the form.
 */
public final class AgencyClient {
  public static final JOSEObjectType TYPE = new JOSEObjectType("dossier+jwt");
  public static final String CONTENT_TYPE = "application/jose";
  /** A {@code Retry-After} further out than this is read as this: a hostile header cannot park jobs for ever. */
  static final Duration MAX_RETRY_AFTER = Duration.ofDays(1);
  private static final Logger LOG = LoggerFactory.getLogger(AgencyClient.class);
  private static final int MAX_ERROR_TEXT = 300;

  private final WebClient client;
  private final Map<String, Agency> agencies = new HashMap<>();
  private final DeliveryConfig delivery;
  private final String issuer;
  private final CompactJws jws;
  private final Clock clock;

  /** One agency's endpoint, breaker and in-flight count. */
  private static final class Agency {
    final AgencyConfig config;
    final CircuitBreaker breaker;
    final AtomicInteger inFlight = new AtomicInteger();
    volatile Instant openedAt = Instant.EPOCH;

    Agency(AgencyConfig config, CircuitBreaker breaker) {
      this.config = config;
      this.breaker = breaker;
    }
  }

  public AgencyClient(Vertx vertx, List<AgencyConfig> agencies, DeliveryConfig delivery, String issuer, SigningKeys keys,
      Clock clock) {
    this.delivery = delivery;
    this.issuer = issuer;
    this.clock = clock;
    WebClientOptions options = new WebClientOptions()
        .setName("agency-delivery")
        .setUserAgent("egov-gateway")
        .setConnectTimeout((int) delivery.connectTimeout().toMillis())
        .setFollowRedirects(false)
        .setKeepAlive(true);
    if (agencies.stream().anyMatch(AgencyConfig::tls)) {
      options.setSsl(true)
          .setVerifyHost(true)
          .setKeyCertOptions(new PemKeyCertOptions().setCertPath(delivery.clientCert().toString())
              .setKeyPath(delivery.clientKey().toString()))
          .setTrustOptions(new PemTrustOptions().addCertPath(delivery.trustedCa().toString()));
    }
    // Agencies may share a host (the dev mock serves them all): room for every agency's limit.
    int connections = agencies.stream().mapToInt(AgencyConfig::maxInFlight).sum();
    this.client = WebClient.create(vertx, options, new PoolOptions().setHttp1MaxSize(Math.max(1, connections)));
    for (AgencyConfig a : agencies) {
      CircuitBreaker breaker = CircuitBreaker.create("agency-" + a.code(), vertx, new CircuitBreakerOptions()
          .setMaxFailures(delivery.breakerMaxFailures())
          .setTimeout(-1) // each request has its own timeout
          .setResetTimeout(delivery.breakerReset().toMillis()));
      // No fallback is used: a failed attempt comes back as a failed future and is classified
      // below (a fallback would only run with setFallbackOnFailure(true) anyway).
      Agency agency = new Agency(a, breaker);
      breaker.openHandler(v -> {
        agency.openedAt = clock.instant();
        LOG.warn("agency circuit open agency={} for {}", a.code(), delivery.breakerReset());
      });
      breaker.closeHandler(v -> LOG.info("agency circuit closed agency={}", a.code()));
      this.agencies.put(a.code(), agency);
    }
    this.jws = keys.jws(TYPE);
  }

  public boolean knows(String agencyCode) {
    return agencies.containsKey(agencyCode);
  }

  public int maxInFlight(String agencyCode) {
    Agency a = agencies.get(agencyCode);
    return a == null ? 1 : a.config.maxInFlight();
  }

  public int inFlight(String agencyCode) {
    Agency a = agencies.get(agencyCode);
    return a == null ? 0 : a.inFlight.get();
  }

  /** The slowest an attempt to this agency can take before it counts as a timeout. */
  public Duration requestLimit(String agencyCode) {
    Agency a = agencies.get(agencyCode);
    return delivery.connectTimeout().plus(a == null ? delivery.timeout() : a.config.timeout());
  }

  public Optional<CircuitBreakerState> breakerState(String agencyCode) {
    return Optional.ofNullable(agencies.get(agencyCode)).map(a -> a.breaker.state());
  }

  /**
   * One delivery attempt of {@code job} with the dossier's content. Never fails: every way the
   * attempt can end is a {@link DeliveryOutcome}.
   */
  public Future<DeliveryOutcome> send(DeliveryJob job, Dossier dossier) {
    Agency agency = agencies.get(job.agencyCode());
    if (agency == null) {
      return Future.succeededFuture(new DeliveryOutcome.Permanent("no agency " + job.agencyCode() + " in the gateway's config"));
    }
    Instant now = clock.instant();
    if (agency.breaker.state() == CircuitBreakerState.OPEN) {
      return Future.succeededFuture(new DeliveryOutcome.NotSent(reopensAt(agency, now), "agency circuit open"));
    }
    if (agency.inFlight.incrementAndGet() > agency.config.maxInFlight()) {
      agency.inFlight.decrementAndGet();
      return Future.succeededFuture(new DeliveryOutcome.NotSent(now, "agency in-flight limit reached"));
    }
    String jws;
    try {
      jws = sign(job, dossier, now);
    } catch (RuntimeException e) {
      agency.inFlight.decrementAndGet();
      // A stored form that is not a JSON object cannot become a dossier JWS, however often it is tried.
      return Future.succeededFuture(new DeliveryOutcome.Permanent("cannot sign the dossier: " + e.getMessage()));
    }
    String traceId = randomHex(16);
    Future<DeliveryOutcome> call = agency.breaker.<DeliveryOutcome>execute(() -> post(agency, job, jws, traceId));
    return call.recover(e -> {
      if (e instanceof RetryableAnswer r) return Future.succeededFuture(r.outcome);
      if (e instanceof OpenCircuitException) {
        // Half-open: another attempt is the trial; this one waits for the breaker's verdict.
        return Future.succeededFuture(new DeliveryOutcome.NotSent(clock.instant().plus(delivery.breakerReset()),
            "agency circuit half-open, trial in progress"));
      }
      return Future.succeededFuture(new DeliveryOutcome.Retry(Optional.empty(), failureText(e)));
    }).onComplete(ar -> agency.inFlight.decrementAndGet()).onSuccess(outcome -> log(job, traceId, outcome));
  }

  private Instant reopensAt(Agency agency, Instant now) {
    Instant at = agency.openedAt.plus(delivery.breakerReset());
    return at.isAfter(now) ? at : now.plus(delivery.breakerReset());
  }

  /** A retryable answer fails the breaker's command, so that it counts; permanent ones do not. */
  private Future<DeliveryOutcome> post(Agency agency, DeliveryJob job, String jws, String traceId) {
    return client.postAbs(agency.config.dossiersUrl())
        .timeout(agency.config.timeout().toMillis())
        .putHeader("Content-Type", CONTENT_TYPE)
        .putHeader("Accept", "application/json, application/problem+json")
        .putHeader("Idempotency-Key", job.deliveryKey())
        .putHeader("traceparent", "00-" + traceId + "-" + randomHex(8) + "-01")
        .sendBuffer(Buffer.buffer(jws))
        .recover(e -> Future.failedFuture(new RetryableAnswer(new DeliveryOutcome.Retry(Optional.empty(), failureText(e)))))
        .compose(response -> {
          DeliveryOutcome outcome = classify(response, clock.instant());
          return outcome instanceof DeliveryOutcome.Retry
              ? Future.failedFuture(new RetryableAnswer(outcome))
              : Future.succeededFuture(outcome);
        });
  }

  /** The table of docs/agency-interface.md. */
  static DeliveryOutcome classify(HttpResponse<Buffer> response, Instant now) {
    int status = response.statusCode();
    if (status == 201 || status == 200) return new DeliveryOutcome.Delivered(status);
    String text = "agency answered HTTP " + status + answerText(response);
    if (status == 408 || status == 425 || status == 429 || status >= 500) {
      return new DeliveryOutcome.Retry(retryAfter(response.getHeader("Retry-After"), now), text);
    }
    if (status >= 400) return new DeliveryOutcome.Permanent(text);
    // 1xx, other 2xx and 3xx are outside the contract: the agency did not confirm it has the dossier.
    return new DeliveryOutcome.Retry(Optional.empty(), text);
  }

  /** {@code Retry-After}: delay-seconds or an HTTP-date (RFC 9110 section 10.2.3); anything else is ignored. */
  static Optional<Duration> retryAfter(String header, Instant now) {
    if (header == null || header.isBlank() || header.length() > 64) return Optional.empty();
    String v = header.trim();
    Duration d;
    if (v.chars().allMatch(Character::isDigit)) {
      d = v.length() > 9 ? MAX_RETRY_AFTER : Duration.ofSeconds(Long.parseLong(v));
    } else {
      try {
        d = Duration.between(now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
      if (d.isNegative()) d = Duration.ZERO;
    }
    return Optional.of(d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d);
  }

  /** The start of the agency's answer, for the job's last error: printable characters only. */
  private static String answerText(HttpResponse<Buffer> response) {
    Buffer body = response.body();
    if (body == null || body.length() == 0) return "";
    String text = body.getString(0, Math.min(body.length(), MAX_ERROR_TEXT * 4));
    text = text.replaceAll("[\\p{Cntrl}&&[^\\n]]", "").replace('\n', ' ').strip();
    if (text.length() > MAX_ERROR_TEXT) text = text.substring(0, MAX_ERROR_TEXT) + "…";
    return text.isEmpty() ? "" : ": " + text;
  }

  private static String failureText(Throwable e) {
    String m = e.getMessage();
    if (e instanceof java.util.concurrent.TimeoutException || (m != null && m.contains("timeout period"))) {
      return "no answer in time: " + m;
    }
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  private static void log(DeliveryJob job, String traceId, DeliveryOutcome outcome) {
    if (outcome instanceof DeliveryOutcome.Delivered d) {
      LOG.info("dossier delivered receipt={} agency={} status={} attempt={} trace={}",
          job.receiptCode(), job.agencyCode(), d.status(), job.attempts(), traceId);
    } else if (outcome instanceof DeliveryOutcome.Retry r) {
      LOG.info("dossier delivery failed receipt={} agency={} attempt={} trace={}: {}",
          job.receiptCode(), job.agencyCode(), job.attempts(), traceId, r.reason());
    } else if (outcome instanceof DeliveryOutcome.Permanent p) {
      LOG.warn("dossier refused by agency receipt={} agency={} attempt={} trace={}: {}",
          job.receiptCode(), job.agencyCode(), job.attempts(), traceId, p.reason());
    } else if (outcome instanceof DeliveryOutcome.NotSent n) {
      LOG.debug("dossier not sent receipt={} agency={}: {}", job.receiptCode(), job.agencyCode(), n.reason());
    }
  }

  /** The compact JWS of one attempt; claims exactly as docs/agency-interface.md lists them. */
  public String sign(DeliveryJob job, Dossier dossier, Instant now) {
    String payload = dossier.payload();
    // Forms are normalised when they are validated; one stored before that (or written by hand)
    // is normalised here. Escaped characters could hide combining marks from the quick check.
    Object form = Normalizer.isNormalized(payload, Normalizer.Form.NFC) && !payload.contains("\\u")
        ? new JsonObject(payload) : new JsonObject(nfc(new JsonObject(payload).getMap()));
    JsonObject claims = new JsonObject()
        .put("iss", issuer)
        .put("aud", job.agencyCode())
        .put("iat", now.getEpochSecond())
        .put("jti", job.deliveryKey())
        .put("receipt_code", dossier.receiptCode())
        .put("procedure_code", dossier.procedureCode())
        .put("received_at", ExchangeTime.format(dossier.receivedAt()))
        .put("due_at", ExchangeTime.format(dossier.dueAt()))
        .put("form", form)
        // The validator's warnings, e.g. prefill-missing: fields no register signature vouches for.
        .put("warnings", new JsonArray(dossier.warnings() == null ? "[]" : dossier.warnings()));
    return jws.sign(claims);
  }

  /** Signs a throwaway dossier once, so that the first real delivery does not load the crypto classes on an event loop. */
  void warmUp() {
    Instant now = clock.instant();
    sign(new DeliveryJob("warm-up", "000.00.00.H00-260101-0001", "000.00.00.H00", "warm-up", DeliveryJob.State.IN_FLIGHT, 1,
            now, "warm-up", now, null),
        new Dossier("000.00.00.H00-260101-0001", "0", "000.00.00.H00", "", "", "", "{\"a\":[\"b\"]}", 1, now, now, now, "",
            "", null, null), now);
  }

  /** The form with every string (keys included) in Unicode NFC, as plain maps and lists. */
  @SuppressWarnings("unchecked")
  private static <T> T nfc(T value) {
    if (value instanceof String s) return (T) Normalizer.normalize(s, Normalizer.Form.NFC);
    if (value instanceof JsonObject o) return (T) nfc(o.getMap());
    if (value instanceof JsonArray a) return (T) nfc(a.getList());
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(Normalizer.normalize(String.valueOf(k), Normalizer.Form.NFC), nfc(v)));
      return (T) out;
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object v : l) out.add(nfc(v));
      return (T) out;
    }
    return value;
  }

  private static String randomHex(int bytes) {
    byte[] random = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(random);
    return java.util.HexFormat.of().formatHex(random);
  }

  public void close() {
    agencies.values().forEach(a -> a.breaker.close());
    client.close();
  }

  /** Carries a retryable answer through the breaker as a failure, so that the breaker counts it. */
  private static final class RetryableAnswer extends RuntimeException {
    final DeliveryOutcome outcome;

    RetryableAnswer(DeliveryOutcome outcome) {
      super(((DeliveryOutcome.Retry) outcome).reason(), null, false, false);
      this.outcome = outcome;
    }
  }
}
