package vn.egov.gateway.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The citizens of the prefill scenarios: each logged in through the gateway with the prefill scope
 * and consent approved, with the access token of that login and the procedure it prefills (the
 * pool is spread round robin over the procedures). Per procedure, the register attributes the
 * gateway reads for it ({@code fields=}), learnt from one prefill answer during set-up: the
 * {@code register-direct} baseline asks the register for exactly these.
 */
final class PrefillPool {
  /** One citizen with a live access token; {@code expiresAtNanos} on the generator's {@link System#nanoTime()} clock. */
  record Holder(Accounts.Account account, String procedure, String accessToken, long expiresAtNanos) {
  }

  private final List<Holder> holders = new ArrayList<>();
  private final Map<String, List<String>> fields = new LinkedHashMap<>();
  private int rr;

  synchronized void set(List<Holder> pool) {
    holders.clear();
    holders.addAll(pool);
  }

  synchronized List<Holder> holders() {
    return List.copyOf(holders);
  }

  void fields(String procedure, List<String> attributes) {
    fields.put(procedure, List.copyOf(attributes));
  }

  /** The top-level register attributes the gateway reads for {@code procedure}, in its order. */
  List<String> fields(String procedure) {
    return fields.get(procedure);
  }

  Map<String, List<String>> allFields() {
    return fields;
  }

  /** Seconds until the first token of the pool expires. */
  synchronized double secondsLeft() {
    long first = Long.MAX_VALUE;
    for (Holder h : holders) first = Math.min(first, h.expiresAtNanos());
    return holders.isEmpty() ? 0 : (first - System.nanoTime()) / 1e9;
  }

  /** Round robin over the pool; lanes may call this from several threads. */
  synchronized Holder next() {
    Holder h = holders.get(rr);
    rr = (rr + 1) % holders.size();
    return h;
  }
}
