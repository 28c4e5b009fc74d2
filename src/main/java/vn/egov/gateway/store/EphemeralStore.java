package vn.egov.gateway.store;

import io.vertx.core.Future;
import java.time.Duration;

/**
 * Short-lived shared state: pending authorization requests, codes, sessions, refresh-token
 * families, PAR requests, replay caches. Values are strings (JSON) with a time to live, so the
 * interface maps one-to-one onto Redis ({@code SET PX}, {@code SET NX PX}, {@code GET},
 * {@code GETDEL}, {@code DEL}) when several instances share it.
 */
public interface EphemeralStore {

  Future<Void> put(String key, String value, Duration ttl);

  /** Stores only if the key is absent; {@code true} when this call stored it. The replay-detection primitive. */
  Future<Boolean> putIfAbsent(String key, String value, Duration ttl);

  /** The value, or {@code null} when absent or expired. */
  Future<String> get(String key);

  /** Reads and deletes atomically: of two concurrent callers only one gets the value. */
  Future<String> take(String key);

  Future<Void> delete(String key);
}
