package vn.egov.gateway.dossier;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Capped exponential backoff with full jitter, never sooner than Retry-After. */
class BackoffTest {
  private static final Duration INITIAL = Duration.ofSeconds(1);
  private static final Duration CAP = Duration.ofMinutes(30);

  @Test
  void theCeilingDoublesFromTheInitialWaitUntilTheCap() {
    Backoff b = Backoff.jittered(INITIAL, CAP);
    assertThat(b.ceiling(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(b.ceiling(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(b.ceiling(5)).isEqualTo(Duration.ofSeconds(16));
    assertThat(b.ceiling(11)).isEqualTo(Duration.ofSeconds(1024));
    assertThat(b.ceiling(12)).isEqualTo(CAP);
    assertThat(b.ceiling(1_000)).isEqualTo(CAP);
    assertThat(b.ceiling(Integer.MAX_VALUE)).isEqualTo(CAP);
    assertThat(b.ceiling(0)).isEqualTo(INITIAL);
  }

  @Test
  void theWaitIsDrawnUniformlyBetweenZeroAndTheCeiling() {
    assertThat(new Backoff(INITIAL, CAP, bound -> bound).delay(3, Optional.empty())).isEqualTo(Duration.ofSeconds(4));
    assertThat(new Backoff(INITIAL, CAP, bound -> 0).delay(3, Optional.empty())).isZero();
    Backoff real = Backoff.jittered(INITIAL, CAP);
    for (int i = 0; i < 1_000; i++) {
      assertThat(real.delay(4, Optional.empty())).isBetween(Duration.ZERO, Duration.ofSeconds(8));
    }
  }

  @Test
  void retryAfterIsAFloorNotACeiling() {
    Backoff shortDraw = new Backoff(INITIAL, CAP, bound -> 500);
    assertThat(shortDraw.delay(1, Optional.of(Duration.ofSeconds(120)))).isEqualTo(Duration.ofSeconds(120));
    Backoff longDraw = new Backoff(INITIAL, CAP, bound -> bound);
    assertThat(longDraw.delay(8, Optional.of(Duration.ofSeconds(3)))).isEqualTo(Duration.ofSeconds(128));
  }

  @Test
  void retryAfterIsReadAsSecondsOrAnHttpDateAndBounded() {
    java.time.Instant now = java.time.Instant.parse("2026-11-27T08:00:00Z");
    assertThat(AgencyClient.retryAfter("120", now)).contains(Duration.ofSeconds(120));
    assertThat(AgencyClient.retryAfter("Fri, 27 Nov 2026 08:05:00 GMT", now)).contains(Duration.ofMinutes(5));
    assertThat(AgencyClient.retryAfter("Fri, 27 Nov 2026 07:00:00 GMT", now)).contains(Duration.ZERO);
    assertThat(AgencyClient.retryAfter("99999999999999", now)).contains(AgencyClient.MAX_RETRY_AFTER);
    assertThat(AgencyClient.retryAfter("-5", now)).isEmpty();
    assertThat(AgencyClient.retryAfter("soon", now)).isEmpty();
    assertThat(AgencyClient.retryAfter(null, now)).isEmpty();
  }
}
