package vn.egov.gateway.prefill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.egov.gateway.crypto.SigningKeys;
import vn.egov.gateway.store.MutableClock;

/**
 * A prefill signature is verified again on every inline validation and on the submission; the
 * verified claims are remembered by the JWS's exact text. Remembering must never let through what
 * verifying would refuse.
 */
class PrefillSignerTest {
  private static final Instant NOW = Instant.parse("2026-11-28T03:00:00Z");

  private static PrefillSigner signer(java.time.Clock clock) throws Exception {
    SigningKeys keys = SigningKeys.load(List.of(Path.of("certs-dev/gateway-signing-1.jwk")));
    return new PrefillSigner("http://localhost:8080", keys, clock, Duration.ofMinutes(30));
  }

  private static String sign(PrefillSigner s) {
    return s.sign("demo-portal", "subject-1", "1.001612", Map.of("/applicant/fullName", "Nguyễn Văn An"));
  }

  @Test
  void aJwsVerifiedBeforeGivesTheSameClaimsAndAChangedOneIsStillRefused() throws Exception {
    MutableClock clock = new MutableClock(NOW);
    PrefillSigner s = signer(clock);
    String jws = sign(s);
    JsonObject first = s.verify(jws);
    JsonObject again = s.verify(jws);
    assertThat(again.encode()).isEqualTo(first.encode());
    assertThat(again.getJsonObject("values").getString("/applicant/fullName")).isEqualTo("Nguyễn Văn An");

    String[] parts = jws.split("\\.");
    char last = parts[2].charAt(10);
    String changedSignature = parts[0] + "." + parts[1] + "." + parts[2].substring(0, 10) + (last == 'A' ? 'B' : 'A')
        + parts[2].substring(11);
    assertThatThrownBy(() -> s.verify(changedSignature)).isInstanceOf(PrefillSigner.InvalidPrefillException.class);
    String otherPayload = parts[0] + "." + new PrefillSignerTest().payloadWith(parts[1]) + "." + parts[2];
    assertThatThrownBy(() -> s.verify(otherPayload)).isInstanceOf(PrefillSigner.InvalidPrefillException.class);
  }

  @Test
  void rememberedClaimsCannotBeChangedByACaller() throws Exception {
    PrefillSigner s = signer(new MutableClock(NOW));
    String jws = sign(s);
    s.verify(jws);
    JsonObject remembered = s.verify(jws);
    assertThatThrownBy(() -> remembered.put("sub", "someone-else")).isInstanceOf(UnsupportedOperationException.class);
    assertThat(s.verify(jws).getString("sub")).isEqualTo("subject-1");
  }

  @Test
  void anExpiredJwsIsVerifiedAfreshNotServedFromMemory() throws Exception {
    MutableClock clock = new MutableClock(NOW);
    PrefillSigner s = signer(clock);
    String jws = sign(s);
    s.verify(jws);
    clock.advance(Duration.ofMinutes(31));
    // The signature is still good; the claims come back with their exp, for the caller's check.
    JsonObject claims = s.verify(jws);
    assertThat(Instant.ofEpochSecond(claims.getLong("exp"))).isBefore(clock.instant());
  }

  private String payloadWith(String payload) {
    String json = new String(java.util.Base64.getUrlDecoder().decode(payload), java.nio.charset.StandardCharsets.UTF_8);
    String changed = json.replace("Nguyễn Văn An", "Nguyễn Văn Ba");
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(changed.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
