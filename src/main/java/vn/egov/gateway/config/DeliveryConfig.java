package vn.egov.gateway.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the forwarder delivers dossiers to agencies: the gateway's client certificate and the CA
 * that signs the agencies' server certificates (mutual TLS), timeouts, the per-agency in-flight
 * limit and circuit breaker, the retry policy (capped exponential backoff with full jitter, a
 * budget of attempts before the dead letter) and the outbox polling.
 */
public record DeliveryConfig(
    boolean enabled,
    Path clientCert,
    Path clientKey,
    Path trustedCa,
    Duration connectTimeout,
    Duration timeout,
    int maxInFlight,
    Duration initialBackoff,
    Duration maxBackoff,
    int budget,
    Duration leaseDuration,
    Duration pollInterval,
    int batchSize,
    int breakerMaxFailures,
    Duration breakerReset) {
}
