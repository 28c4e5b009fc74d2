package vn.egov.gateway.ops;

import io.vertx.circuitbreaker.CircuitBreakerState;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The circuit breakers the gateway holds, for readiness and metrics. Each verticle instance has
 * its own clients and so its own breaker per back end; a name reports the worst state among them.
 * Agencies' breakers come from the forwarder through {@link #agencies}: a supplier of agency code
 * to state ({@code CLOSED}, {@code HALF_OPEN} or {@code OPEN}); none until it is set.
 */
public final class Breakers {
  private final Map<String, List<Supplier<CircuitBreakerState>>> named = new ConcurrentHashMap<>();
  private volatile Supplier<Map<String, String>> agencies = Map::of;

  /** Adds one instance's breaker under a back end's name ({@code population-register}). */
  public void register(String name, Supplier<CircuitBreakerState> state) {
    named.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>()).add(state);
  }

  /** The forwarder's hook: agency code to breaker state, read at each readiness check and metrics refresh. */
  public void agencies(Supplier<Map<String, String>> states) {
    this.agencies = states == null ? Map::of : states;
  }

  /** The worst state of a back end's breakers, {@code null} when none is registered under that name. */
  public CircuitBreakerState state(String name) {
    List<Supplier<CircuitBreakerState>> list = named.get(name);
    if (list == null || list.isEmpty()) return null;
    CircuitBreakerState worst = CircuitBreakerState.CLOSED;
    for (Supplier<CircuitBreakerState> s : list) worst = worse(worst, s.get());
    return worst;
  }

  /** Agency code to state, sorted; an agency's failing supplier reads as no agencies rather than a crash. */
  public Map<String, String> agencyStates() {
    try {
      Map<String, String> m = agencies.get();
      return m == null ? Map.of() : new TreeMap<>(m);
    } catch (RuntimeException e) {
      return Map.of();
    }
  }

  /** Every breaker by name ({@code agency:CODE} for agencies) to its state. */
  public Map<String, String> all() {
    Map<String, String> out = new TreeMap<>();
    for (String name : named.keySet()) out.put(name, state(name).name());
    agencyStates().forEach((code, state) -> out.put("agency:" + code, state));
    return out;
  }

  /** 0 closed, 1 half open, 2 open: the gauge value. */
  public static int level(String state) {
    return switch (state == null ? "" : state.toUpperCase(java.util.Locale.ROOT)) {
      case "OPEN" -> 2;
      case "HALF_OPEN" -> 1;
      default -> 0;
    };
  }

  private static CircuitBreakerState worse(CircuitBreakerState a, CircuitBreakerState b) {
    return level(b.name()) > level(a.name()) ? b : a;
  }
}
