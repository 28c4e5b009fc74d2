package vn.egov.gateway.config;

import java.time.Duration;

/**
 * Operations: how long a readiness verdict is reused (so a probe storm costs the back ends one
 * evaluation per {@code readinessCache}), each readiness check's time limit, how often the outbox
 * and statistics gauges are refreshed from the store, and the bearer token that guards
 * {@code /metrics} ({@code null}: open in dev mode, disabled in production).
 */
public record OpsConfig(Duration readinessCache, Duration readinessTimeout, Duration gaugeRefresh, String metricsToken,
                        String registerHealthPath) {

  public static OpsConfig defaults() {
    return new OpsConfig(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(15), null, "/health");
  }
}
