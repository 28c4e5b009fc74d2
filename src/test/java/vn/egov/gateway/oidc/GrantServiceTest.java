package vn.egov.gateway.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.api.Test;
import vn.egov.gateway.store.InMemoryEphemeralStore;
import vn.egov.gateway.store.MutableClock;
import vn.egov.gateway.upstream.CitizenIdentity;

/**
 * Refresh-token families (rotation, reuse detection, state that does not grow with refreshes) and
 * the memory of verified access tokens.
 */
class GrantServiceTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T02:00:00Z"));
  private final InMemoryEphemeralStore store = new InMemoryEphemeralStore(clock);
  private final GrantService grants = new GrantService(store, clock, Duration.ofHours(8));

  private Grant grant() {
    var id = new CitizenIdentity("001190000001", "Nguyễn Văn An", LocalDate.of(1990, 1, 1), CitizenIdentity.Gender.MALE,
        null, null, null, null, CitizenIdentity.Level.LOA2, "up-1", clock.instant());
    return new Grant(TokenService.randomToken(), "demo-portal", "sub-1", Set.of("openid"), id, "LoA2", clock.instant(), "s-1",
        clock.instant().plus(Duration.ofHours(8)));
  }

  @Test
  void aThousandRefreshesKeepTheGrantsStateConstant() {
    String token = grants.activate(grant()).await();
    String first = grants.rotate(token, "demo-portal").await().refreshToken();
    int after1 = store.size();

    token = first;
    for (int i = 0; i < 1000; i++) token = grants.rotate(token, "demo-portal").await().refreshToken();
    // Claims of single use expire within minutes; past them, one grant and one family record remain.
    clock.advance(Duration.ofMinutes(3));
    store.sweep();

    assertThat(store.size()).isLessThanOrEqualTo(after1).isEqualTo(2);
    assertThat(grants.grantOfRefreshToken(token).await()).isNotNull();
  }

  @Test
  void aReusedTokenRevokesTheFamilyEvenLongAfterItsUse() {
    String t0 = grants.activate(grant()).await();
    String t1 = grants.rotate(t0, "demo-portal").await().refreshToken();
    grants.rotate(t1, "demo-portal").await();
    clock.advance(Duration.ofHours(1));
    store.sweep();

    assertThatThrownBy(() -> grants.rotate(t0, "demo-portal").await()).hasMessageContaining("already used");
    // The whole family is gone: the newest token too.
    assertThat(grants.grantOfRefreshToken(t1).await()).isNull();
  }

  @Test
  void aVerifiedAccessTokenIsRememberedOnlyUntilItExpires() throws Exception {
    var keys = vn.egov.gateway.crypto.SigningKeys.load(java.util.List.of(java.nio.file.Path.of("certs-dev/gateway-signing-1.jwk")));
    var tokens = new TokenService("http://localhost:8080", keys, clock, Duration.ofMinutes(5), Duration.ofMinutes(5));
    String at = tokens.accessToken(grant());

    assertThat(tokens.verifyAccessToken(at).getSubject()).isEqualTo("sub-1");
    // A second use is answered from memory, the same claims.
    assertThat(tokens.verifyAccessToken(at)).isSameAs(tokens.verifyAccessToken(at));
    // Past its expiry (and the 30 s skew) the remembered token is refused like any other.
    clock.advance(Duration.ofMinutes(5).plusSeconds(31));
    assertThatThrownBy(() -> tokens.verifyAccessToken(at)).hasMessageContaining("Expired");
    assertThatThrownBy(() -> tokens.verifyAccessToken(at)).hasMessageContaining("Expired");
    // A forged token is never remembered as good.
    String forged = at.substring(0, at.length() - 3) + (at.endsWith("AAA") ? "BBB" : "AAA");
    assertThatThrownBy(() -> tokens.verifyAccessToken(forged)).isInstanceOf(TokenService.InvalidTokenException.class);
    assertThatThrownBy(() -> tokens.verifyAccessToken(forged)).isInstanceOf(TokenService.InvalidTokenException.class);
  }

  @Test
  void forgedAndForeignTokensAreRefused() {
    String t0 = grants.activate(grant()).await();
    String gid = t0.substring(0, t0.indexOf('~'));

    for (String forged : new String[] {gid + "~0~forged", gid + "~1~" + t0.substring(t0.lastIndexOf('~') + 1), "no-tildes",
        gid + "~-1~x", gid + "~99999999999~x", "~0~x", "x".repeat(300)}) {
      assertThatThrownBy(() -> grants.rotate(forged, "demo-portal").await()).as(forged).hasMessageContaining("refresh token");
    }
    assertThatThrownBy(() -> grants.rotate(t0, "another-portal").await()).hasMessageContaining("another client");
    // None of that used the genuine token up.
    assertThat(grants.rotate(t0, "demo-portal").await().grant().id()).isEqualTo(gid);
  }
}
