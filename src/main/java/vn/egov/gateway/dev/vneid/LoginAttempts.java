package vn.egov.gateway.dev.vneid;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import vn.egov.gateway.store.EphemeralStore;

/**
 * Consecutive failed logins per account, and the temporary lock after too many (DESIGN.md: five
 * failures lock the account for a while). Counted for every well-formed ID number, existing or
 * not, so the lock reveals nothing about which accounts exist.
 */
final class LoginAttempts {
  /** After a failure: either attempts are left, or the account is now locked. */
  record Outcome(int remaining, Optional<Instant> lockedUntil) {
  }

  private final EphemeralStore store;
  private final Clock clock;
  private final int maxFailures;
  private final Duration lockDuration;

  LoginAttempts(EphemeralStore store, Clock clock, int maxFailures, Duration lockDuration) {
    this.store = store;
    this.clock = clock;
    this.maxFailures = maxFailures;
    this.lockDuration = lockDuration;
  }

  int maxFailures() {
    return maxFailures;
  }

  Future<Optional<Instant>> lockedUntil(String username) {
    return store.get(lockKey(username)).map(v -> Optional.ofNullable(v).map(s -> Instant.ofEpochMilli(Long.parseLong(s))));
  }

  /**
   * Counts one more failure. The counter lives as long as a lock would, so failures spread over
   * a longer time do not add up; the failure that reaches the limit starts the lock.
   */
  Future<Outcome> recordFailure(String username) {
    return store.get(failureKey(username)).compose(v -> {
      int failures = (v == null ? 0 : Integer.parseInt(v)) + 1;
      if (failures < maxFailures) {
        return store.put(failureKey(username), String.valueOf(failures), lockDuration)
            .map(x -> new Outcome(maxFailures - failures, Optional.empty()));
      }
      Instant until = clock.instant().plus(lockDuration);
      return store.put(lockKey(username), String.valueOf(until.toEpochMilli()), lockDuration)
          .compose(x -> store.delete(failureKey(username)))
          .map(x -> new Outcome(0, Optional.of(until)));
    });
  }

  Future<Void> recordSuccess(String username) {
    return store.delete(failureKey(username));
  }

  private static String failureKey(String username) {
    return "vneid:login-failures:" + username;
  }

  private static String lockKey(String username) {
    return "vneid:locked:" + username;
  }
}
