package vn.egov.gateway.config;

import java.time.Duration;
import java.util.List;

/**
 * Operations: who may use the ops endpoints ({@code /ops/v1}, the dashboard: user names with
 * PBKDF2 password hashes), how long a readiness verdict is reused (so a probe storm costs the back
 * ends one evaluation per {@code readinessCache}), each readiness check's time limit, how often the
 * outbox gauges ({@code gaugeRefresh}) and this month's statistics ({@code statisticsRefresh}: a
 * query over the whole month's dossiers) are refreshed from the store, and the bearer token that guards
 * {@code /metrics} ({@code null}: open in dev mode, disabled in production).
 */
public record OpsConfig(List<User> users, Duration readinessCache, Duration readinessTimeout, Duration gaugeRefresh,
                        Duration statisticsRefresh, String metricsToken, String registerHealthPath) {

  /** {@code passwordHash} in the format of {@code vn.egov.gateway.ops.PasswordHash}. */
  public record User(String username, String passwordHash) {
  }

  public static OpsConfig defaults() {
    return new OpsConfig(List.of(), Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(15), Duration.ofMinutes(5), null,
        "/health");
  }
}
