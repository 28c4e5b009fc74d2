package vn.egov.gateway.dossier;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongUnaryOperator;

/**
 * When to try a failed delivery again: capped exponential backoff with full jitter, i.e. a uniform
 * random wait in {@code [0, min(cap, initial * 2^failures)]}, so that the jobs of an agency that
 * came back do not all return at the same instant; but never sooner than the agency's
 * {@code Retry-After} (RFC 9110 section 10.2.3).
 */
public final class Backoff {
  private final Duration initial;
  private final Duration cap;
  /** Given a bound in milliseconds, a uniform value in [0, bound]. */
  private final LongUnaryOperator random;

  public Backoff(Duration initial, Duration cap, LongUnaryOperator random) {
    if (initial.isNegative() || initial.isZero()) throw new IllegalArgumentException("initial backoff must be positive");
    if (cap.compareTo(initial) < 0) throw new IllegalArgumentException("the cap must not be below the initial backoff");
    this.initial = initial;
    this.cap = cap;
    this.random = random;
  }

  /** With {@link java.util.concurrent.ThreadLocalRandom}. */
  public static Backoff jittered(Duration initial, Duration cap) {
    return new Backoff(initial, cap, bound -> java.util.concurrent.ThreadLocalRandom.current().nextLong(bound + 1));
  }

  /**
   * The upper bound of the wait after {@code failures} failed attempts (1 after the first):
   * {@code min(cap, initial * 2^(failures - 1))}, without overflow however many failures.
   */
  public Duration ceiling(int failures) {
    int doublings = Math.max(0, failures - 1);
    long initialMs = initial.toMillis();
    long capMs = cap.toMillis();
    if (doublings >= 62 || initialMs > (capMs >> Math.min(doublings, 62))) return cap;
    return Duration.ofMillis(Math.min(capMs, initialMs << doublings));
  }

  /** The wait before the next attempt after {@code failures} failed attempts. */
  public Duration delay(int failures, Optional<Duration> retryAfter) {
    long jitter = random.applyAsLong(ceiling(failures).toMillis());
    Duration wait = Duration.ofMillis(Math.max(0, jitter));
    return retryAfter.filter(r -> r.compareTo(wait) > 0).orElse(wait);
  }
}
