package vn.egov.gateway.dossier;

import com.nimbusds.jose.JOSEObjectType;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.egov.gateway.config.ClientConfig;
import vn.egov.gateway.config.DossierConfig;
import vn.egov.gateway.crypto.CompactJws;
import vn.egov.gateway.crypto.SigningKeys;
import vn.egov.gateway.store.SqlWebhookOutbox;

/**
 * Sends the portals' webhook events: each event is a compact JWS (ES256 under a key of the
 * gateway's JWKS, {@code typ} {@code dossier-event+jwt}, {@code aud} the portal's client id,
 * {@code jti} the event id, the event in {@code event}), POSTed as {@code application/jose} to the
 * portal's registered {@code webhook-url}. A 2xx answer ends it; anything else is retried with
 * capped exponential backoff and full jitter until the budget is spent. Events are leased, so
 * several instances never send one event at once, and a crashed instance's events are sent again
 * after their lease: a portal may see an event twice and de-duplicates by {@code jti}.
 */
public final class WebhookNotifier {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);
  public static final JOSEObjectType TYPE = new JOSEObjectType("dossier-event+jwt");
  private static final int BATCH = 32;
  private static final Duration LEASE = Duration.ofSeconds(60);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Backoff BACKOFF = Backoff.jittered(Duration.ofSeconds(2), Duration.ofMinutes(10));

  private final Vertx vertx;
  private final SqlWebhookOutbox outbox;
  private final Function<String, ClientConfig> clients;
  private final CompactJws jws;
  private final String issuer;
  private final DossierConfig config;
  private final Clock clock;
  private final WebClient http;
  private final String owner = "webhooks-" + UUID.randomUUID();
  private long timer = -1;
  private boolean stopped;

  public WebhookNotifier(Vertx vertx, SqlWebhookOutbox outbox, Function<String, ClientConfig> clients, SigningKeys keys,
      String issuer, DossierConfig config, Clock clock) {
    this.vertx = vertx;
    this.outbox = outbox;
    this.clients = clients;
    this.issuer = issuer;
    this.config = config;
    this.clock = clock;
    this.jws = keys.jws(TYPE);
    this.http = WebClient.create(vertx, new WebClientOptions().setName("portal-webhooks").setUserAgent("egov-gateway")
        .setConnectTimeout((int) config.webhookTimeout().toMillis()).setFollowRedirects(false));
  }

  public void start() {
    schedule(Duration.ZERO);
  }

  public void stop() {
    stopped = true;
    if (timer >= 0) vertx.cancelTimer(timer);
    http.close();
  }

  private void schedule(Duration delay) {
    if (stopped) return;
    timer = vertx.setTimer(Math.max(1, delay.toMillis()), id -> poll());
  }

  private void poll() {
    outbox.lease(owner, BATCH, LEASE, clock.instant())
        .compose(events -> Future.join(events.stream().map(this::send).toList()).map(events.size()))
        .onComplete(ar -> {
          if (ar.failed()) LOG.warn("webhook poll failed: {}", ar.cause().getMessage());
          // A full batch means more are waiting: go on at once.
          schedule(ar.succeeded() && ar.result() == BATCH ? Duration.ZERO : POLL);
        });
  }

  private Future<Boolean> send(WebhookEvent event) {
    ClientConfig client = clients.apply(event.clientId());
    Instant now = clock.instant();
    if (client == null || client.webhookUrl() == null) return outbox.done(event.id(), owner, "SKIPPED", now);
    String jws = sign(event, client.clientId(), now);
    return http.postAbs(client.webhookUrl().toString())
        .putHeader("Content-Type", "application/jose")
        .timeout(config.webhookTimeout().toMillis())
        .sendBuffer(Buffer.buffer(jws))
        .transform(ar -> {
          Instant at = clock.instant();
          if (ar.succeeded() && ar.result().statusCode() / 100 == 2) return outbox.done(event.id(), owner, "DELIVERED", at);
          String error = ar.succeeded() ? "HTTP " + ar.result().statusCode() : ar.cause().getMessage();
          if (event.attempts() >= config.webhookAttempts()) {
            LOG.warn("webhook given up client={} receipt={} event={} attempts={} error={}", event.clientId(), event.receiptCode(),
                event.type(), event.attempts(), error);
            return outbox.giveUp(event.id(), owner, at, error);
          }
          // Full jitter up to the capped exponential bound, but never sooner than a second.
          return outbox.retryLater(event.id(), owner, at.plus(BACKOFF.delay(event.attempts(), Optional.of(Duration.ofSeconds(1)))), error);
        });
  }

  private String sign(WebhookEvent event, String clientId, Instant now) {
    return jws.sign(new JsonObject().put("iss", issuer).put("aud", clientId).put("iat", now.getEpochSecond())
        .put("jti", event.id()).put("event", event(event.payload())));
  }

  private static JsonObject event(String payload) {
    try {
      return new JsonObject(payload);
    } catch (io.vertx.core.json.DecodeException e) {
      throw new IllegalStateException("stored webhook event is not JSON", e);
    }
  }

  /** Events by state (PENDING, IN_FLIGHT, DELIVERED, SKIPPED, FAILED), for tests and ops. */
  public Future<java.util.Map<String, Long>> counts() {
    return outbox.countsByState();
  }
}
