package vn.egov.gateway.dev.vneid;

import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import io.vertx.core.json.JsonObject;

/** What an opaque access token lets its bearer read at the userinfo endpoint. */
record AccessGrant(int citizenIndex, ClientID clientId, Scope scope) {

  static String key(String accessToken) {
    return "vneid:access-token:" + accessToken;
  }

  String toJson() {
    return new JsonObject().put("citizen", citizenIndex).put("client_id", clientId.getValue()).put("scope", scope.toString()).encode();
  }

  static AccessGrant fromJson(String json) {
    JsonObject o = new JsonObject(json);
    return new AccessGrant(o.getInteger("citizen"), new ClientID(o.getString("client_id")), Scope.parse(o.getString("scope")));
  }
}
