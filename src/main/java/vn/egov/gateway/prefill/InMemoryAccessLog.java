package vn.egov.gateway.prefill;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The access log in memory, for a single instance in dev mode and tests. The durable store
 * (embedded database or PostgreSQL, kept at least five years) implements the same interface.
 */
public final class InMemoryAccessLog implements AccessLog {
  private final Map<String, List<Entry>> byCitizen = new ConcurrentHashMap<>();

  @Override
  public Future<Void> append(Entry entry) {
    byCitizen.computeIfAbsent(entry.citizenKey(), k -> Collections.synchronizedList(new ArrayList<>())).add(entry);
    return Future.succeededFuture();
  }

  @Override
  public Future<List<Entry>> byCitizen(String citizenKey, int limit) {
    List<Entry> entries = byCitizen.get(citizenKey);
    if (entries == null) return Future.succeededFuture(List.of());
    List<Entry> copy;
    synchronized (entries) {
      copy = new ArrayList<>(entries);
    }
    Collections.reverse(copy);
    return Future.succeededFuture(copy.subList(0, Math.min(limit, copy.size())));
  }
}
