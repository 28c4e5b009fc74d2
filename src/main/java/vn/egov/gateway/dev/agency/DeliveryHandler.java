package vn.egov.gateway.dev.agency;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.egov.gateway.web.ProblemException;

/**
 * {@code POST /agencies/{code}/dossiers} (docs/agency-interface.md): verifies the JWS, checks that
 * its {@code jti} is the {@code Idempotency-Key}, and stores the dossier once per key: 201 the first
 * time, 200 with the same body after, 409 if the key comes with another dossier. Simulated failures
 * are decided per key and attempt from the seed, so a run can be repeated.
 */
final class DeliveryHandler implements Handler<RoutingContext> {
  static final String PARAM = "code";
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryHandler.class);
  private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,200}");
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private final DossierVerifier verifier;
  private final ReceivedDossiers received;
  private final StatusReporter reporter;
  private final MockAgencyConfig.Simulation simulation;
  private final long seed;

  DeliveryHandler(DossierVerifier verifier, ReceivedDossiers received, StatusReporter reporter,
      MockAgencyConfig.Simulation simulation, long seed) {
    this.verifier = verifier;
    this.received = received;
    this.reporter = reporter;
    this.simulation = simulation;
    this.seed = seed;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String agency = ctx.pathParam(PARAM);
    String key = ctx.request().getHeader("Idempotency-Key");
    if (key == null) throw AgencyProblems.invalidIdempotencyKey("The Idempotency-Key header is required").exception();
    if (!KEY.matcher(key).matches()) {
      throw AgencyProblems.invalidIdempotencyKey("An Idempotency-Key is 1-200 printable ASCII characters without spaces").exception();
    }
    String body = ctx.body().buffer() == null ? "" : ctx.body().buffer().toString(StandardCharsets.US_ASCII);
    verifier.verify(body, agency)
        .recover(e -> {
          if (e instanceof DossierVerifier.Rejected) {
            return io.vertx.core.Future.failedFuture(AgencyProblems.invalidJws(e.getMessage()).exception());
          }
          return io.vertx.core.Future.failedFuture(e);
        })
        .onSuccess(v -> answer(ctx, agency, key, v))
        .onFailure(ctx::fail);
  }

  private void answer(RoutingContext ctx, String agency, String key, DossierVerifier.Verified v) {
    if (!key.equals(v.deliveryKey())) {
      ctx.fail(AgencyProblems.invalidJws("jti must equal the Idempotency-Key header").exception());
      return;
    }
    int attempt = received.posted(key, v.receiptCode(), v.contentHash());
    if (received.conflicts(key, v.contentHash())) {
      received.store(key, v.contentHash());
      ctx.fail(AgencyProblems.conflict().exception());
      return;
    }
    long draw = mix64(seed ^ mix64(key.hashCode() + GOLDEN_GAMMA) + attempt * GOLDEN_GAMMA);
    boolean fail = unit(draw) < simulation.failureRate();
    boolean afterStore = fail && unit(mix64(draw)) < simulation.afterStore();
    if (fail && !afterStore) {
      received.failedBeforeStore();
      ctx.fail(failure());
      return;
    }
    ReceivedDossiers.Outcome outcome = received.store(key, v.contentHash());
    if (outcome == ReceivedDossiers.Outcome.NEW) reporter.start(agency, v.receiptCode(), v.receivedAt());
    if (afterStore) {
      // Stored, but the gateway never hears so: its retry must get 200, not a second dossier.
      received.answerLost(key);
      ctx.fail(failure());
      return;
    }
    LOG.debug("dossier {} delivered key={} outcome={}", v.receiptCode(), key, outcome);
    ctx.response().setStatusCode(outcome == ReceivedDossiers.Outcome.NEW ? 201 : 200)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(new JsonObject().put("deliveryKey", key).put("receiptCode", v.receiptCode()).put("agency", agency).toBuffer());
  }

  private ProblemException failure() {
    return AgencyProblems.simulatedFailure(simulation.failureStatus(), (int) Math.max(1, simulation.retryAfter().toSeconds()))
        .exception();
  }

  private static double unit(long bits) {
    return (bits >>> 11) * 0x1.0p-53;
  }

  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
