package vn.egov.gateway.oidc;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import vn.egov.gateway.upstream.CitizenIdentity;

/**
 * What one authorization produced and every token derived from it shares: the citizen, the
 * portal, the consented scopes. Tokens reference the grant by id; deleting the grant revokes
 * every access and refresh token of the family at once (RFC 6749 section 10.5, RFC 9700 4.14).
 */
public record Grant(
    String id,
    String clientId,
    String subject,
    Set<String> scopes,
    CitizenIdentity identity,
    String acr,
    Instant authTime,
    String sessionId,
    Instant expiresAt) {

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("clientId", clientId).put("subject", subject)
        .put("scopes", new JsonArray(scopes.stream().toList())).put("identity", identity.toJson())
        .put("acr", acr).put("authTime", authTime.getEpochSecond()).put("sessionId", sessionId)
        .put("expiresAt", expiresAt.getEpochSecond());
  }

  public static Grant fromJson(JsonObject j) {
    Set<String> scopes = new LinkedHashSet<>();
    j.getJsonArray("scopes").forEach(s -> scopes.add((String) s));
    return new Grant(j.getString("id"), j.getString("clientId"), j.getString("subject"), scopes,
        CitizenIdentity.fromJson(j.getJsonObject("identity")), j.getString("acr"),
        Instant.ofEpochSecond(j.getLong("authTime")), j.getString("sessionId"),
        Instant.ofEpochSecond(j.getLong("expiresAt")));
  }
}
