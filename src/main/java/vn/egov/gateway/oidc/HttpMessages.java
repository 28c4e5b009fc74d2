package vn.egov.gateway.oidc;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.egov.gateway.web.OAuthException;

/** Moves protocol messages between Vert.x requests and the Nimbus SDK's transport-neutral types. */
final class HttpMessages {
  private HttpMessages() {
  }

  static Map<String, List<String>> params(MultiMap m) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String name : m.names()) out.put(name, m.getAll(name));
    return out;
  }

  /** Parameters of an authorization request: the query for GET, the form body for POST (OIDC Core 3.1.2.1). */
  static Map<String, List<String>> requestParams(RoutingContext ctx) {
    if (ctx.request().method().name().equals("POST")) {
      requireForm(ctx);
      return params(ctx.request().formAttributes());
    }
    return params(ctx.queryParams());
  }

  /** A form-encoded POST as a Nimbus request, for endpoints that authenticate the client. */
  static HTTPRequest formRequest(RoutingContext ctx, URI endpoint) {
    requireForm(ctx);
    HTTPRequest r = new HTTPRequest(HTTPRequest.Method.POST, endpoint);
    r.setHeader("Content-Type", "application/x-www-form-urlencoded");
    String auth = ctx.request().getHeader("Authorization");
    if (auth != null) r.setAuthorization(auth);
    r.setBody(ctx.body().asString("UTF-8"));
    return r;
  }

  static void requireForm(RoutingContext ctx) {
    String ct = ctx.request().getHeader("Content-Type");
    if (ct == null || !ct.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      throw OAuthException.invalidRequest("Content-Type must be application/x-www-form-urlencoded");
    }
  }
}
