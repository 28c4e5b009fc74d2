package vn.egov.gateway.oidc;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.egov.gateway.store.EphemeralStore;
import vn.egov.gateway.web.OAuthException;

/**
 * Grants and refresh-token families in the {@link EphemeralStore}. Codes are single use: a second
 * redemption revokes everything the first one issued (RFC 6749 section 4.1.2). Refresh tokens
 * rotate: each use returns a new one, and presenting a used one revokes the whole family
 * (RFC 9700 section 4.14.2). Refresh tokens are stored by hash only.
 */
public final class GrantService {
  private static final Logger LOG = LoggerFactory.getLogger(GrantService.class);
  private static final String GRANT = "grant:";
  private static final String CODE_USED = "code-used:";
  /** One record per refresh-token family (grant): the current generation and its token's hash. */
  private static final String FAMILY = "rtf:";
  /** Claims one generation's single use; it only has to outlive a rotation, the family record says the rest. */
  private static final String CLAIM = "rt-claim:";
  private static final Duration CLAIM_MEMORY = Duration.ofMinutes(2);
  private static final String REVOKED_AT = "at-revoked:";
  /** How long a redeemed code is remembered, so a late replay still revokes its tokens. */
  private static final Duration CODE_MEMORY = Duration.ofMinutes(10);

  private final EphemeralStore store;
  private final Clock clock;
  private final Duration grantTtl;

  public GrantService(EphemeralStore store, Clock clock, Duration grantTtl) {
    this.store = store;
    this.clock = clock;
    this.grantTtl = grantTtl;
  }

  /** What a code was issued for. */
  public record CodeRecord(Grant grant, String redirectUri, String codeChallenge, String nonce) {
  }

  /** Redeems a code once. Any second attempt fails and revokes the grant made by the first. */
  public Future<CodeRecord> redeem(String code) {
    if (code == null || code.length() > 256) return Future.failedFuture(OAuthException.invalidGrant("invalid authorization code"));
    return store.take(AuthorizationFlow.CODE + code).compose(raw -> {
      if (raw == null) {
        return store.get(CODE_USED + code).compose(gid -> {
          if (gid == null) return Future.failedFuture(OAuthException.invalidGrant("invalid or expired authorization code"));
          LOG.warn("authorization code replayed; revoking its grant");
          return revokeGrant(gid).compose(v -> Future.failedFuture(
              OAuthException.invalidGrant("authorization code already used; the tokens issued with it are revoked")));
        });
      }
      JsonObject j = new JsonObject(raw);
      Grant g = Grant.fromJson(j.getJsonObject("grant"));
      Instant now = clock.instant();
      Grant grant = new Grant(g.id(), g.clientId(), g.subject(), g.scopes(), g.identity(), g.acr(), g.authTime(),
          g.sessionId(), now.plus(grantTtl));
      return store.put(CODE_USED + code, grant.id(), CODE_MEMORY)
          .map(v -> new CodeRecord(grant, j.getString("redirectUri"), j.getString("codeChallenge"), j.getString("nonce")));
    });
  }

  /** Makes the grant live and returns its first refresh token. */
  public Future<String> activate(Grant grant) {
    String refresh = refreshToken(grant.id(), 0);
    Duration ttl = remaining(grant);
    return Future.all(
            store.put(GRANT + grant.id(), grant.toJson().encode(), ttl),
            store.put(FAMILY + grant.id(), family(grant.clientId(), 0, refresh), ttl))
        .map(v -> refresh);
  }

  public record Rotation(Grant grant, String refreshToken) {
  }

