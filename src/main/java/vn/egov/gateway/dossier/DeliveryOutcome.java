package vn.egov.gateway.dossier;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** What became of one delivery attempt, classified as docs/agency-interface.md (Delivery) says. */
public sealed interface DeliveryOutcome {

  /** {@code 201} stored now, or {@code 200} stored before under the same delivery key. */
  record Delivered(int status) implements DeliveryOutcome {
  }

  /**
   * {@code 408}, {@code 425}, {@code 429}, {@code 5xx}, a timeout or a connection failure: try
   * again, not before {@code retryAfter} when the agency named one.
   */
  record Retry(Optional<Duration> retryAfter, String reason) implements DeliveryOutcome {
  }

  /** Any other {@code 4xx}: the agency will never accept this dossier as sent. */
  record Permanent(String reason) implements DeliveryOutcome {
  }

  /**
   * Not sent at all (the agency's circuit is open, or its in-flight limit is reached): the attempt
   * does not count, and the job may go again at {@code notBefore}.
   */
  record NotSent(Instant notBefore, String reason) implements DeliveryOutcome {
  }
}
