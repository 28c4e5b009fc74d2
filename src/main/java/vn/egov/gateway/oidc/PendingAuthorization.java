package vn.egov.gateway.oidc;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Set;
import vn.egov.gateway.upstream.CitizenIdentity;

/**
 * A validated authorization request waiting for the citizen: to log in upstream, then to consent.
 * Only validated values live here; the raw request is never consulted again.
 */
public record PendingAuthorization(
    String id,
    String clientId,
    URI redirectUri,
    Set<String> scopes,
    String state,
    String nonce,
    String codeChallenge,
    Set<String> prompt,
    Long maxAgeSeconds,
    CitizenIdentity.Level requiredLevel,
    String uiLocales,
    String loginHint,
    String csrf) {

  public boolean prompts(String value) {
    return prompt.contains(value);
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("clientId", clientId).put("redirectUri", redirectUri.toString())
        .put("scopes", new JsonArray(scopes.stream().toList())).put("state", state).put("nonce", nonce)
        .put("codeChallenge", codeChallenge).put("prompt", new JsonArray(prompt.stream().toList()))
        .put("maxAge", maxAgeSeconds).put("requiredLevel", requiredLevel == null ? null : requiredLevel.name())
        .put("uiLocales", uiLocales).put("loginHint", loginHint).put("csrf", csrf);
  }

  public static PendingAuthorization fromJson(JsonObject j) {
    Set<String> scopes = new LinkedHashSet<>();
    j.getJsonArray("scopes").forEach(s -> scopes.add((String) s));
    Set<String> prompt = new LinkedHashSet<>();
    j.getJsonArray("prompt").forEach(s -> prompt.add((String) s));
    return new PendingAuthorization(j.getString("id"), j.getString("clientId"), URI.create(j.getString("redirectUri")),
        scopes, j.getString("state"), j.getString("nonce"), j.getString("codeChallenge"), prompt, j.getLong("maxAge"),
        j.getString("requiredLevel") == null ? null : CitizenIdentity.Level.valueOf(j.getString("requiredLevel")),
        j.getString("uiLocales"), j.getString("loginHint"), j.getString("csrf"));
  }
}
