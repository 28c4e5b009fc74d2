package vn.egov.gateway.oidc;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Consent records held in memory, for a single instance. The durable store (embedded database or
 * PostgreSQL) implements the same interface; this one is what dev mode and tests use until then.
 */
public final class InMemoryConsentStore implements ConsentStore {
  private final Map<String, Set<String>> standing = new ConcurrentHashMap<>();
  private final Map<String, List<Decision>> log = new ConcurrentHashMap<>();

  private static String key(String citizenKey, String clientId) {
    return citizenKey + "|" + clientId;
  }

  @Override
  public Future<Void> record(Decision d) {
    log.computeIfAbsent(d.citizenKey(), k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(d);
    if (d.approved()) standing.put(key(d.citizenKey(), d.clientId()), Set.copyOf(d.scopes()));
    return Future.succeededFuture();
  }

  @Override
  public Future<Set<String>> granted(String citizenKey, String clientId) {
    return Future.succeededFuture(standing.getOrDefault(key(citizenKey, clientId), Set.of()));
  }

  @Override
  public Future<Boolean> withdraw(String citizenKey, String clientId, Instant at) {
    Set<String> removed = standing.remove(key(citizenKey, clientId));
    if (removed != null) {
      log.computeIfAbsent(citizenKey, k -> java.util.Collections.synchronizedList(new ArrayList<>()))
          .add(new Decision(citizenKey, clientId, Set.of(), false, "withdrawn", at));
    }
    return Future.succeededFuture(removed != null);
  }

  @Override
  public Future<List<Decision>> history(String citizenKey) {
    List<Decision> l = log.get(citizenKey);
    if (l == null) return Future.succeededFuture(List.of());
    synchronized (l) {
      return Future.succeededFuture(List.copyOf(l));
    }
  }
}
