package vn.egov.gateway.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import java.time.Duration;
import java.util.List;

/**
 * The {@link EphemeralStore} shared by several gateway instances: each operation is one Redis
 * command, so single use (GETDEL) and replay detection (SET NX) stay atomic across instances.
 * Keys are prefixed so the gateway can share a Redis with other tenants.
 */
public final class RedisEphemeralStore implements EphemeralStore {
  private final RedisAPI redis;
  private final String prefix;

  public RedisEphemeralStore(Vertx vertx, String connectionString, String prefix) {
    Redis client = Redis.createClient(vertx, new RedisOptions().setConnectionString(connectionString).setMaxPoolSize(16)
        .setMaxPoolWaiting(256));
    this.redis = RedisAPI.api(client);
    this.prefix = prefix;
  }

  private static String millis(Duration ttl) {
    return String.valueOf(Math.max(1, ttl.toMillis()));
  }

  @Override
  public Future<Void> put(String key, String value, Duration ttl) {
    return redis.set(List.of(prefix + key, value, "PX", millis(ttl))).mapEmpty();
  }

  @Override
  public Future<Boolean> putIfAbsent(String key, String value, Duration ttl) {
    // SET NX answers OK when it stored, nil when the key existed.
    return redis.set(List.of(prefix + key, value, "PX", millis(ttl), "NX")).map(r -> r != null);
  }

  @Override
  public Future<String> get(String key) {
    return redis.get(prefix + key).map(r -> r == null ? null : r.toString());
  }

  @Override
  public Future<String> take(String key) {
    return redis.getdel(prefix + key).map(r -> r == null ? null : r.toString());
  }

  @Override
  public Future<Void> delete(String key) {
    return redis.del(List.of(prefix + key)).mapEmpty();
  }
}
