package vn.egov.gateway.oidc;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Consent decisions (Decree 13/2023, Law 91/2025/QH15): explicit, for a stated purpose, recorded,
 * withdrawable. Keyed by the citizen's internal key, never by the identity number.
 */
public interface ConsentStore {

  record Decision(String citizenKey, String clientId, Set<String> scopes, boolean approved, String purpose, Instant at) {
  }

  /** Records a decision; an approval replaces the portal's standing consent, a denial leaves it as it was. */
  Future<Void> record(Decision decision);

  /** The scopes the citizen currently consents to for this portal; empty when none or withdrawn. */
  Future<Set<String>> granted(String citizenKey, String clientId);

  /** Withdraws the standing consent; {@code true} if there was one. */
  Future<Boolean> withdraw(String citizenKey, String clientId, Instant at);

  /** Every decision of the citizen, oldest first. */
  Future<List<Decision>> history(String citizenKey);

  /** A standing consent: its scopes, and when it was given (the legal basis of a release). */
  record Standing(Set<String> scopes, Instant since) {
  }

  /** The citizen's standing consent for this portal, empty when none or withdrawn. */
  default Future<java.util.Optional<Standing>> standing(String citizenKey, String clientId) {
    return Future.all(granted(citizenKey, clientId), history(citizenKey)).map(all -> {
      Set<String> scopes = all.resultAt(0);
      if (scopes.isEmpty()) return java.util.Optional.empty();
      Instant since = null;
      for (Decision d : all.<List<Decision>>resultAt(1)) if (d.clientId().equals(clientId) && d.approved()) since = d.at();
      return java.util.Optional.of(new Standing(scopes, since));
    });
  }
}
