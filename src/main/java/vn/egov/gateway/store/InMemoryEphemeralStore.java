package vn.egov.gateway.store;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The single-instance {@link EphemeralStore}: a concurrent map with expiry checked on read and
 * a periodic sweep, so abandoned logins do not accumulate.
 */
public final class InMemoryEphemeralStore implements EphemeralStore {
  private record Entry(String value, long expiresAtMillis) {
  }

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final Clock clock;

  public InMemoryEphemeralStore(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Future<Void> put(String key, String value, Duration ttl) {
    entries.put(key, new Entry(value, clock.millis() + ttl.toMillis()));
    return Future.succeededFuture();
  }

  @Override
  public Future<Boolean> putIfAbsent(String key, String value, Duration ttl) {
    long now = clock.millis();
    Entry fresh = new Entry(value, now + ttl.toMillis());
    boolean[] stored = {false};
    entries.compute(key, (k, old) -> {
      if (old == null || old.expiresAtMillis <= now) {
        stored[0] = true;
        return fresh;
      }
      return old;
    });
    return Future.succeededFuture(stored[0]);
  }

  @Override
  public Future<String> get(String key) {
    Entry e = entries.get(key);
    if (e == null) return Future.succeededFuture();
    if (e.expiresAtMillis <= clock.millis()) {
      entries.remove(key, e);
      return Future.succeededFuture();
    }
    return Future.succeededFuture(e.value);
  }

  @Override
  public Future<String> take(String key) {
    Entry e = entries.remove(key);
    if (e == null || e.expiresAtMillis <= clock.millis()) return Future.succeededFuture();
    return Future.succeededFuture(e.value);
  }

  @Override
  public Future<Void> delete(String key) {
    entries.remove(key);
    return Future.succeededFuture();
  }

  /** Drops expired entries; the composition root calls it from a periodic timer. */
  public int sweep() {
    long now = clock.millis();
    int removed = 0;
    for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
      if (it.next().expiresAtMillis <= now) {
        it.remove();
        removed++;
      }
    }
    return removed;
  }

  public int size() {
    return entries.size();
  }
}
