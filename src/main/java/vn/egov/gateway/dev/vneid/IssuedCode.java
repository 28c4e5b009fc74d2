package vn.egov.gateway.dev.vneid;

import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.openid.connect.sdk.Nonce;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Instant;

/**
 * What an authorization code stands for: the login it records and the request it answers, so
 * the token endpoint can check client, redirect URI and PKCE (RFC 6749 section 4.1.3, RFC 7636 section 4.6).
 * {@code codeChallenge} is the S256 challenge as sent.
 */
record IssuedCode(ClientID clientId, URI redirectUri, String codeChallenge, Nonce nonce, Scope scope, String acr,
                  int citizenIndex, Instant authTime) {

  static String key(String code) {
    return "vneid:code:" + code;
  }

  /** Remembers which access token a redeemed code produced, to revoke it if the code is replayed. */
  static String redeemedKey(String code) {
    return "vneid:code-redeemed:" + code;
  }

  String toJson() {
    return new JsonObject()
        .put("client_id", clientId.getValue())
        .put("redirect_uri", redirectUri.toString())
        .put("code_challenge", codeChallenge)
        .put("nonce", nonce == null ? null : nonce.getValue())
        .put("scope", scope.toString())
        .put("acr", acr)
        .put("citizen", citizenIndex)
        .put("auth_time", authTime.getEpochSecond())
        .encode();
  }

  static IssuedCode fromJson(String json) {
    JsonObject o = new JsonObject(json);
    String nonce = o.getString("nonce");
    return new IssuedCode(
        new ClientID(o.getString("client_id")),
        URI.create(o.getString("redirect_uri")),
        o.getString("code_challenge"),
        nonce == null ? null : new Nonce(nonce),
        Scope.parse(o.getString("scope")),
        o.getString("acr"),
        o.getInteger("citizen"),
        Instant.ofEpochSecond(o.getLong("auth_time")));
  }
}
