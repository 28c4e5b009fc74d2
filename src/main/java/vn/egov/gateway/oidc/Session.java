package vn.egov.gateway.oidc;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import vn.egov.gateway.upstream.CitizenIdentity;

/** The citizen's single sign-on session at the gateway, created by a successful upstream login. */
public record Session(String id, CitizenIdentity identity, Instant createdAt) {

  public Instant authTime() {
    return identity.authTime();
  }

  public CitizenIdentity.Level level() {
    return identity.level();
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("identity", identity.toJson()).put("createdAt", createdAt.getEpochSecond());
  }

  public static Session fromJson(JsonObject j) {
    return new Session(j.getString("id"), CitizenIdentity.fromJson(j.getJsonObject("identity")),
        Instant.ofEpochSecond(j.getLong("createdAt")));
  }
}
