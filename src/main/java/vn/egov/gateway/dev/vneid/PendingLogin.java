package vn.egov.gateway.dev.vneid;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import io.vertx.core.json.JsonObject;
import vn.egov.gateway.web.Lang;

/**
 * An authorization request that passed every check and waits for the citizen's credentials.
 * Stored as the request's own query string, so it comes back as the same typed Nimbus request.
 */
record PendingLogin(AuthenticationRequest request, Lang lang) {

  static String key(String id) {
    return "vneid:pending:" + id;
  }

  String toJson() {
    return new JsonObject().put("request", request.toQueryString()).put("lang", lang.tag()).encode();
  }

  static PendingLogin fromJson(String json) {
    JsonObject o = new JsonObject(json);
    try {
      return new PendingLogin(AuthenticationRequest.parse(o.getString("request")), Lang.fromTags(o.getString("lang")));
    } catch (ParseException e) {
      // It was parsed once before it was stored; failing now is a bug, not bad input.
      throw new IllegalStateException("stored authorization request no longer parses", e);
    }
  }
}
