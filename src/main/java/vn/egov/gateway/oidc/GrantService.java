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
  private static final String REFRESH = "rt:";
  private static final String REFRESH_USED = "rt-used:";
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
    String refresh = TokenService.randomToken();
    Duration ttl = remaining(grant);
    return Future.all(
            store.put(GRANT + grant.id(), grant.toJson().encode(), ttl),
            store.put(REFRESH + hash(refresh), refreshRecord(grant), ttl))
        .map(v -> refresh);
  }

  public record Rotation(Grant grant, String refreshToken) {
  }

  /** Uses a refresh token once and returns its successor; reuse revokes the family. */
  public Future<Rotation> rotate(String refreshToken, String clientId) {
    if (refreshToken == null || refreshToken.length() > 256) return Future.failedFuture(OAuthException.invalidGrant("invalid refresh token"));
    String h = hash(refreshToken);
    return store.get(REFRESH + h).compose(raw -> {
      if (raw == null) return Future.failedFuture(OAuthException.invalidGrant("invalid or expired refresh token"));
      JsonObject rec = new JsonObject(raw);
      if (!clientId.equals(rec.getString("clientId"))) {
        return Future.failedFuture(OAuthException.invalidGrant("refresh token was issued to another client"));
      }
      String gid = rec.getString("gid");
      return store.putIfAbsent(REFRESH_USED + h, "1", remainingOf(rec)).compose(first -> {
        if (!first) {
          LOG.warn("refresh token reused; revoking its family");
          return revokeGrant(gid).compose(v -> Future.failedFuture(
              OAuthException.invalidGrant("refresh token already used; the token family is revoked")));
        }
        return grant(gid).compose(grant -> {
          if (grant == null) return Future.failedFuture(OAuthException.invalidGrant("the grant was revoked"));
          String next = TokenService.randomToken();
          return store.put(REFRESH + hash(next), refreshRecord(grant), remaining(grant)).map(v -> new Rotation(grant, next));
        });
      });
    });
  }

  public Future<Grant> grant(String gid) {
    if (gid == null) return Future.succeededFuture();
    return store.get(GRANT + gid).map(raw -> raw == null ? null : Grant.fromJson(new JsonObject(raw)));
  }

  /** The grant behind a refresh token, or null when unknown, used or revoked. */
  public Future<Grant> grantOfRefreshToken(String refreshToken) {
    String h = hash(refreshToken);
    return Future.all(store.get(REFRESH + h), store.get(REFRESH_USED + h)).compose(all -> {
      String raw = all.resultAt(0);
      if (raw == null || all.resultAt(1) != null) return Future.succeededFuture(null);
      return grant(new JsonObject(raw).getString("gid"));
    });
  }

  public Future<Void> revokeGrant(String gid) {
    return store.delete(GRANT + gid);
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

  private Duration remainingOf(JsonObject refreshRecord) {
    Duration d = Duration.between(clock.instant(), Instant.ofEpochSecond(refreshRecord.getLong("expiresAt")));
    return d.isNegative() || d.isZero() ? Duration.ofSeconds(1) : d;
  }

  private static String refreshRecord(Grant grant) {
    return new JsonObject().put("gid", grant.id()).put("clientId", grant.clientId())
        .put("expiresAt", grant.expiresAt().getEpochSecond()).encode();
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