  /**
   * Uses a refresh token once and returns its successor; reuse revokes the family. A token is
   * {@code <grant id>~<generation>~<secret>} (not dot-separated: a
   * JWT is recognised by its two dots); the family keeps only its current generation and that
   * token's hash, so the state of a grant does not grow with its refreshes: an older generation
   * presented again is a reuse.
   */
  public Future<Rotation> rotate(String refreshToken, String clientId) {
    Optional<Presented> presented = Presented.parse(refreshToken);
    if (presented.isEmpty()) return Future.failedFuture(OAuthException.invalidGrant("invalid refresh token"));
    Presented p = presented.get();
    return store.get(FAMILY + p.gid()).compose(raw -> {
      if (raw == null) return Future.failedFuture(OAuthException.invalidGrant("invalid or expired refresh token"));
      JsonObject family = new JsonObject(raw);
      if (!clientId.equals(family.getString("clientId"))) {
        return Future.failedFuture(OAuthException.invalidGrant("refresh token was issued to another client"));
      }
      long current = family.getLong("generation");
      if (p.generation() < current) return reused(p.gid());
      if (p.generation() > current || !hash(refreshToken).equals(family.getString("hash"))) {
        return Future.failedFuture(OAuthException.invalidGrant("invalid refresh token"));
      }
      return store.putIfAbsent(CLAIM + p.gid() + "." + current, "1", CLAIM_MEMORY).compose(first -> {
        if (!first) return reused(p.gid());
        return grant(p.gid()).compose(grant -> {
          if (grant == null) return Future.failedFuture(OAuthException.invalidGrant("the grant was revoked"));
          String next = refreshToken(grant.id(), current + 1);
          return store.put(FAMILY + grant.id(), family(grant.clientId(), current + 1, next), remaining(grant))
              .map(v -> new Rotation(grant, next));
        });
      });
    });
  }

  private Future<Rotation> reused(String gid) {
    LOG.warn("refresh token reused; revoking its family");
    return revokeGrant(gid).compose(v -> Future.failedFuture(
        OAuthException.invalidGrant("refresh token already used; the token family is revoked")));
  }

  /** A refresh token as presented: its grant, its generation, and the rest is secret. */
  private record Presented(String gid, long generation) {
    static Optional<Presented> parse(String token) {
      if (token == null || token.length() > 256) return Optional.empty();
      String[] parts = token.split("~", -1);
      if (parts.length != 3 || parts[0].isEmpty() || parts[2].isEmpty() || !parts[1].matches("[0-9]{1,9}")) return Optional.empty();
      return Optional.of(new Presented(parts[0], Long.parseLong(parts[1])));
    }
  }

  public Future<Grant> grant(String gid) {
    if (gid == null) return Future.succeededFuture();
    return store.get(GRANT + gid).map(raw -> raw == null ? null : Grant.fromJson(new JsonObject(raw)));
  }

  /** The grant behind a refresh token, or null when unknown, used or revoked. */
  public Future<Grant> grantOfRefreshToken(String refreshToken) {
    Optional<Presented> presented = Presented.parse(refreshToken);
    if (presented.isEmpty()) return Future.succeededFuture(null);
    Presented p = presented.get();
    return store.get(FAMILY + p.gid()).compose(raw -> {
      if (raw == null) return Future.succeededFuture(null);
      JsonObject family = new JsonObject(raw);
      if (family.getLong("generation") != p.generation() || !hash(refreshToken).equals(family.getString("hash"))) {
        return Future.succeededFuture(null);
      }
      return grant(p.gid());
    });
  }

  public Future<Void> revokeGrant(String gid) {
    return Future.all(store.delete(GRANT + gid), store.delete(FAMILY + gid)).mapEmpty();
  }

  public Future<Void> revokeAccessToken(String jti, Instant expiresAt) {
    Duration ttl = Duration.between(clock.instant(), expiresAt).plusSeconds(60);
    if (ttl.isNegative() || ttl.isZero()) return Future.succeededFuture();
    return store.put(REVOKED_AT + jti, "1", ttl);
  }

  public Future<Boolean> accessTokenRevoked(String jti) {
    return store.get(REVOKED_AT + jti).map(v -> v != null);
  }

  private Duration remaining(Grant grant) {
    Duration d = Duration.between(clock.instant(), grant.expiresAt());
    return d.isNegative() || d.isZero() ? Duration.ofSeconds(1) : d;
  }

  private static String refreshToken(String gid, long generation) {
    return gid + "~" + generation + "~" + TokenService.randomToken();
  }

  private static String family(String clientId, long generation, String token) {
    return new JsonObject().put("clientId", clientId).put("generation", generation).put("hash", hash(token)).encode();
  }

  static String hash(String token) {
    try {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
